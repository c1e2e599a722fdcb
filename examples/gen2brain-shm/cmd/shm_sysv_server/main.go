// Command shm_sysv_server plays the server of the SysV handshake (document
// 004's shm_server.c) with github.com/gen2brain/shm for every shared memory
// call: it creates a wire.SHMSZ-byte segment, writes 'a'..'z' and a NUL,
// waits until the client changes the first byte to '*', then removes the
// segment. As the document's server it reuses a segment under the key
// (IPC_CREAT) and waits for its client however late; -excl refuses a key
// that is taken and -timeout bounds the wait. Flags, output and exit
// statuses are those of ipcconform's ctests/shm_sysv_server.c.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/gen2brain/shm"
	"github.com/ipcconform/ipcconform/gosides/peer"
	atomicshm "github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "shm_sysv_server [-key k] [-mode octal] [-excl] [-ready file] [-timeout seconds]"

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

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ShmSysvKey, "SysV IPC key")
	mode := fs.Int64("mode", 0o600, "permissions of the segment")
	excl := fs.Bool("excl", false, "refuse a key that is taken (IPC_EXCL) instead of reusing its segment")
	ready := fs.String("ready", "", "file to write the key to once the segment is filled")
	timeout := fs.Int64("timeout", 0, "seconds to wait for the client's '*' (0: for ever)")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 0, 86400)

	flags := shm.IPC_CREAT | int(*mode)
	if *excl {
		flags |= shm.IPC_EXCL
	}
	var err error
	shmid, err = shm.Get(int(*key), wire.SHMSZ, flags)
	if err != nil {
		peer.Fail("shmget", err)
	}
	// shm.At sizes the slice from its own shmctl(IPC_STAT); a slice
	// shorter than the segment means that call misread the kernel's answer.
	mem, err := shm.At(shmid, 0, 0)
	if err != nil {
		failRemoving("shmat", err)
	}
	if len(mem) < wire.SHMSZ {
		fmt.Fprintf(os.Stderr, "shmat: gen2brain/shm gave %d bytes of a %d-byte segment\n", len(mem), wire.SHMSZ)
		if err := shm.Dt(mem); err != nil {
			peer.Error("shmdt", err)
		}
		exitRemoving()
	}
	s := mem[:0]
	for c := byte('a'); c <= 'z'; c++ {
		s = append(s, c)
	}
	mem[len(s)] = 0
	peer.Ready(*ready, "%d", *key)

	start := time.Now()
	for atomicshm.LoadByte(mem, 0) != wire.ShmSysvDone {
		if *timeout > 0 && time.Since(start) >= time.Duration(*timeout)*time.Second {
			fmt.Fprintf(os.Stderr, "timeout: no '%c' from the client after %d s\n", wire.ShmSysvDone, *timeout)
			if err := shm.Dt(mem); err != nil {
				peer.Error("shmdt", err)
			}
			failRemoving("wait", unix.ETIMEDOUT)
		}
		time.Sleep(time.Millisecond)
	}
	if err := shm.Dt(mem); err != nil {
		failRemoving("shmdt", err)
	}
	if err := shm.Rm(shmid); err != nil {
		peer.Fail("shmctl", err)
	}
}
