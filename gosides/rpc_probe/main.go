// Command rpc_probe sends one RPC message that may break the protocol on
// purpose, for the hostile scenarios: a call of -proc (version -vers) to
// RPCX_PROG whose arguments are -args, or -raw bytes instead of a call;
// over TCP with a record mark that may lie (-mark) and the record cut
// after -cut bytes. It then half-closes its side and prints the one
// thing that came back: the reply's status ("reply: GARBAGE_ARGS"),
// "closed without a reply", or "no reply within N s".
//
// Bytes are written as hex in four-byte words, any number to a token,
// and "N*WORD" repeats a word N times: "14*00000000 00000041".
package main

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/rpcxdr"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"golang.org/x/sys/unix"
)

const usage = "rpc_probe -port n [-proto tcp|udp] [-vers n] [-proc n] [-args hex | -raw hex] [-mark n] [-cut n] [-wait seconds]"

func parseHex(s string) ([]byte, error) {
	var out []byte
	for _, tok := range strings.Fields(s) {
		n := 1
		if i := strings.Index(tok, "*"); i >= 0 {
			var err error
			if n, err = strconv.Atoi(tok[:i]); err != nil || n < 0 || n > 1<<16 {
				return nil, fmt.Errorf("bad repeat in %q", tok)
			}
			tok = tok[i+1:]
		}
		b, err := hex.DecodeString(tok)
		if err != nil {
			return nil, fmt.Errorf("bad hex %q", tok)
		}
		for range n {
			out = append(out, b...)
		}
	}
	return out, nil
}

func main() {
	fs := peer.Flags(usage)
	port := fs.Int64("port", 0, "the server's port")
	proto := fs.String("proto", "tcp", "tcp or udp")
	vers := fs.Int64("vers", 1, "the version called")
	proc := fs.Int64("proc", 0, "the procedure called")
	argsHex := fs.String("args", "", "the arguments' bytes")
	rawHex := fs.String("raw", "", "bytes to send instead of a call")
	mark := fs.Int64("mark", -1, "the record mark to send (TCP; -1: the true one, last fragment)")
	cut := fs.Int64("cut", -1, "bytes of the record to send (TCP; -1: all)")
	wait := fs.Int64("wait", 5, "seconds to wait for the reply")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "mark", *mark, -1, 0xffffffff)
	peer.Range(fs, "wait", *wait, 1, 3600)
	udp := *proto == "udp"
	if !udp && *proto != "tcp" {
		peer.Usage(fs, "bad protocol %s", *proto)
	}
	var msg []byte
	if *rawHex != "" {
		var err error
		if msg, err = parseHex(*rawHex); err != nil {
			peer.Usage(fs, "-raw: %v", err)
		}
	} else {
		args, err := parseHex(*argsHex)
		if err != nil {
			peer.Usage(fs, "-args: %v", err)
		}
		msg = rpcxdr.MarshalCall(0x1badcafe, rpcxdr.RPCX_V1_Server{}.Prog(), uint32(*vers), uint32(*proc))
		msg = append(msg, args...)
	}
	if !udp {
		m := uint32(*mark)
		if *mark < 0 {
			m = 0x80000000 | uint32(len(msg))
		}
		msg = append(binary.BigEndian.AppendUint32(nil, m), msg...)
	}
	if *cut >= 0 && int(*cut) < len(msg) {
		msg = msg[:*cut]
	}

	typ := unix.SOCK_STREAM
	if udp {
		typ = unix.SOCK_DGRAM
	}
	fd, err := unix.Socket(unix.AF_INET, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *wait); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: int(*port), Addr: rpcxdr.Loopback}, int(*wait)*1000); err != nil {
		peer.Fail("connect", err)
	}
	// A server that refuses the record before its end may have closed
	// the connection already.
	closed := func(err error) bool { return err == unix.EPIPE || err == unix.ECONNRESET || err == unix.ENOTCONN }
	if err := rpcxdr.WriteAll(fd, msg); closed(err) {
		fmt.Println("closed without a reply")
		return
	} else if err != nil {
		peer.Fail("write", err)
	}
	var reply []byte
	if udp {
		buf := make([]byte, rpcxdr.MaxDatagram)
		n, err := rpcxdr.ReadFrom(fd)(buf) // a read that retries EINTR
		if err == unix.EAGAIN {
			fmt.Printf("no reply within %d s\n", *wait)
			return
		}
		if err != nil {
			peer.Fail("recv", err)
		}
		reply = buf[:n]
	} else {
		if err := unix.Shutdown(fd, unix.SHUT_WR); err != nil && !closed(err) {
			peer.Fail("shutdown", err)
		}
		reply, err = rpcxdr.ReadRecord(rpcxdr.ReadFrom(fd), rpcxdr.MaxRecord)
		switch {
		case err == unix.EAGAIN:
			fmt.Printf("no reply within %d s\n", *wait)
			return
		case closed(err), err == io.EOF:
			fmt.Println("closed without a reply")
			return
		case err != nil:
			peer.Failf("%s", rpcxdr.ErrText(fmt.Errorf("read: %w", err)))
		}
	}
	if len(reply) < 4 {
		peer.Failf("reply of %d bytes", len(reply))
	}
	_, err = rpcxdr.ParseReply(reply, binary.BigEndian.Uint32(reply))
	var re *rpcxdr.ReplyError
	switch {
	case err == nil:
		fmt.Println("reply: SUCCESS")
	case errors.As(err, &re):
		fmt.Printf("reply: %s\n", re.Msg)
	default:
		peer.Failf("%v", err)
	}
}
