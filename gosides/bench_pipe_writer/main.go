// Command bench_pipe_writer is the Go counterpart of ctests/bench_pipe_writer.c:
// the writing end of the pipe throughput benchmark. It
// writes -n transfers of -size bytes, each starting with its number, to
// the pipe it inherits as descriptor -fd, then closes it.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
)

const usage = "bench_pipe_writer -fd n [-n transfers] [-size bytes] [-timeout seconds] [-blocking] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.FD|benchsys.Ready|benchsys.Gate|benchsys.Blocking, 4096)
	if a.FD < 0 {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	d := a.Prepare(int(a.FD))
	a.Start()
	a.StreamWrite(d)
	benchsys.Close(int(a.FD))
	a.Exit()
}
