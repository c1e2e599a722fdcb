// Command bench_pipe_client is the Go counterpart of ctests/bench_pipe_client.c:
// the pinging side of the pipe round-trip benchmark. It
// writes -n pings of -size bytes, each starting with its number, to the
// pipe -wfd and waits for each to come back on the pipe -rfd.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "bench_pipe_client -rfd n -wfd n [-n round trips] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.RWFD|benchsys.Ready|benchsys.Gate, wire.BenchPingSize)
	if a.RFD < 0 || a.WFD < 0 {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	a.Start()
	benchsys.Ping(int(a.RFD), int(a.WFD), a.N, a.Size)
	benchsys.Close(int(a.WFD))
	benchsys.Close(int(a.RFD))
	a.Exit()
}
