// Command bench_tcp_server is the Go counterpart of ctests/bench_tcp_server.c:
// the answering side of the TCP loopback round-trip
// benchmark. It listens on 127.0.0.1 -port (0: any free one, written to
// the -ready file), accepts one client, turns Nagle's algorithm off, and
// answers -n pings of -size bytes.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "bench_tcp_server [-port n] [-n round trips] [-size bytes] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Port|benchsys.Ready, wire.BenchPingSize)
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.AcceptTCP(a.Port, a.Ready)
	benchsys.NoDelay(fd)
	benchsys.Pong(fd, fd, a.N, a.Size)
	benchsys.Close(fd)
	a.Exit()
}
