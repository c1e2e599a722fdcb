// Command bench_unixgram_receiver is the Go counterpart of ctests/bench_unixgram_receiver.c:
// the receiver of the Unix datagram socket
// message rate benchmark. It binds the socket -path, says so in the
// -ready file, receives -n datagrams of -size bytes, checking each one's
// number, and removes the socket file.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_unixgram_receiver -path socket [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Path|benchsys.Ready, 100)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	fd := benchsys.BindUnix(a.Path, unix.SOCK_DGRAM)
	d := a.Prepare(fd)
	peer.Ready(a.Ready, "%s", a.Path)
	benchsys.DgramRecv(d, a.N, a.Size, false)
	benchsys.Close(fd)
	if err := unix.Unlink(a.Path); err != nil {
		peer.Fail("unlink", err)
	}
	a.Exit()
}
