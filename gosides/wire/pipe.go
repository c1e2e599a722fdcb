package wire

import (
	"fmt"
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The simplex pipe of document 002; mirrors ctests/include/pipe.h.
const (
	PipeMessage      = "message for parent" // PIPE_MESSAGE
	PipeMessageBytes = 19                   // PIPE_MESSAGE_BYTES: PipeMessage and its NUL
	PipeReadBytes    = 100                  // PIPE_READ_BYTES: the parent's char y[100]
	PipeMaxBytes     = 65536                // PIPE_MAX_BYTES: more from the child is a failure
)

// PipeStatus says how a child ended, as pipe_print_status prints it:
// "<who> exited with status N" or "<who> killed by SIGNAME".
func PipeStatus(who string, ws unix.WaitStatus) string {
	if ws.Signaled() {
		if name := unix.SignalName(ws.Signal()); name != "" {
			return fmt.Sprintf("%s killed by %s", who, name)
		}
		return fmt.Sprintf("%s killed by signal %d", who, int(ws.Signal()))
	}
	return fmt.Sprintf("%s exited with status %d", who, ws.ExitStatus())
}

// DieOfSIGPIPE ends the process the way a C program with SIGPIPE's default
// disposition ends after writing to a pipe that has no reader: killed by
// SIGPIPE. It is for Go sides that saw EPIPE on a descriptor other than 1
// and 2, where the Go runtime swallows the kernel's SIGPIPE and returns
// EPIPE instead (on 1 and 2, an os.File write dies by SIGPIPE by itself).
//
// signal.Reset cannot do it: it restores the runtime's own handler, which
// ignores a SIGPIPE it was not asked to deliver, even one sent by kill. So
// the disposition is set to SIG_DFL with rt_sigaction directly, then the
// signal raised. An all-zero struct sigaction is SIG_DFL with no flags and
// an empty mask in every architecture's layout; the kernel's sigset is 8
// bytes, or 16 on mips, a size x/sys keeps unexported: the kernel answers
// EINVAL to the wrong one.
func DieOfSIGPIPE() {
	var act [64]byte
	for _, size := range []uintptr{8, 16} {
		_, _, errno := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGPIPE),
			uintptr(unsafe.Pointer(&act)), 0, size, 0, 0)
		if errno != unix.EINVAL {
			break
		}
	}
	// Sent to this very thread, the signal is delivered before tgkill
	// returns; should it somehow not end the process, fail as the write did.
	runtime.LockOSThread()
	_ = unix.Tgkill(unix.Getpid(), unix.Gettid(), unix.SIGPIPE)
	unix.Exit(1)
}

// PipeWaitChild waits up to timeout for child pid to end, as
// pipe_wait_child does: wait4 has no timeout, so it polls with WNOHANG,
// backing off from 1 to 50 ms. It returns ETIMEDOUT if the child is still
// running.
func PipeWaitChild(pid int, timeout time.Duration) (unix.WaitStatus, error) {
	start := time.Now()
	delay := time.Millisecond
	for {
		var ws unix.WaitStatus
		got, err := unix.Wait4(pid, &ws, unix.WNOHANG, nil)
		if got == pid {
			return ws, nil
		}
		if err != nil && err != unix.EINTR {
			return 0, err
		}
		if time.Since(start) >= timeout {
			return 0, unix.ETIMEDOUT
		}
		time.Sleep(delay)
		delay = min(2*delay, 50*time.Millisecond)
	}
}
