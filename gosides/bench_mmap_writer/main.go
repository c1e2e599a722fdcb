// Command bench_mmap_writer is the Go counterpart of ctests/bench_mmap_writer.c:
// the producer of the mapped-file throughput benchmark.
// It maps the file -path that the reader made, shared, and moves -n items
// of -size bytes through the ring it holds (ring.h, as bench.h uses it).
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_mmap_writer -path file [-n items] [-size bytes] [-spin polls] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Spin|benchsys.Ready|benchsys.Gate, wire.BenchItemSize)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd, err := unix.Open(a.Path, unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		peer.Fail("open", err)
	}
	mem := benchsys.Map(fd, benchsys.MapSize(fd))
	benchsys.Close(fd)
	a.Start()
	benchsys.RingWriteAll(mem, a.N, a.Size, spin(a.Spin))
	benchsys.Unmap(mem)
	a.Exit()
}

// spin is -spin, or bench.h's default for a throughput ring.
func spin(polls int64) int64 {
	if polls < 0 {
		return wire.BenchRingSpin
	}
	return polls
}
