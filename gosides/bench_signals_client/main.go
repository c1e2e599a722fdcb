// Command bench_signals_client is the Go counterpart of ctests/bench_signals_client.c:
// the pinging side of the signal round-trip
// benchmark. With SIGUSR1 blocked in every thread and read from a
// signalfd (benchsys.SignalFD), as C waits in sigwaitinfo, it writes its
// pid to the file -path, then sends SIGUSR1 to the server -pid -n times,
// each time waiting for the server's SIGUSR1 in answer.
package main

import (
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_signals_client -pid n -path file [-n round trips] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.PID|benchsys.Path|benchsys.Ready|benchsys.Gate, 0)
	if a.PID == 0 || a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	sfd := benchsys.SignalFD(unix.SIGUSR1)
	peer.Ready(a.Path, "%d", os.Getpid())
	a.Start()
	for range a.N {
		if err := unix.Kill(int(a.PID), unix.SIGUSR1); err != nil {
			peer.Fail("kill", err)
		}
		benchsys.WaitSignal(sfd)
	}
	fmt.Printf("%d round trips\n", a.N)
	a.Exit()
}
