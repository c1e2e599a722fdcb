// Command bench_shm_writer is the Go counterpart of ctests/bench_shm_writer.c:
// the producer of the shared-memory ring throughput
// benchmark. It opens the POSIX shared memory object -name that the reader
// made, and moves -n items of -size bytes through its ring (ring.h, as
// bench.h uses it): 64-byte items are wire.RingItem, bigger ones raw
// stamped bytes.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_shm_writer -name /name [-n items] [-size bytes] [-spin polls] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Name|benchsys.Spin|benchsys.Ready|benchsys.Gate, wire.BenchItemSize)
	if a.Name == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd, err := posixshm.Open(a.Name, unix.O_RDWR, 0)
	if err != nil {
		peer.Fail("shm_open", err)
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
