package sysv

import (
	"runtime"
	"time"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// Sembuf mirrors struct sembuf (<sys/sem.h>), one operation of semop: 6
// bytes, the same on every architecture.
type Sembuf struct {
	Num uint16 // sem_num: index of the semaphore in the set
	Op  int16  // sem_op: add Op (> 0), wait to subtract -Op (< 0), wait for zero (0)
	Flg int16  // sem_flg: IPC_NOWAIT, SEM_UNDO
}

// Semget returns the identifier of the semaphore set of nsems semaphores
// under key, creating it when flags ask (unix.IPC_CREAT, unix.IPC_EXCL,
// permission bits).
func Semget(key, nsems, flags int) (int, error) {
	id, _, errno := unix.Syscall(unix.SYS_SEMGET, uintptr(key), uintptr(nsems), uintptr(flags))
	if errno != 0 {
		return -1, errno
	}
	return int(id), nil
}

// semctl calls the kernel's semctl with arg, the bits of C's union semun
// as the caller passes it by value (a pointer-sized word). No IPC_64 flag:
// the commands here (GETVAL, SETVAL, IPC_RMID) read or write no struct
// whose layout it selects, and the architectures whose semctl is the new
// one (386, mips o32, ppc64, s390x since 5.1) refuse the flag.
func semctl(id, num, cmd int, arg uintptr) (int, error) {
	r, _, errno := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), uintptr(num), uintptr(cmd), arg, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(r), nil
}

// semunVal returns union semun { int val; ... } holding val, as the word
// the kernel receives: val in the union's first four bytes. On a 64-bit
// big-endian architecture those are the word's high half, which is where
// the kernel's SETVAL looks for it (arg >> 32); a plain uintptr(val) would
// set the semaphore to 0 there.
func semunVal(val int) uintptr {
	var u uintptr
	*(*int32)(unsafe.Pointer(&u)) = int32(val)
	return u
}

// SemGetVal returns the value of semaphore num of set id (semctl GETVAL).
func SemGetVal(id, num int) (int, error) {
	return semctl(id, num, wire.GETVAL, 0)
}

// SemSetVal sets semaphore num of set id to val (semctl SETVAL).
func SemSetVal(id, num, val int) error {
	_, err := semctl(id, num, wire.SETVAL, semunVal(val))
	return err
}

// SemRemove removes the semaphore set id (semctl IPC_RMID), waking every
// process that waits on it with EIDRM.
func SemRemove(id int) error {
	_, err := semctl(id, 0, unix.IPC_RMID, 0)
	return err
}

// semtimedop is the system call that performs semaphore operations, and
// whether its timeout is a 64-bit struct __kernel_timespec. 386 and mips
// o32 have no semop or old semtimedop outside the ipc multiplexer, only
// semtimedop_time64 (Linux 5.1); every other architecture has semtimedop
// with its native struct timespec, which unix.Timespec mirrors. The
// numbers are the kernel's (x/sys spells them SYS_SEMTIMEDOP and
// SYS_SEMTIMEDOP_TIME64 only where they exist, so one file cannot name
// both).
var semtimedopTrap, semtimedopTime64 = func() (uintptr, bool) {
	switch runtime.GOARCH {
	case "386":
		return 420, true
	case "mips", "mipsle":
		return 4420, true
	case "amd64":
		return 220, false
	case "arm":
		return 312, false
	case "arm64", "loong64", "riscv64":
		return 192, false
	case "mips64", "mips64le":
		return 5214, false
	case "ppc64", "ppc64le", "s390x":
		return 392, false
	}
	return 0, false
}()

// kernelTimespec mirrors struct __kernel_timespec, the 64-bit timeout of
// semtimedop_time64.
type kernelTimespec struct {
	Sec  int64
	Nsec int64
}

// semtimedop performs ops atomically, waiting at most timeout (< 0: no
// limit). It returns EINTR as the kernel does.
func semtimedop(id int, ops []Sembuf, timeout time.Duration) error {
	if len(ops) == 0 {
		return unix.EINVAL
	}
	if semtimedopTrap == 0 {
		return unix.ENOSYS
	}
	var ts unsafe.Pointer
	switch {
	case timeout < 0:
	case semtimedopTime64:
		ts = unsafe.Pointer(&kernelTimespec{Sec: int64(timeout / time.Second), Nsec: int64(timeout % time.Second)})
	default:
		t := unix.NsecToTimespec(timeout.Nanoseconds())
		ts = unsafe.Pointer(&t)
	}
	_, _, errno := unix.Syscall6(semtimedopTrap, uintptr(id), uintptr(unsafe.Pointer(&ops[0])),
		uintptr(len(ops)), uintptr(ts), 0, 0)
	runtime.KeepAlive(ops)
	if errno != 0 {
		return errno
	}
	return nil
}

// Semop performs ops atomically, waiting as long as they need. The kernel
// never restarts semop after a signal handler, and the Go runtime's own
// signals (preemption) arrive at any time, so an EINTR is retried here.
func Semop(id int, ops []Sembuf) error {
	for {
		err := semtimedop(id, ops, -1)
		if err != unix.EINTR {
			return err
		}
	}
}

// Semtimedop performs ops atomically, waiting at most timeout in all; it
// fails with EAGAIN when the time runs out first. An EINTR (see Semop) is
// retried with the time that remains.
func Semtimedop(id int, ops []Sembuf, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := semtimedop(id, ops, max(time.Until(deadline), 0))
		if err != unix.EINTR {
			return err
		}
	}
}
