// Command bench_msgq_receiver is the Go counterpart of ctests/bench_msgq_receiver.c:
// the receiver of the SysV message queue rate
// benchmark. It makes the queue under -key (0600), says so in the -ready
// file, receives -n messages of -size bytes, checking each one's type,
// length and number, and removes the queue.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_msgq_receiver -key n [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Key|benchsys.Ready, 100)
	benchsys.Watchdog(a.Timeout)
	id, err := sysv.Msgget(int(a.Key), unix.IPC_CREAT|unix.IPC_EXCL|0o600)
	if err != nil {
		peer.Fail("msgget", err)
	}
	peer.Ready(a.Ready, "%d", a.Key)
	m := benchsys.NewMsgbuf(a.Size)
	for i := range a.N {
		n, err := benchsys.Msgrcv(id, m, 0, 0)
		if err != nil {
			peer.Fail("msgrcv", err)
		}
		if int64(n) != a.Size || m.Type() != wire.BenchMsgType {
			peer.Failf("msgrcv: message %d of type %d and %d bytes", i, m.Type(), n)
		}
		benchsys.CheckStamp("message", i, benchsys.Stamp(m.Text()))
	}
	if err := sysv.MsgctlRemove(id); err != nil {
		peer.Fail("msgctl", err)
	}
	fmt.Printf("received %d messages of %d bytes\n", a.N, a.Size)
	a.Exit()
}
