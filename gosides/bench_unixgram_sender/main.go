// Command bench_unixgram_sender is the Go counterpart of ctests/bench_unixgram_sender.c:
// the sender of the Unix datagram socket message
// rate benchmark. It connects to the socket -path and sends -n datagrams
// of -size bytes, each starting with its number; the kernel holds it back
// while the receiver's queue is full.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"golang.org/x/sys/unix"
)

const usage = "bench_unixgram_sender -path socket [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready|benchsys.Gate, 100)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.ConnectUnix(a.Path, unix.SOCK_DGRAM)
	d := a.Prepare(fd)
	a.Start()
	benchsys.DgramSend(d, a.N, a.Size, false)
	benchsys.Close(fd)
	a.Exit()
}
