package peer

import (
	"runtime"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Sigaddset is sigsetops(3)'s: the kernel's sigset is an array of unsigned
// longs, signal n being bit n-1.
func Sigaddset(set *unix.Sigset_t, sig unix.Signal) {
	bits := uint(unsafe.Sizeof(set.Val[0])) * 8
	set.Val[(uint(sig)-1)/bits] |= 1 << ((uint(sig) - 1) % bits)
}

// BlockOrReexec makes every thread of the process block the signals of
// set, so that a signalfd can take them (a signal reaches a signalfd only
// when no thread would take it otherwise). The Go runtime starts each
// thread with the mask the process began with, so a process that did not
// begin with them blocked blocks them in this thread and executes self
// with argv and env instead: the pid stays, and the new image begins with
// them blocked. It returns when they are blocked already. again says this
// image is such a re-execution; if the signals are unblocked all the same,
// it fails rather than loop.
func BlockOrReexec(set *unix.Sigset_t, self string, argv, env []string, again bool) {
	// The thread that asks is the thread that executes.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var mask unix.Sigset_t
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, nil, &mask); err != nil {
		Fail("sigprocmask", err)
	}
	unblocked := false
	for i := range set.Val {
		unblocked = unblocked || set.Val[i]&^mask.Val[i] != 0
	}
	if !unblocked {
		return
	}
	if again {
		Failf("sigprocmask: %s unblocked after re-executing %s", sigNames(set), self)
	}
	if err := unix.PthreadSigmask(unix.SIG_BLOCK, set, nil); err != nil {
		Fail("sigprocmask", err)
	}
	err := unix.Exec(self, argv, env)
	Fail("execve", err)
}

// sigNames names the signals of set: "SIGUSR1 and SIGUSR2".
func sigNames(set *unix.Sigset_t) string {
	var names []string
	bits := int(unsafe.Sizeof(set.Val[0])) * 8
	for i := range len(set.Val) * bits {
		if set.Val[i/bits]&(1<<(i%bits)) != 0 {
			names = append(names, unix.SignalName(unix.Signal(i+1)))
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// ReadSignal reads one signalfd_siginfo from the signalfd sfd, or fails
// the run.
func ReadSignal(sfd int) unix.SignalfdSiginfo {
	var si unix.SignalfdSiginfo
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&si)), unsafe.Sizeof(si))
	for {
		n, err := unix.Read(sfd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			Fail("read", err)
		}
		if n != len(buf) {
			Failf("read: %d bytes of a %d-byte signalfd_siginfo", n, len(buf))
		}
		return si
	}
}
