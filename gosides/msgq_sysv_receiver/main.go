// Command msgq_sysv_receiver is the Go counterpart of
// ctests/msgq_sysv_receiver.c: message_rec.c of document 004. It creates
// the message queue under a key, waits for the sender's end message, then
// takes the rest out in the fixed sequence of wire.MsgqSysvRecvs, selecting
// by type as msgrcv(2) defines, and prints what each receive took or the
// errno it failed with; then it removes the queue.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "msgq_sysv_receiver [-key k] [-mode octal] [-ready file] [-timeout seconds]"

var (
	msqid    = -1
	deadline time.Time
)

// failRemoving reports a failed call, removes the queue, and exits 1.
func failRemoving(call string, err error) {
	peer.Error(call, err)
	if msqid >= 0 {
		if err := sysv.MsgctlRemove(msqid); err != nil {
			peer.Error("msgctl", err)
		}
	}
	os.Exit(peer.ExitFail)
}

// receive is msgrcv, except that a receive that would wait polls until
// the deadline: a SysV queue has no timed receive.
func receive(text []byte, msgtyp, flags int, timeout int64) (int, int, error) {
	for {
		mtype, n, err := sysv.Msgrcv(msqid, text, msgtyp, flags|unix.IPC_NOWAIT)
		if err == nil || flags&unix.IPC_NOWAIT != 0 || err != unix.ENOMSG {
			return mtype, n, err
		}
		if !time.Now().Before(deadline) {
			fmt.Fprintf(os.Stderr, "timeout: no message of type %d after %d s\n", msgtyp, timeout)
			failRemoving("msgrcv", unix.ETIMEDOUT)
		}
		time.Sleep(time.Millisecond)
	}
}

// take performs one receive and prints its result. ENOMSG and E2BIG are
// results; any other failure ends the program.
func take(msgtyp, size, flags int, timeout int64) {
	var opts string
	if flags&unix.IPC_NOWAIT != 0 {
		opts += ", IPC_NOWAIT"
	}
	if flags&wire.MSG_NOERROR != 0 {
		opts += ", MSG_NOERROR"
	}
	fmt.Printf("msgrcv(msgtyp %d, size %d%s): ", msgtyp, size, opts)
	text := make([]byte, size)
	mtype, n, err := receive(text, msgtyp, flags, timeout)
	if err != nil {
		if err != unix.ENOMSG && err != unix.E2BIG {
			failRemoving("msgrcv", err)
		}
		fmt.Printf("%s\n", peer.ErrnoName(err))
		return
	}
	fmt.Printf("type %d, %d bytes: %s\n", mtype, n, peer.CString(text[:n]))
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.MsgqSysvKey, "SysV IPC key")
	mode := fs.Int64("mode", 0o600, "permissions of the queue")
	ready := fs.String("ready", "", "file to write the key to once the queue exists")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the sender's messages")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	var err error
	msqid, err = sysv.Msgget(int(*key), unix.IPC_CREAT|unix.IPC_EXCL|int(*mode))
	if err != nil {
		peer.Fail("msgget", err)
	}
	deadline = time.Now().Add(time.Duration(*timeout) * time.Second)
	peer.Ready(*ready, "%d", *key)

	// Once the end message is in, so is every other: the sender sends in
	// order, and the selections below see a queue that no longer grows.
	take(wire.MsgqSysvEndType, wire.MsgqTextSize, 0, *timeout)
	for _, r := range wire.MsgqSysvRecvs {
		take(r.Msgtyp, r.Size, r.Flags, *timeout)
	}
	if err := sysv.MsgctlRemove(msqid); err != nil {
		peer.Fail("msgctl", err)
	}
}
