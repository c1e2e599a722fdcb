// Command bench_pipe_reader is the Go counterpart of ctests/bench_pipe_reader.c:
// the reading end of the pipe throughput benchmark. It
// reads -n transfers of -size bytes from the pipe it inherits as
// descriptor -fd, checks each one's number, then expects end of file.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
)

const usage = "bench_pipe_reader -fd n [-n transfers] [-size bytes] [-timeout seconds] [-blocking] [-ready file]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.FD|benchsys.Ready|benchsys.Blocking, 4096)
	if a.FD < 0 {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	d := a.Prepare(int(a.FD))
	a.Start()
	a.StreamRead(d)
	benchsys.Close(int(a.FD))
	a.Exit()
}
