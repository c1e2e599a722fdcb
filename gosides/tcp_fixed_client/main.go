// Command tcp_fixed_client is the Go counterpart of ctests/tcp_fixed_client.c:
// the stream socket client of document 002. It resolves the server's host
// name, connects, writes wire.ClientBytes bytes, reads exactly
// wire.ServerBytes bytes back and prints what it sent and received. The
// server is named by -host and -port, or as the document's client names it,
// `client serverhost port#`: two words after the flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "tcp_fixed_client [-host name] [-port n] [-chunk bytes] [-timeout seconds] [serverhost port#]"

// resolve returns host's first IPv4 address, failing with the name of the
// getaddrinfo error the C peer would print.
func resolve(host string) [4]byte {
	ips, err := net.DefaultResolver.LookupIP(context.Background(), "ip4", host)
	if err != nil || len(ips) == 0 {
		name := "EAI_FAIL"
		var dnsErr *net.DNSError
		switch {
		case err == nil || errors.As(err, &dnsErr) && dnsErr.IsNotFound:
			name = "EAI_NONAME"
		case errors.As(err, &dnsErr) && (dnsErr.IsTemporary || dnsErr.IsTimeout):
			name = "EAI_AGAIN"
		}
		peer.Failf("getaddrinfo: %s", name)
	}
	return [4]byte(ips[0].To4())
}

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", "localhost", "server host name")
	port := fs.Int64("port", wire.TCPFixedPort, "server port")
	chunk := fs.Int64("chunk", 0, "write the request this many bytes at a time (0: at once)")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the reply")
	_ = fs.Parse(os.Args[1:]) // ExitOnError: never returns an error
	switch fs.NArg() {
	case 0:
	case 2:
		*host = fs.Arg(0)
		p, err := strconv.ParseInt(fs.Arg(1), 0, 64)
		if err != nil {
			peer.Usage(fs, "bad number %s", fs.Arg(1))
		}
		*port = p
	default:
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "chunk", *chunk, 0, wire.ClientBytes)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	addr := resolve(*host)
	fmt.Printf("Using server IP addr = %d.%d.%d.%d\n", addr[0], addr[1], addr[2], addr[3])

	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	tv := unix.NsecToTimeval((time.Duration(*timeout) * time.Second).Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: int(*port), Addr: addr}, int(*timeout)*1000); err != nil {
		peer.Fail("connect", err)
	}

	request := []byte(wire.ClientStr + "\x00")
	if *chunk == 0 {
		if err := peer.WriteFull(fd, request); err != nil {
			peer.Fail("write", err)
		}
	} else {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
			peer.Fail("setsockopt", err)
		}
		for off := 0; off < len(request); off += int(*chunk) {
			if err := peer.WriteFull(fd, request[off:min(off+int(*chunk), len(request))]); err != nil {
				peer.Fail("write", err)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	if err := unix.Shutdown(fd, unix.SHUT_WR); err != nil {
		peer.Fail("shutdown", err)
	}

	reply := make([]byte, wire.ServerBytes)
	n, err := peer.ReadFull(fd, reply)
	if err != nil {
		peer.Fail("read", err)
	}
	if n < len(reply) {
		fmt.Fprintf(os.Stderr, "read: short read: %d of %d bytes\n", n, wire.ServerBytes)
		os.Exit(peer.ExitFail)
	}
	fmt.Printf("sent %s\n", wire.ClientStr)
	fmt.Printf("received %s\n", peer.CString(reply))
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
