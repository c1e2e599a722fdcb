// Command bench_mq_receiver is the Go counterpart of ctests/bench_mq_receiver.c:
// the receiver of the POSIX message queue rate
// benchmark. It makes the queue -name (0600, wire.BenchMQMaxmsg messages of
// -size bytes), says so in the -ready file, receives -n messages, checking
// each one's length and number, and removes the queue.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/benchsys"
	"github.com/ipcconform/ipcconform/gosides/mq"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "bench_mq_receiver -name /name [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

func main() {
	a := benchsys.Parse(usage, benchsys.Size|benchsys.Name|benchsys.Ready, 100)
	if a.Name == "" {
		benchsys.Usage(usage)
	}
	benchsys.Watchdog(a.Timeout)
	attr := mq.Attr{Maxmsg: wire.BenchMQMaxmsg, Msgsize: int(a.Size)}
	q, err := mq.Open(a.Name, unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600, &attr)
	if err != nil {
		peer.Fail("mq_open", err)
	}
	fq := benchsys.FastQueue(q)
	peer.Ready(a.Ready, "%s", a.Name)
	buf := benchsys.Buffer(a.Size)
	for i := range a.N {
		n, err := fq.Receive(buf)
		if err != nil {
			peer.Fail("mq_timedreceive", err)
		}
		if int64(n) != a.Size {
			peer.Failf("mq_timedreceive: message %d of %d bytes", i, n)
		}
		benchsys.CheckStamp("message", i, benchsys.Stamp(buf))
	}
	if err := unix.Close(q); err != nil {
		peer.Fail("mq_close", err)
	}
	if err := mq.Unlink(a.Name); err != nil {
		peer.Fail("mq_unlink", err)
	}
	fmt.Printf("received %d messages of %d bytes\n", a.N, a.Size)
	a.Exit()
}
