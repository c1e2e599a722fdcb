// Command signals_receiver is the Go counterpart of
// ctests/signals_receiver.c: the receiving process of document 002's
// signals. It handles SIGUSR1, SIGUSR2, SIGTERM and SIGINT, prints "got
// SIGNAME" for each that arrives, acknowledges it by appending the same
// line to the -ack file, and exits after -n signals.
//
// It uses os/signal.Notify, the Go counterpart of a sigaction handler, and
// so it cannot print a sigqueue() value as the C receiver does: os/signal
// delivers the signal number alone, not the siginfo. The other ways to
// read a siginfo, signalfd and sigtimedwait, take a signal only if it is
// blocked in every thread of the process, or another thread's handler
// takes it first, and a Go program cannot keep it so: the runtime unblocks
// SIGINT and SIGTERM (signals whose default is to kill) in every thread it
// starts, and starts threads with the mask the process began with, not
// with the mask of the thread that asked. Only a process started with
// SIGUSR1 and SIGUSR2 already blocked could read their values, which
// neither the harness nor a re-exec under qemu-user can arrange.
// signals_sigqueue.txtar therefore always receives with the C receiver.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const usage = "signals_receiver [-n signals] [-ack file] [-ready file] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	count := fs.Int64("n", 4, "signals to receive, then exit")
	ack := fs.String("ack", "", "file to acknowledge each signal in, a line each")
	ready := fs.String("ready", "", "file to write the pid to once the handlers are in place")
	timeout := fs.Int64("timeout", 10, "seconds to wait for each signal")
	peer.Parse(fs)
	peer.Range(fs, "n", *count, 0, 1<<62)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	// Buffered: the runtime drops a signal that finds the channel full.
	c := make(chan os.Signal, 4)
	signal.Notify(c, unix.SIGUSR1, unix.SIGUSR2, unix.SIGTERM, unix.SIGINT)
	peer.Ready(*ready, "%d", os.Getpid())

	for got := int64(0); got < *count; got++ {
		var sig os.Signal
		select {
		case sig = <-c:
		case <-time.After(time.Duration(*timeout) * time.Second):
			peer.Failf("timeout: %d of %d signals after %d s", got, *count, *timeout)
		}
		line := fmt.Sprintf("got %s\n", unix.SignalName(sig.(unix.Signal)))
		fmt.Print(line)
		if *ack == "" {
			continue
		}
		// Without waiting: a FIFO with no reader is ENXIO, not a hang.
		fd, err := unix.Open(*ack, unix.O_WRONLY|unix.O_CREAT|unix.O_APPEND|unix.O_CLOEXEC|unix.O_NONBLOCK, 0o600)
		if err != nil {
			peer.Fail("open", err)
		}
		if err := peer.WriteFull(fd, []byte(line)); err != nil {
			peer.Fail("write", err)
		}
		if err := unix.Close(fd); err != nil {
			peer.Fail("close", err)
		}
	}
}
