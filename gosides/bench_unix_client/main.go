// Command bench_unix_client is the Go counterpart of ctests/bench_unix_client.c:
// the pinging side of the Unix stream socket round-trip
// benchmark. It connects to the socket -path and sends -n pings of -size
// bytes, each starting with its number, waiting for each to come back.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_unix_client -path socket [-n round trips] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready|benchsys.Gate, wire.BenchPingSize)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.ConnectUnix(a.Path, unix.SOCK_STREAM)
	a.Start()
	benchsys.Ping(fd, fd, a.N, a.Size)
	benchsys.Close(fd)
	a.Exit()
}
