// Command sem_sysv_second is the Go counterpart of ctests/sem_sysv_second.c:
// the second of two processes that increment a counter in System V shared
// memory under a System V semaphore. It opens the first process's set and
// segment under KEY, takes the mutex, says it has joined, increments the
// counter n times between P and V on the mutex, says it has finished, and
// prints how many increments it made.
//
// With -hold it only takes the mutex (SEM_UNDO), says so in its ready
// file, and keeps it until it is killed or -timeout passes: the kernel's
// undo must then give the mutex back.
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

const usage = "sem_sysv_second [-key k] [-n increments] [-hold] [-ready file] [-timeout seconds]"

var semid = -1

// op performs one operation on semaphore num, waiting at most timeout.
func op(num uint16, delta, flags int16, timeout time.Duration) error {
	return sysv.Semtimedop(semid, []sysv.Sembuf{{Num: num, Op: delta, Flg: flags}}, timeout)
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.SemSysvKey, "SysV IPC key of the set and the segment")
	n := fs.Int64("n", wire.SemSysvIncrements, "increments to make")
	hold := fs.Bool("hold", false, "take the mutex and keep it until killed")
	ready := fs.String("ready", "", "file to write to once the mutex is held (-hold)")
	timeoutSec := fs.Int64("timeout", 10, "seconds any one wait may take")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "n", *n, 0, 1<<63-1)
	peer.Range(fs, "timeout", *timeoutSec, 1, 86400)
	timeout := time.Duration(*timeoutSec) * time.Second

	var err error
	semid, err = sysv.Semget(int(*key), wire.SemSysvNsems, 0)
	if err != nil {
		peer.Fail("semget", err)
	}
	shmid, err := unix.SysvShmGet(int(*key), int(unsafe.Sizeof(wire.SemSysvCounter{})), 0)
	if err != nil {
		peer.Fail("shmget", err)
	}
	mem, err := unix.SysvShmAttach(shmid, 0, 0)
	if err != nil {
		peer.Fail("shmat", err)
	}
	counter := (*wire.SemSysvCounter)(unsafe.Pointer(&mem[0]))

	if *hold {
		if err := op(wire.SemSysvMutex, -1, wire.SEM_UNDO, timeout); err != nil {
			peer.Fail("semtimedop", err)
		}
		peer.Ready(*ready, "holding")
		time.Sleep(timeout)
		fmt.Fprintf(os.Stderr, "timeout: still holding the mutex after %d s\n", *timeoutSec)
		os.Exit(peer.ExitFail)
	}

	for i := range *n {
		if err := op(wire.SemSysvMutex, -1, wire.SEM_UNDO, timeout); err != nil {
			peer.Fail("semtimedop", err)
		}
		counter.Count = counter.Count + 1
		if err := op(wire.SemSysvMutex, 1, wire.SEM_UNDO, timeout); err != nil {
			peer.Fail("semtimedop", err)
		}
		// Joined once the mutex was ours: the first starts counting now.
		if i == 0 {
			if err := op(wire.SemSysvJoined, 1, 0, timeout); err != nil {
				peer.Fail("semtimedop", err)
			}
		}
	}
	if *n == 0 {
		if err := op(wire.SemSysvJoined, 1, 0, timeout); err != nil {
			peer.Fail("semtimedop", err)
		}
	}
	if err := op(wire.SemSysvDone, 1, 0, timeout); err != nil {
		peer.Fail("semtimedop", err)
	}
	fmt.Printf("incremented %d\n", *n)
	if err := unix.SysvShmDetach(mem); err != nil {
		peer.Fail("shmdt", err)
	}
}
