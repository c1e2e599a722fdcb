// Command tcp_framing_reader is the Go counterpart of
// ctests/tcp_framing_reader.c: the receiving end of document 000's
// "Framing and Parsing". It serves one writer, parses its stream of
// length-prefixed frames (wire.FrameHeader, network byte order) however
// the bytes are split or packed, and prints each frame's type, length and
// checksum.
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

const usage = "tcp_framing_reader [-bind addr] [-port n] [-max bytes] [-ready file] [-timeout seconds]"

// readFrames parses frames from fd until wire.FrameTypeEnd; it reports the
// first fault and returns false.
func readFrames(fd int, payload []byte) bool {
	max := uint32(len(payload))
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
		if err := decode.CheckFrameHeader(h, max); err != nil {
			fmt.Fprintf(os.Stderr, "frame %d: %v\n", k, err)
			return false
		}
		if h.Type == wire.FrameTypeEnd {
			fmt.Printf("end: %d frames, %d payload bytes\n", k-1, total)
			return true
		}
		p := payload[:h.Length]
		n, err = peer.ReadFull(fd, p)
		if err != nil {
			peer.Error("read", err)
			return false
		}
		if n < len(p) {
			fmt.Fprintf(os.Stderr, "frame %d: end of stream after %d of %d payload bytes\n", k, n, h.Length)
			return false
		}
		if err := decode.CheckFramePayload(p); err != nil {
			fmt.Fprintf(os.Stderr, "frame %d: %v\n", k, err)
			return false
		}
		fmt.Printf("frame %d: type %d length %d checksum 0x%08x\n", k, h.Type, h.Length, wire.FrameChecksum(p))
		total += uint64(h.Length)
	}
}

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to listen on")
	port := fs.Int64("port", wire.TCPFramingPort, "port (0: any free one)")
	max := fs.Int64("max", wire.FrameMaxPayload, "largest payload accepted")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the writer")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "max", *max, 0, wire.FrameMaxPayload)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	addr, err := netip.ParseAddr(*bind)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *bind)
	}
	// The one allocation: a frame can never ask for more.
	payload := make([]byte, *max)

	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.SetsockoptInt(lfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	// SO_RCVTIMEO bounds accept() as well as read().
	if err := sockutil.SetTimeout(lfd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}); err != nil {
		peer.Fail("bind", err)
	}
	if err := unix.Listen(lfd, wire.TCPFramingBacklog); err != nil {
		peer.Fail("listen", err)
	}
	sa, err := unix.Getsockname(lfd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

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
	ok := readFrames(fd, payload)
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	if err := unix.Close(lfd); err != nil {
		peer.Fail("close", err)
	}
	if !ok {
		os.Exit(peer.ExitFail)
	}
}
