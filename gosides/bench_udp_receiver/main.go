// Command bench_udp_receiver is the Go counterpart of ctests/bench_udp_receiver.c:
// the receiver of the UDP message rate benchmark. It
// binds 127.0.0.1 -port (0: any free one, written to the -ready file),
// receives -n datagrams of -size bytes, checking each one's number, and
// returns credits to the sender (bench.h).
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_udp_receiver [-port n] [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Port|benchsys.Ready, 100)
	benchsys.Watchdog(a.Timeout)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, wire.BenchUDPRcvbuf); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: int(a.Port), Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		peer.Fail("bind", err)
	}
	d := a.Prepare(fd)
	peer.Ready(a.Ready, "%d", benchsys.LocalPort(fd))
	benchsys.DgramRecv(d, a.N, a.Size, true)
	benchsys.Close(fd)
	a.Exit()
}
