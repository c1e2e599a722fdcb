// Command signals_receiver is the Go counterpart of
// ctests/signals_receiver.c: the receiving process of document 002's
// signals. It handles SIGUSR1, SIGUSR2, SIGTERM and SIGINT, prints "got
// SIGNAME" for each that arrives, with "value N" when it was sent by
// sigqueue(), acknowledges it by appending the same line to the -ack file,
// and exits after -n signals.
//
// os/signal, the Go counterpart of a sigaction handler, delivers the
// signal number alone, not the siginfo with the value. So SIGUSR1 and
// SIGUSR2 are read with signalfd(2), which gives the whole siginfo. A
// signalfd takes a signal only while every thread of the process blocks
// it, and the Go runtime starts each thread with the signal mask the
// process began with: the receiver therefore blocks them in its own thread
// and re-executes itself (-self), so that the new image begins with them
// blocked in every thread it will have.
//
// SIGTERM and SIGINT are taken with os/signal: the runtime unblocks the
// signals whose default action is to kill in every thread it starts,
// whatever the process began with (runtime.blockableSig), so a Go program
// without cgo cannot read their siginfo and prints them without a value.
// signals_sigqueue_fatal.txtar shows both receivers side by side.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "signals_receiver [-n signals] [-ack file] [-ready file] [-timeout seconds] [-self program]"

// reexecFlag marks the command line of the re-executed image: were the
// signals still unblocked there, the receiver stops instead of looping.
const reexecFlag = "-signals-blocked"

// arrival is what the receiver learns of one signal.
type arrival struct {
	sig    unix.Signal
	queued bool // sent by sigqueue(): value is its sival_int
	value  int32
}

func (a arrival) String() string {
	if a.queued {
		return fmt.Sprintf("got %s value %d\n", unix.SignalName(a.sig), a.value)
	}
	return fmt.Sprintf("got %s\n", unix.SignalName(a.sig))
}

func main() {
	fs := peer.Flags(usage)
	count := fs.Int64("n", 4, "signals to receive, then exit")
	ack := fs.String("ack", "", "file to acknowledge each signal in, a line each")
	ready := fs.String("ready", "", "file to write the pid to once the handlers are in place")
	timeout := fs.Int64("timeout", 10, "seconds to wait for each signal")
	self := fs.String("self", "/proc/self/exe", "program that starts this one again, to re-execute with SIGUSR1 and SIGUSR2 blocked (under emulation, the command that runs it)")
	reexeced := fs.Bool(reexecFlag[1:], false, "set by the receiver on its own re-execution")
	peer.Parse(fs)
	peer.Range(fs, "n", *count, 0, 1<<62)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	var queued unix.Sigset_t
	peer.Sigaddset(&queued, unix.SIGUSR1)
	peer.Sigaddset(&queued, unix.SIGUSR2)
	argv := append([]string{os.Args[0], reexecFlag}, os.Args[1:]...)
	peer.BlockOrReexec(&queued, *self, argv, os.Environ(), *reexeced)
	sfd, err := unix.Signalfd(-1, &queued, unix.SFD_CLOEXEC)
	if err != nil {
		peer.Fail("signalfd", err)
	}
	arrivals := make(chan arrival)
	go readSignalfd(sfd, arrivals)

	// Buffered: the runtime drops a signal that finds the channel full.
	c := make(chan os.Signal, 2)
	signal.Notify(c, unix.SIGTERM, unix.SIGINT)
	peer.Ready(*ready, "%d", os.Getpid())

	for got := int64(0); got < *count; got++ {
		var a arrival
		select {
		case a = <-arrivals:
		case sig := <-c:
			a = arrival{sig: sig.(unix.Signal)}
		case <-time.After(time.Duration(*timeout) * time.Second):
			peer.Failf("timeout: %d of %d signals after %d s", got, *count, *timeout)
		}
		line := a.String()
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

// readSignalfd sends each signal read from the signalfd sfd to arrivals.
func readSignalfd(sfd int, arrivals chan<- arrival) {
	for {
		si := peer.ReadSignal(sfd)
		arrivals <- arrival{sig: unix.Signal(si.Signo), queued: si.Code == wire.SignalsSiQueue, value: si.Int}
	}
}
