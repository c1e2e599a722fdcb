// Command bench_tcp_reader is the Go counterpart of ctests/bench_tcp_reader.c:
// the server of the TCP loopback throughput benchmark.
// It listens on 127.0.0.1 -port (0: any free one, written to the -ready
// file), accepts one client, reads -n transfers of -size bytes, checks
// each one's number, and expects end of file.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
)

const usage = "bench_tcp_reader [-port n] [-n transfers] [-size bytes] [-ready file] [-timeout seconds] [-blocking]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Port|benchsys.Ready|benchsys.Blocking, 4096)
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.AcceptTCP(a.Port, a.Ready)
	a.StreamRead(a.Prepare(fd))
	benchsys.Close(fd)
	a.Exit()
}
