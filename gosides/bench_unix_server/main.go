// Command bench_unix_server is the Go counterpart of ctests/bench_unix_server.c:
// the answering side of the Unix stream socket
// round-trip benchmark. It listens on the socket -path, says so in the
// -ready file, accepts one client, answers -n pings of -size bytes, and
// removes the socket file.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_unix_server -path socket [-n round trips] [-size bytes] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready, wire.BenchPingSize)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.AcceptOne(benchsys.BindUnix(a.Path, unix.SOCK_STREAM), a.Ready, a.Path)
	benchsys.Pong(fd, fd, a.N, a.Size)
	benchsys.Close(fd)
	if err := unix.Unlink(a.Path); err != nil {
		peer.Fail("unlink", err)
	}
	a.Exit()
}
