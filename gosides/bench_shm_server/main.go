// Command bench_shm_server is the Go counterpart of ctests/bench_shm_server.c:
// the answering side of the shared-memory ring
// round-trip benchmark. It makes the POSIX shared memory object -name
// (0600) holding two rings of wire.BenchPingSlots 64-byte items, says so in
// the -ready file, takes -n items from the first ring and answers each in
// the second, sleeping in FUTEX_WAIT until the client wakes it (after
// -spin polls, 0 by default), and removes the object.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_shm_server -name /name [-n round trips] [-spin polls] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Name|benchsys.Spin|benchsys.Ready, wire.BenchPingSize)
	if a.Name == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	length := 2 * wire.BenchPingOffset
	fd, err := posixshm.Open(a.Name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL, 0o600)
	if err != nil {
		peer.Fail("shm_open", err)
	}
	if err := unix.Ftruncate(fd, int64(length)); err != nil {
		peer.Fail("ftruncate", err)
	}
	mem := benchsys.Map(fd, length)
	benchsys.Close(fd)
	benchsys.RingInit(mem, wire.BenchPingSlots, wire.BenchItemSize)
	benchsys.RingInit(mem[wire.BenchPingOffset:], wire.BenchPingSlots, wire.BenchItemSize)
	peer.Ready(a.Ready, "%s", a.Name)
	spin := max(a.Spin, 0)
	ping := benchsys.RingAttach(mem, wire.BenchItemSize, spin, false)
	pong := benchsys.RingAttach(mem[wire.BenchPingOffset:], wire.BenchItemSize, spin, true)
	buf := benchsys.Buffer(wire.BenchItemSize)
	for i := range a.N {
		for ping.Get(i, 1, buf) == 0 {
		}
		for pong.Put(i, 1, buf) == 0 {
		}
	}
	benchsys.Unmap(mem)
	if err := posixshm.Unlink(a.Name); err != nil {
		peer.Fail("shm_unlink", err)
	}
	fmt.Printf("answered %d pings of %d bytes\n", a.N, wire.BenchItemSize)
	a.Exit()
}
