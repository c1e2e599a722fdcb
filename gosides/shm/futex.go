package shm

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Futex operations (<linux/futex.h>), which x/sys/unix does not define.
// Without FUTEX_PRIVATE_FLAG: the word is shared with other processes.
const (
	futexWait = 0 // FUTEX_WAIT
	futexWake = 1 // FUTEX_WAKE
)

// FutexWait sleeps while *addr holds val, at most timeout; it returns nil
// when woken, EAGAIN when *addr did not hold val, ETIMEDOUT or EINTR. The
// timeout is the old futex call's struct timespec, which unix.Timespec
// mirrors on every architecture.
func FutexWait(addr *uint32, val uint32, timeout time.Duration) error {
	ts := unix.NsecToTimespec(timeout.Nanoseconds())
	_, _, errno := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWait, uintptr(val),
		uintptr(unsafe.Pointer(&ts)), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// FutexWake wakes at most n processes sleeping on addr and returns how
// many it woke.
func FutexWake(addr *uint32, n int) (int, error) {
	r, _, errno := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWake, uintptr(n), 0, 0, 0)
	if errno != 0 {
		return 0, errno
	}
	return int(r), nil
}
