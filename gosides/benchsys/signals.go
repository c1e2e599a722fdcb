package benchsys

import (
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// blockedEnv marks the environment of a bench side re-executed with its
// signal blocked.
const blockedEnv = "IPCCONFORM_BENCH_SIGNALS_BLOCKED"

// SignalFD returns a signalfd for sig, which every thread of the process
// blocks from then on: a blocked SIGUSR1 read from a signalfd wakes one
// thread, as sigwaitinfo(2) does in C, where os/signal's path wakes the
// runtime's signal-receiving goroutine and then the one reading the
// channel. A process that began with sig unblocked re-executes itself
// (peer.BlockOrReexec) before it returns.
func SignalFD(sig unix.Signal) int {
	var set unix.Sigset_t
	peer.Sigaddset(&set, sig)
	again := os.Getenv(blockedEnv) == "1"
	peer.BlockOrReexec(&set, "/proc/self/exe", os.Args, append(os.Environ(), blockedEnv+"=1"), again)
	fd, err := unix.Signalfd(-1, &set, unix.SFD_CLOEXEC)
	if err != nil {
		peer.Fail("signalfd", err)
	}
	return fd
}

// WaitSignal reads one signal from the signalfd sfd, or fails the run.
func WaitSignal(sfd int) { peer.ReadSignal(sfd) }
