// Command unix_dgram_sender is the Go counterpart of
// ctests/unix_dgram_sender.c: the sending end of a Unix-domain datagram
// socket (documents 002 and 003), on a path or in the abstract namespace
// (-abstract). It sends a datagram of each length of -sizes, then one
// datagram gathered by sendmsg() from three separate buffers, then an
// open descriptor (SCM_RIGHTS). A Unix datagram socket blocks the sender
// rather than drop a datagram, so nothing is lost.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const (
	usage        = "unix_dgram_sender [-path name] [-abstract] [-sizes n,n,...] [-file name] [-timeout seconds]"
	defaultSizes = "0,1,100,1000,65536"
)

func main() {
	fs := peer.Flags(usage)
	path := fs.String("path", wire.UnixSockPath, "socket path, or abstract name")
	abstract := fs.Bool("abstract", false, "send in the abstract namespace")
	sizeList := fs.String("sizes", defaultSizes, "datagram lengths, comma separated")
	file := fs.String("file", "sender.txt", "file whose descriptor the sender passes")
	timeout := fs.Int64("timeout", 10, "seconds a send may block")
	peer.Parse(fs)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	sizes, err := sockutil.ParseSizes(*sizeList, wire.UnixMaxMessages, wire.UnixDgramMax)
	if err != nil {
		peer.Usage(fs, "%v", err)
	}
	if len(*path)+1 > len(unix.RawSockaddrUnix{}.Path) {
		peer.Usage(fs, "name too long: %s", *path)
	}

	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Connect(fd, sockutil.UnixAddr(*path, *abstract)); err != nil {
		peer.Fail("connect", err)
	}

	buf := make([]byte, wire.UnixDgramMax)
	for _, n := range sizes {
		d := buf[:n]
		for i := range d {
			d[i] = wire.UDPPattern(uint32(n), uint32(i))
		}
		// x/sys spells send() as Sendto with no address.
		if err := unix.Sendto(fd, d, 0, nil); err != nil {
			peer.Fail("send", err)
		}
		fmt.Printf("sent %d bytes\n", n)
	}

	// Gather-write: three separate buffers, one datagram.
	parts := [][]byte{[]byte(wire.UnixSgPart0), []byte(wire.UnixSgPart1), []byte(wire.UnixSgPart2)}
	sent, err := unix.SendmsgBuffers(fd, parts, nil, nil, 0)
	if err != nil {
		peer.Fail("sendmsg", err)
	}
	fmt.Printf("gathered %d bytes from 3 buffers\n", sent)

	mine := sockutil.OpenUnlinked(*file, wire.UnixSenderText)
	if err := sockutil.SendFd(fd, mine); err != nil {
		peer.Fail("sendmsg", err)
	}
	fmt.Printf("passed a descriptor\n")
	if err := unix.Close(mine); err != nil {
		peer.Fail("close", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
