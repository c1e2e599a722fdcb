// Command bench_tcp_writer is the Go counterpart of ctests/bench_tcp_writer.c:
// the client of the TCP loopback throughput benchmark.
// It connects to 127.0.0.1 -port and writes -n transfers of -size bytes,
// each starting with its number.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
)

const usage = "bench_tcp_writer -port n [-n transfers] [-size bytes] [-timeout seconds] [-blocking] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Port|benchsys.Ready|benchsys.Gate|benchsys.Blocking, 4096)
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.ConnectTCP(a.Port)
	d := a.Prepare(fd)
	a.Start()
	a.StreamWrite(d)
	benchsys.Close(fd)
	a.Exit()
}
