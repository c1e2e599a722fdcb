// Command bench_unix_writer is the Go counterpart of ctests/bench_unix_writer.c:
// the client of the Unix stream socket throughput
// benchmark. It connects to the socket -path and writes -n transfers of
// -size bytes, each starting with its number.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"golang.org/x/sys/unix"
)

const usage = "bench_unix_writer -path socket [-n transfers] [-size bytes] [-timeout seconds] [-blocking] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready|benchsys.Gate|benchsys.Blocking, 4096)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.ConnectUnix(a.Path, unix.SOCK_STREAM)
	d := a.Prepare(fd)
	a.Start()
	a.StreamWrite(d)
	benchsys.Close(fd)
	a.Exit()
}
