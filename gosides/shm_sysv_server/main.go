// Command shm_sysv_server is the Go counterpart of ctests/shm_sysv_server.c:
// shm_server.c of document 004. It creates a wire.SHMSZ-byte SysV segment,
// writes 'a'..'z' and a NUL, waits until the client changes the first byte
// to '*', then removes the segment. As the document's server it creates the
// segment or reuses the one under the key (IPC_CREAT), and waits for its
// client however late it comes; -excl refuses a key that is taken
// (IPC_EXCL), and -timeout bounds the wait.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "shm_sysv_server [-key k] [-mode octal] [-excl] [-ready file] [-timeout seconds]"

var shmid = -1

// failRemoving reports a failed call, removes the segment, and exits 1.
func failRemoving(call string, err error) {
	peer.Error(call, err)
	if shmid >= 0 {
		if _, err := unix.SysvShmCtl(shmid, unix.IPC_RMID, nil); err != nil {
			peer.Error("shmctl", err)
		}
	}
	os.Exit(peer.ExitFail)
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ShmSysvKey, "SysV IPC key")
	mode := fs.Int64("mode", 0o600, "permissions of the segment (0666 widens it to every user, as the document's)")
	excl := fs.Bool("excl", false, "refuse a key that is taken (IPC_EXCL) instead of reusing its segment")
	ready := fs.String("ready", "", "file to write the key to once the segment is filled")
	timeout := fs.Int64("timeout", 0, "seconds to wait for the client's '*' (0: for ever)")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 0, 86400)

	flags := unix.IPC_CREAT | int(*mode)
	if *excl {
		flags |= unix.IPC_EXCL
	}
	var err error
	shmid, err = unix.SysvShmGet(int(*key), wire.SHMSZ, flags)
	if err != nil {
		peer.Fail("shmget", err)
	}
	mem, err := unix.SysvShmAttach(shmid, 0, 0)
	if err != nil {
		failRemoving("shmat", err)
	}
	s := mem[:0]
	for c := byte('a'); c <= 'z'; c++ {
		s = append(s, c)
	}
	mem[len(s)] = 0
	peer.Ready(*ready, "%d", *key)

	start := time.Now()
	for shm.LoadByte(mem, 0) != wire.ShmSysvDone {
		if *timeout > 0 && time.Since(start) >= time.Duration(*timeout)*time.Second {
			fmt.Fprintf(os.Stderr, "timeout: no '%c' from the client after %d s\n", wire.ShmSysvDone, *timeout)
			if err := unix.SysvShmDetach(mem); err != nil {
				peer.Error("shmdt", err)
			}
			failRemoving("wait", unix.ETIMEDOUT)
		}
		time.Sleep(time.Millisecond)
	}
	if err := unix.SysvShmDetach(mem); err != nil {
		failRemoving("shmdt", err)
	}
	if _, err := unix.SysvShmCtl(shmid, unix.IPC_RMID, nil); err != nil {
		peer.Fail("shmctl", err)
	}
}
