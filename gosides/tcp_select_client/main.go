// Command tcp_select_client is the Go counterpart of
// ctests/tcp_select_client.c: clients of document 000's concurrent
// server, several in one process so that their order is exact. It opens
// -conns connections in order, then sends a line on the last connection
// first and on the first last, reading each answer before the next line:
// a server that serves one client at a time is still waiting on the first
// connection when the last one asks, and the client times out.
package main

import (
	"bytes"
	"fmt"
	"net/netip"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "tcp_select_client [-host addr] [-port n] [-conns n] [-chunk bytes] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", "127.0.0.1", "server address")
	port := fs.Int64("port", wire.TCPSelectPort, "server port")
	conns := fs.Int64("conns", 3, "connections to open")
	chunk := fs.Int64("chunk", 0, "write each line this many bytes at a time (0: at once)")
	timeout := fs.Int64("timeout", 10, "seconds to wait for an answer")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "conns", *conns, 1, wire.TCPSelectMaxConns)
	peer.Range(fs, "chunk", *chunk, 0, wire.TCPLineMax)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	addr, err := netip.ParseAddr(*host)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *host)
	}

	fds := make([]int, *conns)
	for i := range fds {
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
		fds[i] = fd
	}

	for i := len(fds) - 1; i >= 0; i-- {
		fd := fds[i]
		line := fmt.Appendf(nil, "message from connection %d\n", i+1)
		if *chunk == 0 {
			if err := peer.WriteFull(fd, line); err != nil {
				peer.Fail("write", err)
			}
		} else {
			if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
				peer.Fail("setsockopt", err)
			}
			for off := 0; off < len(line); off += int(*chunk) {
				if err := peer.WriteFull(fd, line[off:min(off+int(*chunk), len(line))]); err != nil {
					peer.Fail("write", err)
				}
				time.Sleep(time.Millisecond)
			}
		}
		// The answer, up to its '\n'.
		reply := make([]byte, 0, wire.TCPLineMax)
		for len(reply) == 0 || reply[len(reply)-1] != '\n' {
			if len(reply) == cap(reply) {
				peer.Failf("connection %d: answer longer than %d bytes", i+1, wire.TCPLineMax)
			}
			n, err := unix.Read(fd, reply[len(reply):cap(reply)])
			if err == unix.EINTR {
				continue
			}
			if err == unix.EAGAIN {
				peer.Failf("connection %d: no answer after %d s", i+1, *timeout)
			}
			if err != nil {
				peer.Fail("read", err)
			}
			if n == 0 {
				peer.Failf("connection %d: end of file before the answer", i+1)
			}
			reply = reply[:len(reply)+n]
		}
		fmt.Printf("connection %d: %s\n", i+1, bytes.TrimSuffix(reply, []byte("\n")))
	}
	for _, fd := range fds {
		if err := unix.Close(fd); err != nil {
			peer.Fail("close", err)
		}
	}
}
