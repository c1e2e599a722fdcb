// Command errno_receiver is the Go counterpart of ctests/errno_receiver.c:
// a receiver blocked in msgrcv when its queue is removed. It creates the
// queue under -key, writes its pid to the ready file, waits in msgrcv for a
// message no one sends, and prints "msgrcv-eidrm: msgrcv: ENAME" for the
// failure it gets.
//
// The wait is bounded by -timeout. The C receiver's SIGALRM makes msgrcv
// fail with EINTR; a Go program cannot count on a signal reaching the
// thread blocked in msgrcv (and sysv.Msgrcv retries EINTR, which the
// runtime's own signals cause), so a timer ends the process instead, after
// removing the queue and saying why, as the C receiver does.
package main

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/ipcconform/ipcconform/gosides/errnoprobe"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "errno_receiver [-key k] [-ready file] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.ErrnoParityKey, "SysV IPC key")
	ready := fs.String("ready", "", "file to write the pid to once the queue exists")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the queue's removal")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	msqid, err := sysv.Msgget(int(*key), unix.IPC_CREAT|unix.IPC_EXCL|0o600)
	if err != nil {
		peer.Fail("msgget", err)
	}
	peer.Ready(*ready, "%d", os.Getpid())

	// Whichever ends first, the timer or msgrcv, holds mu to the end, so a
	// removal by the timer is never reported as the EIDRM wanted.
	var mu sync.Mutex
	time.AfterFunc(time.Duration(*timeout)*time.Second, func() {
		mu.Lock()
		if err := sysv.MsgctlRemove(msqid); err != nil {
			peer.Error("msgctl", err)
		}
		fmt.Fprintf(os.Stderr, "timeout: the queue was not removed after %d s\n", *timeout)
		os.Exit(peer.ExitFail)
	})
	_, _, err = sysv.Msgrcv(msqid, make([]byte, wire.ErrnoParitySmall), wire.ErrnoParityMtype, 0)
	mu.Lock()
	if err != unix.EIDRM {
		// Not removed under us: the queue is still ours to remove.
		if err := sysv.MsgctlRemove(msqid); err != nil {
			peer.Error("msgctl", err)
		}
	}
	if err == nil {
		fmt.Fprintf(os.Stderr, "msgrcv-eidrm: msgrcv: succeeded\n")
		os.Exit(peer.ExitFail)
	}
	fmt.Printf("msgrcv-eidrm: msgrcv: %s\n", errnoprobe.Name(err))
}
