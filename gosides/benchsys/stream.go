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

// StreamWrite writes a.N stamped transfers of a.Size bytes to d.
func (a *Args) StreamWrite(d *Desc) {
	write := d.write
	buf := Buffer(a.Size)
	for i := range a.N {
		PutStamp(buf, uint64(i))
		if err := peer.WriteFullWith(write, buf); err != nil {
			peer.Fail(d.writeName(), err)
		}
	}
	fmt.Printf("wrote %d transfers of %d bytes\n", a.N, a.Size)
}

// ReadExact reads len(buf) bytes from fd, or fails the run.
func ReadExact(fd int, buf []byte) {
	readExact(func(p []byte) (int, error) { return unix.Read(fd, p) }, "read", buf)
}

// readExact reads len(buf) bytes through read, or fails the run, naming
// the system call read makes.
func readExact(read func([]byte) (int, error), name string, buf []byte) {
	got, err := peer.ReadFullWith(read, buf)
	if err != nil {
		peer.Fail(name, err)
	}
	if got < len(buf) {
		peer.Failf("%s: short read: %d of %d bytes", name, got, len(buf))
	}
}

// StreamRead reads a.N stamped transfers of a.Size bytes from d, then end
// of file.
func (a *Args) StreamRead(d *Desc) {
	read, name := d.read, d.readName()
	buf := Buffer(a.Size)
	for i := range a.N {
		readExact(read, name, buf)
		CheckStamp("transfer", i, Stamp(buf))
	}
	extra, err := peer.ReadFullWith(read, buf[:1])
	if err != nil {
		peer.Fail(name, err)
	}
	if extra != 0 {
		peer.Failf("%s: more than %d transfers", name, a.N)
	}
	fmt.Printf("read %d transfers of %d bytes\n", a.N, a.Size)
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
