// Command shm_sysv_client plays the client of the SysV handshake (document
// 004's shm_client.c) with github.com/gen2brain/shm for every shared memory
// call: it attaches the server's segment, prints the string there, and sets
// the first byte to '*' to say it has read it. Flags, output and exit
// statuses are those of ipcconform's ctests/shm_sysv_client.c.
package main

import (
	"os"

	"github.com/gen2brain/shm"
	"github.com/ipcconform/ipcconform/gosides/peer"
	atomicshm "github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
)

const usage = "shm_sysv_client [-key k]"

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ShmSysvKey, "SysV IPC key")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)

	shmid, err := shm.Get(int(*key), wire.SHMSZ, 0)
	if err != nil {
		peer.Fail("shmget", err)
	}
	mem, err := shm.At(shmid, 0, 0)
	if err != nil {
		peer.Fail("shmat", err)
	}
	// shm.At sizes the slice from its own shmctl(IPC_STAT); a slice
	// shorter than the segment means that call misread the kernel's answer.
	if len(mem) < wire.SHMSZ {
		if err := shm.Dt(mem); err != nil {
			peer.Error("shmdt", err)
		}
		peer.Failf("shmat: gen2brain/shm gave %d bytes of a %d-byte segment", len(mem), wire.SHMSZ)
	}
	text := []byte(peer.CString(mem[:wire.SHMSZ]))
	if _, err := os.Stdout.Write(append(text, '\n')); err != nil {
		peer.Fail("write", err)
	}
	atomicshm.StoreByte(mem, 0, wire.ShmSysvDone)
	if err := shm.Dt(mem); err != nil {
		peer.Fail("shmdt", err)
	}
}
