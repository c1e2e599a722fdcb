// Command unix_stream_client is the Go counterpart of
// ctests/unix_stream_client.c: the active end of a Unix-domain stream
// socket (documents 002 and 003), on a path or in the abstract namespace
// (-abstract). It sends a length-prefixed frame (wire.FrameHeader) for
// each size of -sizes and an end frame, printing what it sent, then
// passes the server an open descriptor (SCM_RIGHTS) and prints what it
// reads through the descriptor the server passes back.
package main

import (
	"encoding/binary"
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const (
	usage        = "unix_stream_client [-path name] [-abstract] [-sizes n,n,...] [-file name] [-timeout seconds]"
	defaultSizes = "0,1,5,100,1000,65536"
)

// sendFrame writes one frame: its header, in network byte order, and its
// payload.
func sendFrame(fd, k int, typ uint16, n uint32) {
	buf := binary.BigEndian.AppendUint32(nil, n)
	buf = binary.BigEndian.AppendUint16(buf, typ)
	buf = binary.BigEndian.AppendUint16(buf, 0)
	for i := uint32(0); i < n; i++ {
		buf = append(buf, wire.FramePattern(n, i))
	}
	if err := peer.WriteFull(fd, buf); err != nil {
		peer.Fail("write", err)
	}
	if typ == wire.FrameTypeData {
		fmt.Printf("frame %d: type %d length %d checksum 0x%08x\n", k, typ, n, wire.FrameChecksum(buf[wire.FrameHeaderSize:]))
	}
}

func main() {
	fs := peer.Flags(usage)
	path := fs.String("path", wire.UnixSockPath, "socket path, or abstract name")
	abstract := fs.Bool("abstract", false, "connect in the abstract namespace")
	sizeList := fs.String("sizes", defaultSizes, "payload lengths, comma separated")
	file := fs.String("file", "client.txt", "file whose descriptor the client passes")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the server")
	peer.Parse(fs)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	sizes, err := sockutil.ParseSizes(*sizeList, wire.UnixMaxMessages, wire.FrameMaxPayload)
	if err != nil {
		peer.Usage(fs, "%v", err)
	}
	if len(*path)+1 > len(unix.RawSockaddrUnix{}.Path) {
		peer.Usage(fs, "name too long: %s", *path)
	}

	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Connect(fd, sockutil.UnixAddr(*path, *abstract)); err != nil {
		peer.Fail("connect", err)
	}

	var total uint64
	for k, n := range sizes {
		sendFrame(fd, k+1, wire.FrameTypeData, uint32(n))
		total += uint64(n)
	}
	sendFrame(fd, len(sizes)+1, wire.FrameTypeEnd, 0)
	fmt.Printf("end: %d frames, %d payload bytes\n", len(sizes), total)

	mine := sockutil.OpenUnlinked(*file, wire.UnixClientText)
	if err := sockutil.SendFd(fd, mine); err != nil {
		peer.Fail("sendmsg", err)
	}
	if err := unix.Close(mine); err != nil {
		peer.Fail("close", err)
	}

	passed, err := sockutil.RecvFd(fd)
	if err == sockutil.ErrNoFd {
		fmt.Fprintf(os.Stderr, "recvmsg: no descriptor\n")
		os.Exit(peer.ExitFail)
	}
	if err != nil {
		peer.Fail("recvmsg", err)
	}
	content, err := sockutil.ReadPassedWithin(passed, *timeout)
	if err == sockutil.ErrNoData {
		peer.Failf("timeout: no data through the descriptor after %d s", *timeout)
	}
	if err != nil {
		peer.Fail("read", err)
	}
	// As the C peer's "%.*s" prints it: up to a NUL.
	fmt.Printf("descriptor: %s", peer.CString(content))
	if err := unix.Close(passed); err != nil {
		peer.Fail("close", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
