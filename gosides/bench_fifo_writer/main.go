// Command bench_fifo_writer is the Go counterpart of ctests/bench_fifo_writer.c:
// the writing end of the FIFO throughput benchmark. It
// opens the FIFO -path, which the reader made, and writes -n transfers of
// -size bytes, each starting with its number.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_fifo_writer -path fifo [-n transfers] [-size bytes] [-timeout seconds] [-blocking] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready|benchsys.Gate|benchsys.Blocking, 4096)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd, err := unix.Open(a.Path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		peer.Fail("open", err)
	}
	d := a.Prepare(fd)
	a.Start()
	a.StreamWrite(d)
	benchsys.Close(fd)
	a.Exit()
}
