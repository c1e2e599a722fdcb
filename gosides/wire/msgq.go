package wire

import "structs"

// MsgqTextSize is MSGQ_TEXT_SIZE (msgq.h): the capacity of Msgbuf.Mtext.
const MsgqTextSize = 64

// Msgbuf mirrors struct ipcc_msgbuf (msgq.h), the message of msgsnd(2):
// a C long type, then the text. Go's int is C's long on every Linux
// architecture. Pass msgsnd the text length, not the struct size.
type Msgbuf struct {
	_     structs.HostLayout
	Mtype int
	Mtext [MsgqTextSize]byte
}
