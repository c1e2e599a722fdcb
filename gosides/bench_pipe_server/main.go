// Command bench_pipe_server is the Go counterpart of ctests/bench_pipe_server.c:
// the answering side of the pipe round-trip benchmark.
// It reads -n pings of -size bytes from the pipe -rfd, checks each one's
// number, and writes it back to the pipe -wfd.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "bench_pipe_server -rfd n -wfd n [-n round trips] [-size bytes] [-timeout seconds] [-ready file]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.RWFD|benchsys.Ready, wire.BenchPingSize)
	if a.RFD < 0 || a.WFD < 0 {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	a.Start()
	benchsys.Pong(int(a.RFD), int(a.WFD), a.N, a.Size)
	benchsys.Close(int(a.WFD))
	benchsys.Close(int(a.RFD))
	a.Exit()
}
