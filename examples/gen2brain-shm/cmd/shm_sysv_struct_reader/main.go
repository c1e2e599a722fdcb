// Command shm_sysv_struct_reader plays the reader of document 000's shared
// memory example with github.com/gen2brain/shm for every shared memory
// call: it attaches the existing segment KEY, prints every field of struct
// some_data_structure (read through the wire mirror) as name=value, and
// what shmctl(IPC_STAT) says of the segment. With -rmid it then removes the
// segment while both processes are attached, shows that it lives on
// without its key, and writes to it once more before detaching. Flags,
// output and exit statuses are those of ipcconform's
// ctests/shm_sysv_struct_reader.c.
package main

import (
	"bytes"
	"fmt"
	"unsafe"

	"github.com/gen2brain/shm"
	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "shm_sysv_struct_reader [-key k] [-rmid]"

func printStat(shmid int) {
	var ds shm.IdDs
	if _, err := shm.Ctl(shmid, shm.IPC_STAT, &ds); err != nil {
		peer.Fail("shmctl", err)
	}
	fmt.Printf("shm_perm.key=%d\n", ds.Perm.Key)
	fmt.Printf("shm_perm.mode=%o\n", uint32(ds.Perm.Mode))
	fmt.Printf("shm_segsz=%d\n", uint64(ds.SegSz))
	fmt.Printf("shm_nattch=%d\n", uint64(ds.Nattch))
	fmt.Printf("shm_cpid=%d\n", ds.Cpid)
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ShmStructKey, "SysV IPC key")
	rmid := fs.Bool("rmid", false, "remove the segment while attached, then write to it")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)

	size := int(unsafe.Sizeof(wire.SomeDataStructure{}))
	shmid, err := shm.Get(int(*key), size, 0)
	if err != nil {
		peer.Fail("shmget", err)
	}
	mem, err := shm.At(shmid, 0, 0)
	if err != nil {
		peer.Fail("shmat", err)
	}
	// shm.At sizes the slice from its own shmctl(IPC_STAT); a slice
	// shorter than the segment means that call misread the kernel's answer.
	if len(mem) < size {
		if err := shm.Dt(mem); err != nil {
			peer.Error("shmdt", err)
		}
		peer.Failf("shmat: gen2brain/shm gave %d bytes of a %d-byte segment", len(mem), size)
	}
	ap2 := (*wire.SomeDataStructure)(unsafe.Pointer(&mem[0]))

	nul := bytes.IndexByte(ap2.Name[:], 0)
	if nul < 0 {
		peer.Failf("name: no NUL in %d bytes", len(ap2.Name))
	}
	fmt.Printf("id=%d\n", ap2.Id)
	fmt.Printf("counter=%#x\n", ap2.Counter)
	// C's "%.17g", whatever bits the writer left there (NaN too).
	fmt.Printf("value=%s\n", decode.CFloat(ap2.Value))
	fmt.Printf("temperature=%d\n", ap2.Temperature)
	fmt.Printf("flags=%#x\n", ap2.Flags)
	fmt.Printf("delta=%d\n", ap2.Delta)
	fmt.Printf("port=%d\n", ap2.Port)
	fmt.Printf("level=%d\n", ap2.Level)
	fmt.Printf("state=%d\n", ap2.State)
	fmt.Printf("name=%s\n", ap2.Name[:nul])
	printStat(shmid)

	if *rmid {
		if err := shm.Rm(shmid); err != nil {
			peer.Fail("shmctl", err)
		}
		printStat(shmid)
		_, err := shm.Get(int(*key), 0, 0)
		if err == nil {
			peer.Failf("shmget: the key still finds the segment after IPC_RMID")
		}
		fmt.Printf("shmget after IPC_RMID: %s\n", peer.ErrnoName(err))
		// Still attached, still usable.
		ap2.Counter++
		fmt.Printf("counter=%#x\n", ap2.Counter)
	}
	if err := shm.Dt(mem); err != nil {
		peer.Fail("shmdt", err)
	}
}
