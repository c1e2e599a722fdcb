// Command unix_stream_server is the Go counterpart of
// ctests/unix_stream_server.c: the passive end of a Unix-domain stream
// socket (documents 002 and 003), on a path or in the abstract namespace
// (-abstract). It serves one client: it reads length-prefixed frames
// (wire.FrameHeader) until the end frame, printing each, then receives an
// open descriptor (SCM_RIGHTS) and prints what it reads through it, and
// passes the client a descriptor of its own.
package main

import (
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "unix_stream_server [-path name] [-abstract] [-file name] [-ready file] [-timeout seconds]"

// readFrames reads and prints frames until wire.FrameTypeEnd; it reports
// the first fault and returns false.
func readFrames(fd int) bool {
	payload := make([]byte, wire.FrameMaxPayload)
	var total uint64
	for k := 1; ; k++ {
		raw := make([]byte, wire.FrameHeaderSize)
		n, err := peer.ReadFull(fd, raw)
		if err != nil {
			peer.Error("read", err)
			return false
		}
		if n < len(raw) {
			fmt.Fprintf(os.Stderr, "frame %d: end of stream after %d of %d header bytes\n", k, n, wire.FrameHeaderSize)
			return false
		}
		h := decode.FrameHeader(raw)
		length, typ := h.Length, h.Type
		if length > wire.FrameMaxPayload {
			fmt.Fprintf(os.Stderr, "frame %d: length %d exceeds the maximum %d\n", k, length, wire.FrameMaxPayload)
			return false
		}
		if typ == wire.FrameTypeEnd && length == 0 {
			fmt.Printf("end: %d frames, %d payload bytes\n", k-1, total)
			return true
		}
		if typ != wire.FrameTypeData {
			fmt.Fprintf(os.Stderr, "frame %d: unknown type %d\n", k, typ)
			return false
		}
		p := payload[:length]
		n, err = peer.ReadFull(fd, p)
		if err != nil {
			peer.Error("read", err)
			return false
		}
		if n < len(p) {
			fmt.Fprintf(os.Stderr, "frame %d: end of stream after %d of %d payload bytes\n", k, n, length)
			return false
		}
		if err := decode.CheckFramePayload(p); err != nil {
			fmt.Fprintf(os.Stderr, "frame %d: %v\n", k, err)
			return false
		}
		fmt.Printf("frame %d: type %d length %d checksum 0x%08x\n", k, typ, length, wire.FrameChecksum(p))
		total += uint64(length)
	}
}

// serve runs the protocol on the accepted connection fd.
func serve(fd int, file string, timeout int64) bool {
	if !readFrames(fd) {
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
	} else if err != nil {
		peer.Error("read", err)
	}
	if err != nil {
		if err := unix.Close(passed); err != nil {
			peer.Fail("close", err)
		}
		return false
	}
	// As the C peer's "%.*s" prints it: up to a NUL.
	fmt.Printf("descriptor: %s", peer.CString(content))
	if err := unix.Close(passed); err != nil {
		peer.Fail("close", err)
	}

	mine := sockutil.OpenUnlinked(file, wire.UnixServerText)
	if err := sockutil.SendFd(fd, mine); err != nil {
		peer.Fail("sendmsg", err)
	}
	if err := unix.Close(mine); err != nil {
		peer.Fail("close", err)
	}
	// Wait for the client to close, so that it has the descriptor before
	// the server's end goes away.
	rest := make([]byte, 1)
	n, err := unix.Read(fd, rest)
	if err != nil {
		peer.Fail("read", err)
	}
	if n > 0 {
		fmt.Fprintf(os.Stderr, "read: unexpected data after the descriptor\n")
		return false
	}
	return true
}

func main() {
	fs := peer.Flags(usage)
	path := fs.String("path", wire.UnixSockPath, "socket path, or abstract name")
	abstract := fs.Bool("abstract", false, "bind in the abstract namespace")
	file := fs.String("file", "server.txt", "file whose descriptor the server passes")
	ready := fs.String("ready", "", "file to write the address to once listening")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the client")
	peer.Parse(fs)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if len(*path)+1 > len(unix.RawSockaddrUnix{}.Path) {
		peer.Usage(fs, "name too long: %s", *path)
	}

	lfd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	// SO_RCVTIMEO bounds accept() as well as read().
	if err := sockutil.SetTimeout(lfd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	// The socket file is created 0600 whatever the caller's umask: only
	// our own uid may connect (secure by default).
	oldMask := unix.Umask(0o177)
	if err := unix.Bind(lfd, sockutil.UnixAddr(*path, *abstract)); err != nil {
		peer.Fail("bind", err)
	}
	unix.Umask(oldMask)
	if err := unix.Listen(lfd, wire.UnixSockBacklog); err != nil {
		peer.Fail("listen", err)
	}
	if *abstract {
		peer.Ready(*ready, "@%s", *path)
	} else {
		peer.Ready(*ready, "%s", *path)
	}

	var fd int
	for {
		fd, _, err = unix.Accept4(lfd, unix.SOCK_CLOEXEC)
		if err == nil {
			break
		}
		if err != unix.EINTR && err != unix.ECONNABORTED {
			peer.Fail("accept", err)
		}
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	ok := serve(fd, *file, *timeout)
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	if err := unix.Close(lfd); err != nil {
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
