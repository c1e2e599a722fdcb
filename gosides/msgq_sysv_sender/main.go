// Command msgq_sysv_sender is the Go counterpart of
// ctests/msgq_sysv_sender.c: message_send.c of document 004. It finds the
// message queue under a key and puts typed messages on it: the fixed
// sequence of wire.MsgqSysvSends, then the end message, printing each.
package main

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "msgq_sysv_sender [-key k]"

// send puts one message on the queue, its text with the NUL that the C
// sender sends.
func send(msqid, mtype int, text string) {
	msg := append([]byte(text), 0)
	if len(msg) > wire.MsgqTextSize {
		peer.Failf("msgsnd: text of %d bytes exceeds %d", len(msg), wire.MsgqTextSize)
	}
	if err := sysv.Msgsnd(msqid, mtype, msg, unix.IPC_NOWAIT); err != nil {
		peer.Fail("msgsnd", err)
	}
	fmt.Printf("msgsnd type %d, %d bytes: %s\n", mtype, len(msg), text)
}

func main() {
	fs := peer.Flags(usage)
	key := fs.Int64("key", wire.MsgqSysvKey, "SysV IPC key")
	peer.Parse(fs)
	peer.Range(fs, "key", *key, -1<<31, 1<<31-1)

	msqid, err := sysv.Msgget(int(*key), 0)
	if err != nil {
		peer.Fail("msgget", err)
	}
	for _, m := range wire.MsgqSysvSends {
		send(msqid, m.Mtype, m.Text)
	}
	send(msqid, wire.MsgqSysvEndType, wire.MsgqSysvEndText)
}
