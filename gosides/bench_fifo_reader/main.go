// Command bench_fifo_reader is the Go counterpart of ctests/bench_fifo_reader.c:
// the reading end of the FIFO throughput benchmark. It
// makes the FIFO -path (0600), says so in the -ready file, reads -n
// transfers of -size bytes, checks each one's number, expects end of
// file, and removes the FIFO.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_fifo_reader -path fifo [-n transfers] [-size bytes] [-ready file] [-timeout seconds] [-blocking]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready|benchsys.Blocking, 4096)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	if err := unix.Mkfifo(a.Path, 0o600); err != nil {
		peer.Fail("mkfifo", err)
	}
	peer.Ready(a.Ready, "%s", a.Path)
	fd, err := unix.Open(a.Path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		peer.Fail("open", err)
	}
	a.StreamRead(a.Prepare(fd))
	benchsys.Close(fd)
	if err := unix.Unlink(a.Path); err != nil {
		peer.Fail("unlink", err)
	}
	a.Exit()
}
