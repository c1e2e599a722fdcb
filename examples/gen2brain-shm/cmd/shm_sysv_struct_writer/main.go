// Command shm_sysv_struct_writer plays the writer of document 000's shared
// memory example with github.com/gen2brain/shm for every shared memory call:
// it creates the segment KEY of sizeof(struct some_data_structure) bytes,
// fills every field through the wire.SomeDataStructure mirror, shows what
// shmctl(IPC_STAT) says, waits until a reader has attached and detached,
// and removes the segment. Flags, output and exit statuses are those of
// ipcconform's ctests/shm_sysv_struct_writer.c.
package main

import (
	"fmt"
	"os"
	"time"
	"unsafe"

	"github.com/gen2brain/shm"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "shm_sysv_struct_writer [-key k] [-mode octal] [-ready file] [-timeout seconds]"

// shmDest is SHM_DEST (<sys/shm.h>), which gen2brain/shm lacks: the bit of
// shm_perm.mode that says the segment is removed and awaits its last detach.
const shmDest = 0o1000

var shmid = -1

// failRemoving reports a failed call, removes the segment, and exits 1.
func failRemoving(call string, err error) {
	peer.Error(call, err)
	exitRemoving()
}

// exitRemoving removes the segment, if there is one, and exits 1.
func exitRemoving() {
	if shmid >= 0 {
		if err := shm.Rm(shmid); err != nil {
			peer.Error("shmctl", err)
		}
	}
	os.Exit(peer.ExitFail)
}

// printStat prints what the reader prints of shmctl(IPC_STAT).
func printStat(ds *shm.IdDs) {
	fmt.Printf("shm_perm.key=%d\n", ds.Perm.Key)
	fmt.Printf("shm_perm.mode=%o\n", uint32(ds.Perm.Mode))
	fmt.Printf("shm_segsz=%d\n", uint64(ds.SegSz))
	fmt.Printf("shm_nattch=%d\n", uint64(ds.Nattch))
	fmt.Printf("shm_cpid=%d\n", ds.Cpid)
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ShmStructKey, "SysV IPC key")
	mode := fs.Int64("mode", 0o600, "permissions of the segment")
	ready := fs.String("ready", "", "file to write the pid to once the segment is filled")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the reader")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	size := int(unsafe.Sizeof(wire.SomeDataStructure{}))
	var err error
	shmid, err = shm.Get(int(*key), size, shm.IPC_CREAT|shm.IPC_EXCL|int(*mode))
	if err != nil {
		peer.Fail("shmget", err)
	}
	mem, err := shm.At(shmid, 0, 0)
	if err != nil {
		failRemoving("shmat", err)
	}
	// shm.At sizes the slice from its own shmctl(IPC_STAT); a slice
	// shorter than the segment means that call misread the kernel's answer.
	if len(mem) < size {
		fmt.Fprintf(os.Stderr, "shmat: gen2brain/shm gave %d bytes of a %d-byte segment\n", len(mem), size)
		if err := shm.Dt(mem); err != nil {
			peer.Error("shmdt", err)
		}
		exitRemoving()
	}
	ap := (*wire.SomeDataStructure)(unsafe.Pointer(&mem[0]))

	// Every field, with values that show sign, width and byte order.
	*ap = wire.SomeDataStructure{
		Id:          -1234567890123456789,
		Counter:     0xfedcba9876543210,
		Value:       -273.15,
		Temperature: -40,
		Flags:       0xdeadbeef,
		Delta:       -2,
		Port:        6013,
		Level:       -128,
		State:       200,
	}
	copy(ap.Name[:], "some_data")

	var ds shm.IdDs
	if _, err := shm.Ctl(shmid, shm.IPC_STAT, &ds); err != nil {
		failRemoving("shmctl", err)
	}
	printStat(&ds)
	peer.Ready(*ready, "%d", os.Getpid())

	// The reader has come and gone when the segment is down to our one
	// attachment and the last shmat or shmdt was another process's.
	start := time.Now()
	for {
		if _, err := shm.Ctl(shmid, shm.IPC_STAT, &ds); err != nil {
			failRemoving("shmctl", err)
		}
		if ds.Nattch == 1 && int(ds.Lpid) != os.Getpid() {
			break
		}
		if time.Since(start) >= time.Duration(*timeout)*time.Second {
			fmt.Fprintf(os.Stderr, "timeout: no reader attached and detached after %d s\n", *timeout)
			if err := shm.Dt(mem); err != nil {
				peer.Error("shmdt", err)
			}
			failRemoving("wait", unix.ETIMEDOUT)
		}
		time.Sleep(time.Millisecond)
	}
	// What the reader wrote after its IPC_RMID is here all the same.
	fmt.Printf("counter=%#x\n", ap.Counter)

	// Removed already by the reader, or now by us: either way the segment
	// lives on, keyless, until the last detach.
	if uint32(ds.Perm.Mode)&shmDest == 0 {
		if err := shm.Rm(shmid); err != nil {
			failRemoving("shmctl", err)
		}
	}
	if _, err := shm.Ctl(shmid, shm.IPC_STAT, &ds); err != nil {
		failRemoving("shmctl", err)
	}
	printStat(&ds)
	_, err = shm.Get(int(*key), 0, 0)
	if err == nil {
		fmt.Fprintln(os.Stderr, "shmget: the key still finds the segment after IPC_RMID")
		failRemoving("shmget", unix.EEXIST)
	}
	fmt.Printf("shmget after IPC_RMID: %s\n", peer.ErrnoName(err))

	// Our detach was the last one: the segment is gone.
	if err := shm.Dt(mem); err != nil {
		failRemoving("shmdt", err)
	}
	_, err = shm.Ctl(shmid, shm.IPC_STAT, &ds)
	if err == nil {
		fmt.Fprintln(os.Stderr, "shmctl: the segment outlived its last detach")
		failRemoving("shmctl", unix.EEXIST)
	}
	fmt.Printf("shmctl after the last shmdt: %s\n", peer.ErrnoName(err))
}
