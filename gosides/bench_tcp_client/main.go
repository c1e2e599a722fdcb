// Command bench_tcp_client is the Go counterpart of ctests/bench_tcp_client.c:
// the pinging side of the TCP loopback round-trip
// benchmark. It connects to 127.0.0.1 -port, turns Nagle's algorithm off,
// and sends -n pings of -size bytes, each starting with its number,
// waiting for each to come back.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "bench_tcp_client -port n [-n round trips] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Port|benchsys.Ready|benchsys.Gate, wire.BenchPingSize)
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.ConnectTCP(a.Port)
	benchsys.NoDelay(fd)
	a.Start()
	benchsys.Ping(fd, fd, a.N, a.Size)
	benchsys.Close(fd)
	a.Exit()
}
