// Command tcp_fork_client is the Go counterpart of ctests/tcp_fork_client.c:
// a client of the fork-per-client server of documents 000 and 004. It
// sends two lines naming itself and prints the answers, in capitals.
package main

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "tcp_fork_client [-host addr] [-port n] [-name word] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", "127.0.0.1", "server address")
	port := fs.Int64("port", wire.TCPForkPort, "server port")
	name := fs.String("name", "client", "the name the lines carry")
	timeout := fs.Int64("timeout", 10, "seconds to wait for an answer")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if len(*name) > 64 {
		peer.Usage(fs, "name longer than 64 bytes")
	}
	addr, err := netip.ParseAddr(*host)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *host)
	}

	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}, int(*timeout)*1000); err != nil {
		peer.Fail("connect", err)
	}

	for _, word := range []string{"hello", "goodbye"} {
		if err := peer.WriteFull(fd, fmt.Appendf(nil, "%s from %s\n", word, *name)); err != nil {
			peer.Fail("write", err)
		}
		reply := make([]byte, 0, wire.TCPLineMax)
		for len(reply) == 0 || reply[len(reply)-1] != '\n' {
			if len(reply) == cap(reply) {
				peer.Failf("answer longer than %d bytes", wire.TCPLineMax)
			}
			n, err := unix.Read(fd, reply[len(reply):cap(reply)])
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				peer.Fail("read", err)
			}
			if n == 0 {
				peer.Failf("read: end of file before the answer")
			}
			reply = reply[:len(reply)+n]
		}
		fmt.Printf("%s\n", bytes.TrimSuffix(reply, []byte("\n")))
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
