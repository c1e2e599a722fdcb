// Command unix_dgram_receiver is the Go counterpart of
// ctests/unix_dgram_receiver.c: the receiving end of a Unix-domain
// datagram socket (documents 002 and 003), on a path or in the abstract
// namespace (-abstract). It receives -n datagrams and prints each one's
// length, then one datagram scattered by recvmsg() into three buffers,
// printing each, then a passed descriptor (SCM_RIGHTS), printing what it
// reads through it.
package main

import (
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "unix_dgram_receiver [-path name] [-abstract] [-n datagrams] [-ready file] [-timeout seconds]"

// receive takes count datagrams, the scattered one and the descriptor; it
// reports the first fault and returns false.
func receive(fd int, count, timeout int64) bool {
	buf := make([]byte, wire.UnixDgramMax)
	for k := int64(1); k <= count; k++ {
		// x/sys spells recv() as Recvfrom; MSG_TRUNC makes n the real length.
		// With SO_RCVTIMEO the kernel never restarts it after a signal
		// handler, and the Go runtime handles signals a C program ignores.
		n, _, err := unix.Recvfrom(fd, buf, unix.MSG_TRUNC)
		for err == unix.EINTR {
			n, _, err = unix.Recvfrom(fd, buf, unix.MSG_TRUNC)
		}
		if err != nil {
			peer.Fail("recv", err)
		}
		if n > len(buf) {
			fmt.Fprintf(os.Stderr, "datagram %d: %d bytes, more than %d\n", k, n, wire.UnixDgramMax)
			return false
		}
		for i, b := range buf[:n] {
			if want := wire.UDPPattern(uint32(n), uint32(i)); b != want {
				fmt.Fprintf(os.Stderr, "datagram %d: byte %d is 0x%02x, want 0x%02x\n", k, i, b, want)
				return false
			}
		}
		fmt.Printf("received %d bytes\n", n)
	}

	// Scatter-read: one datagram into three separate buffers.
	bufs := [][]byte{make([]byte, wire.UnixSgBuf0), make([]byte, wire.UnixSgBuf1), make([]byte, wire.UnixSgBuf2)}
	n, _, flags, _, err := unix.RecvmsgBuffers(fd, bufs, nil, 0)
	for err == unix.EINTR {
		n, _, flags, _, err = unix.RecvmsgBuffers(fd, bufs, nil, 0)
	}
	if err != nil {
		peer.Fail("recvmsg", err)
	}
	if flags&unix.MSG_TRUNC != 0 {
		fmt.Fprintf(os.Stderr, "recvmsg: the datagram is longer than %d bytes\n", wire.UnixSgBuf0+wire.UnixSgBuf1+wire.UnixSgBuf2)
		return false
	}
	want := wire.UnixSgPart0 + wire.UnixSgPart1 + wire.UnixSgPart2
	fmt.Printf("scattered %d bytes into 3 buffers\n", n)
	off := 0
	for i, b := range bufs {
		got := b[:min(n-off, len(b))]
		fmt.Printf("buffer %d: \"%s\"\n", i, got)
		if off+len(got) > len(want) || string(got) != want[off:off+len(got)] {
			fmt.Fprintf(os.Stderr, "recvmsg: buffer %d differs from the datagram sent\n", i)
			return false
		}
		off += len(got)
	}
	if off != len(want) {
		fmt.Fprintf(os.Stderr, "recvmsg: %d bytes, want %d\n", off, len(want))
		return false
	}

	passed, err := sockutil.RecvFd(fd)
	if err == sockutil.ErrNoFd {
		fmt.Fprintf(os.Stderr, "recvmsg: no descriptor\n")
		return false
	}
	if err != nil {
		peer.Fail("recvmsg", err)
	}
	content, err := sockutil.ReadPassedWithin(passed, timeout)
	if err == sockutil.ErrNoData {
		fmt.Fprintf(os.Stderr, "timeout: no data through the descriptor after %d s\n", timeout)
		if err := unix.Close(passed); err != nil {
			peer.Fail("close", err)
		}
		return false
	}
	if err != nil {
		peer.Fail("read", err)
	}
	// As the C peer's "%.*s" prints it: up to a NUL.
	fmt.Printf("descriptor: %s", peer.CString(content))
	if err := unix.Close(passed); err != nil {
		peer.Fail("close", err)
	}
	return true
}

func main() {
	fs := peer.Flags(usage)
	path := fs.String("path", wire.UnixSockPath, "socket path, or abstract name")
	abstract := fs.Bool("abstract", false, "bind in the abstract namespace")
	count := fs.Int64("n", 1, "datagrams to receive before the scattered one")
	ready := fs.String("ready", "", "file to write the address to once bound")
	timeout := fs.Int64("timeout", 10, "seconds to wait for a datagram")
	peer.Parse(fs)
	peer.Range(fs, "n", *count, 0, wire.UnixMaxMessages)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if len(*path)+1 > len(unix.RawSockaddrUnix{}.Path) {
		peer.Usage(fs, "name too long: %s", *path)
	}

	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	// The socket file is created 0600 whatever the caller's umask: only
	// our own uid may connect (secure by default).
	oldMask := unix.Umask(0o177)
	if err := unix.Bind(fd, sockutil.UnixAddr(*path, *abstract)); err != nil {
		peer.Fail("bind", err)
	}
	unix.Umask(oldMask)
	if *abstract {
		peer.Ready(*ready, "@%s", *path)
	} else {
		peer.Ready(*ready, "%s", *path)
	}

	ok := receive(fd, *count, *timeout)
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	if !*abstract {
		if err := unix.Unlink(*path); err != nil {
			peer.Fail("unlink", err)
		}
	}
	if !ok {
		os.Exit(peer.ExitFail)
	}
}
