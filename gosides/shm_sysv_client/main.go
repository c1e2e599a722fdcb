// Command shm_sysv_client is the Go counterpart of ctests/shm_sysv_client.c:
// shm_client.c of document 004. It attaches the server's segment, prints
// the string there, and sets the first byte to '*' to say it has read it.
package main

import (
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "shm_sysv_client [-key k]"

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ShmSysvKey, "SysV IPC key")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)

	shmid, err := unix.SysvShmGet(int(*key), wire.SHMSZ, 0)
	if err != nil {
		peer.Fail("shmget", err)
	}
	mem, err := unix.SysvShmAttach(shmid, 0, 0)
	if err != nil {
		peer.Fail("shmat", err)
	}
	text := []byte(peer.CString(mem[:wire.SHMSZ]))
	if _, err := os.Stdout.Write(append(text, '\n')); err != nil {
		peer.Fail("write", err)
	}
	shm.StoreByte(mem, 0, wire.ShmSysvDone)
	if err := unix.SysvShmDetach(mem); err != nil {
		peer.Fail("shmdt", err)
	}
}
