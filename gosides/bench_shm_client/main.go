// Command bench_shm_client is the Go counterpart of ctests/bench_shm_client.c:
// the pinging side of the shared-memory ring round-trip
// benchmark. It opens the POSIX shared memory object -name that the server
// made, puts -n 64-byte items in the first ring, and takes each one's
// answer from the second, sleeping in FUTEX_WAIT until the server wakes
// it (after -spin polls, 0 by default).
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_shm_client -name /name [-n round trips] [-spin polls] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Name|benchsys.Spin|benchsys.Ready|benchsys.Gate, wire.BenchPingSize)
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
	spin := max(a.Spin, 0)
	ping := benchsys.RingAttach(mem, wire.BenchItemSize, spin, true)
	pong := benchsys.RingAttach(mem[wire.BenchPingOffset:], wire.BenchItemSize, spin, false)
	buf := benchsys.Buffer(wire.BenchItemSize)
	a.Start()
	for i := range a.N {
		for ping.Put(i, 1, buf) == 0 {
		}
		for pong.Get(i, 1, buf) == 0 {
		}
	}
	benchsys.Unmap(mem)
	fmt.Printf("%d round trips of %d bytes\n", a.N, wire.BenchItemSize)
	a.Exit()
}
