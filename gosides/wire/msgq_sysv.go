package wire

import "golang.org/x/sys/unix"

// The System V message queue exchange of document 004's message_send.c and
// message_rec.c; mirrors ctests/include/msgq_sysv.h.
const (
	MsgqSysvKey     = 1234  // MSGQ_SYSV_KEY
	MsgqSysvEndType = 99    // MSGQ_SYSV_END_TYPE
	MsgqSysvEndText = "end" // MSGQ_SYSV_END_TEXT
	MsgqSysvSmall   = 16    // MSGQ_SYSV_SMALL
)

// MsgqSysvSends mirrors MSGQ_SYSV_SENDS: the messages, in the order sent.
var MsgqSysvSends = []struct {
	Mtype int
	Text  string
}{
	{3, "three: the first of type 3"},
	{1, "one: the first of type 1"},
	{2, "two: the first of type 2"},
	{1, "one: the second of type 1"},
	{5, "five: a message longer than the small buffer"},
	{3, "three: the second of type 3"},
	{2, "two: the second of type 2"},
}

// MsgqSysvRecvs mirrors MSGQ_SYSV_RECVS: the receives, in order, after the
// end message, each the msgtyp, text capacity and flags given to msgrcv.
var MsgqSysvRecvs = []struct {
	Msgtyp, Size, Flags int
}{
	{2, MsgqTextSize, 0},
	{0, MsgqTextSize, 0},
	{-2, MsgqTextSize, 0},
	{-2, MsgqTextSize, 0},
	{-2, MsgqTextSize, 0},
	{-2, MsgqTextSize, unix.IPC_NOWAIT},
	{5, MsgqSysvSmall, unix.IPC_NOWAIT},
	{5, MsgqSysvSmall, unix.IPC_NOWAIT | MSG_NOERROR},
	{0, MsgqTextSize, unix.IPC_NOWAIT},
	{0, MsgqTextSize, unix.IPC_NOWAIT},
}
