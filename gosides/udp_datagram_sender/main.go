// Command udp_datagram_sender is the Go counterpart of
// ctests/udp_datagram_sender.c: the sending end of document 000's
// connectionless client. It sends a datagram of each length of -sizes and
// waits for the receiver's ack, which must hold the same length. With
// -connect the socket is connect()ed first and speaks send()/recv(), so
// that an ICMP "port unreachable" surfaces as ECONNREFUSED.
package main

import (
	"fmt"
	"net/netip"
	"os"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const (
	usage        = "udp_datagram_sender [-host addr] [-port n] [-sizes n,n,...] [-connect] [-timeout seconds]"
	defaultSizes = "0,1,100,1000,1472,8000,65507"
)

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", "127.0.0.1", "receiver address")
	port := fs.Int64("port", wire.UDPDatagramPort, "receiver port")
	sizeList := fs.String("sizes", defaultSizes, "datagram lengths, comma separated")
	connected := fs.Bool("connect", false, "connect the socket and use send/recv")
	timeout := fs.Int64("timeout", 10, "seconds to wait for an ack")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	sizes, err := sockutil.ParseSizes(*sizeList, wire.UDPMaxDatagrams, wire.UDPMaxDatagram)
	if err != nil {
		peer.Usage(fs, "%v", err)
	}
	addr, err := netip.ParseAddr(*host)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *host)
	}
	to := &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}
	buf := make([]byte, wire.UDPMaxDatagram)

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
	if *connected {
		if err := unix.Connect(fd, to); err != nil {
			peer.Fail("connect", err)
		}
	}

	for k, n := range sizes {
		d := buf[:n]
		for i := range d {
			d[i] = wire.UDPPattern(uint32(n), uint32(i))
		}
		// x/sys spells send() as Sendto with no address.
		if *connected {
			if err := unix.Sendto(fd, d, 0, nil); err != nil {
				peer.Fail("send", err)
			}
		} else if err := unix.Sendto(fd, d, 0, to); err != nil {
			peer.Fail("sendto", err)
		}

		ack := make([]byte, wire.UDPAckBytes)
		// SO_RCVTIMEO: the kernel never restarts recvfrom after a signal
		// handler, and the Go runtime handles signals a C program ignores.
		got, from, err := unix.Recvfrom(fd, ack, unix.MSG_TRUNC)
		for err == unix.EINTR {
			got, from, err = unix.Recvfrom(fd, ack, unix.MSG_TRUNC)
		}
		if err != nil {
			if *connected {
				peer.Fail("recv", err)
			}
			peer.Fail("recvfrom", err)
		}
		if !*connected {
			f, ok := from.(*unix.SockaddrInet4)
			if !ok || f.Port != to.Port || f.Addr != to.Addr {
				fport := 0
				if ok {
					fport = f.Port
				}
				fmt.Fprintf(os.Stderr, "datagram %d: ack from port %d, want %d\n", k+1, fport, *port)
				os.Exit(peer.ExitFail)
			}
		}
		seen, err := decode.UDPAck(ack, got)
		if err != nil {
			fmt.Fprintf(os.Stderr, "datagram %d: %v\n", k+1, err)
			os.Exit(peer.ExitFail)
		}
		if seen != uint32(n) {
			fmt.Fprintf(os.Stderr, "datagram %d: the receiver saw %d bytes, want %d\n", k+1, seen, n)
			os.Exit(peer.ExitFail)
		}
		fmt.Printf("sent %d bytes\n", n)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
