// Command bench_msgq_sender is the Go counterpart of ctests/bench_msgq_sender.c:
// the sender of the SysV message queue rate benchmark.
// It opens the queue under -key that the receiver made and sends -n
// messages of type wire.BenchMsgType with -size bytes of text, each
// starting with its number.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "bench_msgq_sender -key n [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Key|benchsys.Ready|benchsys.Gate, 100)
	benchsys.Watchdog(a.Timeout)
	id, err := sysv.Msgget(int(a.Key), 0)
	if err != nil {
		peer.Fail("msgget", err)
	}
	m := benchsys.NewMsgbuf(a.Size)
	copy(m.Text(), benchsys.Buffer(a.Size))
	m.SetType(wire.BenchMsgType)
	a.Start()
	for i := range a.N {
		benchsys.PutStamp(m.Text(), uint64(i))
		if err := benchsys.Msgsnd(id, m, 0); err != nil {
			peer.Fail("msgsnd", err)
		}
	}
	fmt.Printf("sent %d messages of %d bytes\n", a.N, a.Size)
	a.Exit()
}
