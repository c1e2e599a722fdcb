// Command bench_mq_sender is the Go counterpart of ctests/bench_mq_sender.c:
// the sender of the POSIX message queue rate benchmark.
// It opens the queue -name that the receiver made and sends -n messages of
// -size bytes, each starting with its number, at priority 0.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/mq"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "bench_mq_sender -name /name [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Name|benchsys.Ready|benchsys.Gate, 100)
	if a.Name == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	q, err := mq.Open(a.Name, unix.O_WRONLY|unix.O_CLOEXEC, 0, nil)
	if err != nil {
		peer.Fail("mq_open", err)
	}
	buf := benchsys.Buffer(a.Size)
	fq := benchsys.FastQueue(q)
	a.Start()
	for i := range a.N {
		benchsys.PutStamp(buf, uint64(i))
		if err := fq.Send(buf, 0); err != nil {
			peer.Fail("mq_timedsend", err)
		}
	}
	if err := unix.Close(q); err != nil {
		peer.Fail("mq_close", err)
	}
	fmt.Printf("sent %d messages of %d bytes\n", a.N, a.Size)
	a.Exit()
}
