// Command bench_signals_server is the Go counterpart of ctests/bench_signals_server.c:
// the answering side of the signal round-trip
// benchmark. With SIGUSR1 blocked in every thread and read from a
// signalfd (benchsys.SignalFD), as C waits in sigwaitinfo, it writes its
// pid to the -ready file, waits for -n SIGUSR1s and answers each with SIGUSR1 to the client, whose pid it reads
// from the file -path on the first.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_signals_server -path file [-n round trips] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Path|benchsys.Ready, 0)
	if a.Path == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	sfd := benchsys.SignalFD(unix.SIGUSR1)
	peer.Ready(a.Ready, "%d", os.Getpid())
	client := 0
	for range a.N {
		benchsys.WaitSignal(sfd)
		if client == 0 {
			client = clientPID(a.Path)
		}
		if err := unix.Kill(client, unix.SIGUSR1); err != nil {
			peer.Fail("kill", err)
		}
	}
	fmt.Printf("answered %d signals\n", a.N)
	a.Exit()
}

// clientPID reads the pid the client wrote to path.
func clientPID(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		peer.Fail("open", err)
	}
	line, _, found := strings.Cut(string(data), "\n")
	if !found {
		peer.Failf("read: no pid in %s", path)
	}
	pid, err := strconv.Atoi(line)
	if err != nil || pid <= 0 {
		peer.Failf("read: bad pid %s", line)
	}
	return pid
}
