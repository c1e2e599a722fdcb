// Command tcp_framing_writer is the Go counterpart of
// ctests/tcp_framing_writer.c: the sending end of document 000's "Framing
// and Parsing". It sends one frame (wire.FrameHeader in network byte order
// and the payload) for each size of -sizes, then a wire.FrameTypeEnd
// frame, and prints what it sent in the form the reader prints what it
// received. -chunk n writes the stream n bytes at a time, -pack in one
// write.
package main

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const (
	usage        = "tcp_framing_writer [-host addr] [-port n] [-sizes n,n,...] [-chunk bytes] [-pack] [-timeout seconds]"
	defaultSizes = "0,1,5,100,1000,65536"
)

// appendFrame appends a header in network byte order and, for a data
// frame, its payload.
func appendFrame(out []byte, typ uint16, n uint32) []byte {
	out = binary.BigEndian.AppendUint32(out, n)
	out = binary.BigEndian.AppendUint16(out, typ)
	out = binary.BigEndian.AppendUint16(out, 0)
	for i := uint32(0); i < n; i++ {
		out = append(out, wire.FramePattern(n, i))
	}
	return out
}

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", "127.0.0.1", "reader address")
	port := fs.Int64("port", wire.TCPFramingPort, "reader port")
	sizeList := fs.String("sizes", defaultSizes, "payload lengths, comma separated")
	chunk := fs.Int64("chunk", 0, "write the stream this many bytes at a time (0: a write per frame)")
	pack := fs.Bool("pack", false, "write every frame in one write")
	timeout := fs.Int64("timeout", 10, "seconds a write may block")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "chunk", *chunk, 0, 1<<31-1)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if *pack && *chunk != 0 {
		peer.Usage(fs, "-pack and -chunk exclude each other")
	}
	sizes, err := sockutil.ParseSizes(*sizeList, wire.TCPFramingMaxFrames, wire.FrameMaxPayload)
	if err != nil {
		peer.Usage(fs, "%v", err)
	}
	addr, err := netip.ParseAddr(*host)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *host)
	}
	// A reader that rejects a frame and goes away is reported as
	// write: EPIPE: the Go runtime already ignores SIGPIPE on sockets.

	// The whole stream, built first, so that it can be sent as frames, as
	// pieces or in one piece.
	var stream []byte
	var ends []int
	var bytes uint64
	for k, n := range sizes {
		start := len(stream)
		stream = appendFrame(stream, wire.FrameTypeData, uint32(n))
		ends = append(ends, len(stream))
		fmt.Printf("frame %d: type %d length %d checksum 0x%08x\n", k+1, wire.FrameTypeData, n,
			wire.FrameChecksum(stream[start+wire.FrameHeaderSize:]))
		bytes += uint64(n)
	}
	stream = appendFrame(stream, wire.FrameTypeEnd, 0)
	ends = append(ends, len(stream))
	fmt.Printf("end: %d frames, %d payload bytes\n", len(sizes), bytes)

	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}, int(*timeout)*1000); err != nil {
		peer.Fail("connect", err)
	}

	switch {
	case *pack:
		if err := peer.WriteFull(fd, stream); err != nil {
			peer.Fail("write", err)
		}
	case *chunk > 0:
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
			peer.Fail("setsockopt", err)
		}
		for at := 0; at < len(stream); at += int(*chunk) {
			if err := peer.WriteFull(fd, stream[at:min(at+int(*chunk), len(stream))]); err != nil {
				peer.Fail("write", err)
			}
			time.Sleep(time.Millisecond)
		}
	default:
		start := 0
		for _, end := range ends {
			if err := peer.WriteFull(fd, stream[start:end]); err != nil {
				peer.Fail("write", err)
			}
			start = end
		}
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
