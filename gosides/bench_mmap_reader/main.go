// Command bench_mmap_reader is the Go counterpart of ctests/bench_mmap_reader.c:
// the consumer of the mapped-file throughput benchmark.
// It makes the file -path (0600) holding a ring (ring.h, as bench.h uses
// it) of -size byte slots, maps it shared, says so in the -ready file,
// takes -n items, checking each, and removes the file.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_mmap_reader -path file [-n items] [-size bytes] [-spin polls] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Spin|benchsys.Ready, wire.BenchItemSize)
	if a.Path == "" || a.Size%8 != 0 {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	capacity := benchsys.RingCapacity(a.Size)
	length := benchsys.RingBytes(capacity, a.Size)
	fd, err := unix.Open(a.Path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
	if err != nil {
		peer.Fail("open", err)
	}
	if err := unix.Ftruncate(fd, int64(length)); err != nil {
		peer.Fail("ftruncate", err)
	}
	mem := benchsys.Map(fd, length)
	benchsys.Close(fd)
	benchsys.RingInit(mem, capacity, a.Size)
	peer.Ready(a.Ready, "%s", a.Path)
	benchsys.RingReadAll(mem, a.N, a.Size, spin(a.Spin))
	benchsys.Unmap(mem)
	if err := unix.Unlink(a.Path); err != nil {
		peer.Fail("unlink", err)
	}
	a.Exit()
}

// spin is -spin, or bench.h's default for a throughput ring.
func spin(polls int64) int64 {
	if polls < 0 {
		return wire.BenchRingSpin
	}
	return polls
}
