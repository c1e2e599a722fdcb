package benchsys

import (
	"encoding/binary"
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// PutStamp stores v little-endian at the start of p.
func PutStamp(p []byte, v uint64) { binary.LittleEndian.PutUint64(p, v) }

// Stamp reads the little-endian word at the start of p.
func Stamp(p []byte) uint64 { return binary.LittleEndian.Uint64(p) }

// Buffer returns size bytes of the fixed pattern.
func Buffer(size int64) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i*7 + 1)
	}
	return b
}

// CheckStamp fails the run when what carries stamp got instead of i.
func CheckStamp(what string, i int64, got uint64) {
	if got != uint64(i) {
		peer.Failf("%s %d: stamp %d", what, i, got)
	}
}

// StreamWrite writes n stamped transfers of size bytes to fd.
func StreamWrite(fd int, n, size int64) {
	buf := Buffer(size)
	for i := range n {
		PutStamp(buf, uint64(i))
		if err := peer.WriteFull(fd, buf); err != nil {
			peer.Fail("write", err)
		}
	}
	fmt.Printf("wrote %d transfers of %d bytes\n", n, size)
}

// ReadExact reads len(buf) bytes, or fails the run.
func ReadExact(fd int, buf []byte) {
	got, err := peer.ReadFull(fd, buf)
	if err != nil {
		peer.Fail("read", err)
	}
	if got < len(buf) {
		peer.Failf("read: short read: %d of %d bytes", got, len(buf))
	}
}

// StreamRead reads n stamped transfers of size bytes from fd, then end of
// file.
func StreamRead(fd int, n, size int64) {
	buf := Buffer(size)
	for i := range n {
		ReadExact(fd, buf)
		CheckStamp("transfer", i, Stamp(buf))
	}
	extra, err := peer.ReadFull(fd, buf[:1])
	if err != nil {
		peer.Fail("read", err)
	}
	if extra != 0 {
		peer.Failf("read: more than %d transfers", n)
	}
	fmt.Printf("read %d transfers of %d bytes\n", n, size)
}

// Ping sends n stamped pings of size bytes on wfd, each answered on rfd
// before the next.
func Ping(rfd, wfd int, n, size int64) {
	buf := Buffer(size)
	for i := range n {
		PutStamp(buf, uint64(i))
		if err := peer.WriteFull(wfd, buf); err != nil {
			peer.Fail("write", err)
		}
		ReadExact(rfd, buf)
		CheckStamp("pong", i, Stamp(buf))
	}
	fmt.Printf("%d round trips of %d bytes\n", n, size)
}

// Pong answers n pings of size bytes from rfd on wfd.
func Pong(rfd, wfd int, n, size int64) {
	buf := Buffer(size)
	for i := range n {
		ReadExact(rfd, buf)
		CheckStamp("ping", i, Stamp(buf))
		if err := peer.WriteFull(wfd, buf); err != nil {
			peer.Fail("write", err)
		}
	}
	fmt.Printf("answered %d pings of %d bytes\n", n, size)
}

// Close closes fd, or fails the run.
func Close(fd int) {
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}

// Exit ends a successful run: it stops a CPU profile and exits 0.
func (a *Args) Exit() {
	a.Stop()
	os.Exit(0)
}
