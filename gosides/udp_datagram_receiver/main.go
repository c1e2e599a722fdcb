// Command udp_datagram_receiver is the Go counterpart of
// ctests/udp_datagram_receiver.c: the receiving end of document 000's
// connectionless server. One recvfrom() per datagram, with MSG_TRUNC so
// that a datagram cut to the buffer still reports its real length; every
// byte checked; an ack of the length sent back. With -connect it
// connect()s to the sender after the first datagram and goes on with
// send() and recv().
package main

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "udp_datagram_receiver [-bind addr] [-port n] [-n datagrams] [-buf bytes] [-connect] [-ready file] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to receive on")
	port := fs.Int64("port", wire.UDPDatagramPort, "port (0: any free one)")
	count := fs.Int64("n", 1, "datagrams to receive")
	bufsize := fs.Int64("buf", wire.UDPMaxDatagram, "receive buffer bytes")
	connected := fs.Bool("connect", false, "connect to the sender after its first datagram")
	ready := fs.String("ready", "", "file to write the port to once bound")
	timeout := fs.Int64("timeout", 10, "seconds to wait for a datagram")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "n", *count, 1, wire.UDPMaxDatagrams)
	peer.Range(fs, "buf", *bufsize, 1, wire.UDPMaxDatagram)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	addr, err := netip.ParseAddr(*bind)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *bind)
	}
	buf := make([]byte, *bufsize)

	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}); err != nil {
		peer.Fail("bind", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

	for k := int64(1); k <= *count; k++ {
		// Once connected, recv() takes datagrams from the sender alone;
		// x/sys spells recv() as Recvfrom, whose address it then ignores.
		call := "recvfrom"
		if *connected && k > 1 {
			call = "recv"
		}
		// With MSG_TRUNC, n is the datagram's real length, even beyond
		// len(buf). With SO_RCVTIMEO set the kernel never restarts
		// recvfrom after a signal handler, and the Go runtime handles
		// signals a C program ignores (SIGCHLD, SIGURG, SIGWINCH): retry.
		n, from, err := unix.Recvfrom(fd, buf, unix.MSG_TRUNC)
		for err == unix.EINTR {
			n, from, err = unix.Recvfrom(fd, buf, unix.MSG_TRUNC)
		}
		if err != nil {
			peer.Fail(call, err)
		}
		if n > len(buf) {
			fmt.Printf("received %d of %d bytes (truncated)\n", len(buf), n)
		} else {
			fmt.Printf("received %d bytes\n", n)
		}
		for i, b := range buf[:min(n, len(buf))] {
			if want := wire.UDPPattern(uint32(n), uint32(i)); b != want {
				fmt.Fprintf(os.Stderr, "datagram %d: byte %d is 0x%02x, want 0x%02x\n", k, i, b, want)
				os.Exit(peer.ExitFail)
			}
		}
		if *connected && k == 1 {
			if err := unix.Connect(fd, from); err != nil {
				peer.Fail("connect", err)
			}
		}

		ack := binary.BigEndian.AppendUint32(nil, uint32(n))
		if *connected {
			if err := unix.Sendto(fd, ack, 0, nil); err != nil {
				peer.Fail("send", err)
			}
		} else if err := unix.Sendto(fd, ack, 0, from); err != nil {
			peer.Fail("sendto", err)
		}
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
