// Command sem_sysv_first is the Go counterpart of ctests/sem_sysv_first.c:
// the first of two processes that increment a counter in System V shared
// memory under a System V semaphore. It creates the semaphore set and the
// segment under KEY, sets the mutex to 1, waits until the second process
// has joined, increments the counter n times, waits until the second has
// finished, prints the final count and removes both objects.
//
// Each increment is a plain read and write of the counter between P and V
// on the mutex: only the semaphore keeps it exact. semop is a system call,
// a full barrier in the kernel, that the compiler does not move memory
// accesses across. The mutex is taken with SEM_UNDO, so that a process
// killed while holding it gives it back.
package main

import (
	"fmt"
	"os"
	"time"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "sem_sysv_first [-key k] [-n increments] [-mode octal] [-ready file] [-timeout seconds]"

var semid, shmid = -1, -1

// failRemoving reports a failed call, removes both objects, and exits 1.
func failRemoving(call string, err error) {
	peer.Error(call, err)
	if semid >= 0 {
		if err := sysv.SemRemove(semid); err != nil {
			peer.Error("semctl", err)
		}
	}
	if shmid >= 0 {
		if _, err := unix.SysvShmCtl(shmid, unix.IPC_RMID, nil); err != nil {
			peer.Error("shmctl", err)
		}
	}
	os.Exit(peer.ExitFail)
}

// op performs one operation on semaphore num, waiting at most timeout.
func op(num uint16, delta, flags int16, timeout time.Duration) error {
	return sysv.Semtimedop(semid, []sysv.Sembuf{{Num: num, Op: delta, Flg: flags}}, timeout)
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.SemSysvKey, "SysV IPC key of the set and the segment")
	n := fs.Int64("n", wire.SemSysvIncrements, "increments to make")
	mode := fs.Int64("mode", 0o600, "permissions of the set and the segment")
	ready := fs.String("ready", "", "file to write the key to once the objects exist")
	timeoutSec := fs.Int64("timeout", 10, "seconds any one wait may take")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "n", *n, 0, 1<<63-1)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeoutSec, 1, 86400)
	timeout := time.Duration(*timeoutSec) * time.Second

	var err error
	semid, err = sysv.Semget(int(*key), wire.SemSysvNsems, unix.IPC_CREAT|unix.IPC_EXCL|int(*mode))
	if err != nil {
		peer.Fail("semget", err)
	}
	// A new set's values are 0 on Linux; only the mutex starts at 1.
	if err := sysv.SemSetVal(semid, wire.SemSysvMutex, 1); err != nil {
		failRemoving("semctl", err)
	}
	shmid, err = unix.SysvShmGet(int(*key), int(unsafe.Sizeof(wire.SemSysvCounter{})), unix.IPC_CREAT|unix.IPC_EXCL|int(*mode))
	if err != nil {
		failRemoving("shmget", err)
	}
	mem, err := unix.SysvShmAttach(shmid, 0, 0)
	if err != nil {
		failRemoving("shmat", err)
	}
	counter := (*wire.SemSysvCounter)(unsafe.Pointer(&mem[0]))
	counter.Count = 0
	peer.Ready(*ready, "%d", *key)

	if err := op(wire.SemSysvJoined, -1, 0, timeout); err != nil {
		failRemoving("semtimedop", err)
	}
	for range *n {
		if err := op(wire.SemSysvMutex, -1, wire.SEM_UNDO, timeout); err != nil {
			failRemoving("semtimedop", err)
		}
		counter.Count = counter.Count + 1
		if err := op(wire.SemSysvMutex, 1, wire.SEM_UNDO, timeout); err != nil {
			failRemoving("semtimedop", err)
		}
	}
	if err := op(wire.SemSysvDone, -1, 0, timeout); err != nil {
		failRemoving("semtimedop", err)
	}

	if err := op(wire.SemSysvMutex, -1, wire.SEM_UNDO, timeout); err != nil {
		failRemoving("semtimedop", err)
	}
	fmt.Printf("count %d\n", counter.Count)
	if err := unix.SysvShmDetach(mem); err != nil {
		failRemoving("shmdt", err)
	}
	if err := sysv.SemRemove(semid); err != nil {
		semid = -1
		failRemoving("semctl", err)
	}
	if _, err := unix.SysvShmCtl(shmid, unix.IPC_RMID, nil); err != nil {
		peer.Fail("shmctl", err)
	}
}
