// Command bench_udp_sender is the Go counterpart of ctests/bench_udp_sender.c:
// the sender of the UDP message rate benchmark. It sends
// -n datagrams of -size bytes, each starting with its number, to 127.0.0.1
// -port, keeping to the receiver's credit window (bench.h), and ends once
// the last credit has come back.
package main

import (
	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_udp_sender -port n [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Port|benchsys.Ready|benchsys.Gate, 100)
	benchsys.Watchdog(a.Timeout)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Connect(fd, &unix.SockaddrInet4{Port: int(a.Port), Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		peer.Fail("connect", err)
	}
	d := a.Prepare(fd)
	a.Start()
	benchsys.DgramSend(d, a.N, a.Size, true)
	benchsys.Close(fd)
	a.Exit()
}
