// Command bench_unix_reader is the Go counterpart of ctests/bench_unix_reader.c:
// the server of the Unix stream socket throughput
// benchmark. It listens on the socket -path, says so in the -ready file,
// accepts one client, reads -n transfers of -size bytes, checks each
// one's number, expects end of file, and removes the socket file.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_unix_reader -path socket [-n transfers] [-size bytes] [-ready file] [-timeout seconds] [-blocking]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready|benchsys.Blocking, 4096)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.AcceptOne(benchsys.BindUnix(a.Path, unix.SOCK_STREAM), a.Ready, a.Path)
	a.StreamRead(a.Prepare(fd))
	benchsys.Close(fd)
	if err := unix.Unlink(a.Path); err != nil {
		peer.Fail("unlink", err)
	}
	a.Exit()
}
