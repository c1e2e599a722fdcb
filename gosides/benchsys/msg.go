package benchsys

import (
	"encoding/binary"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/sysv"
	"golang.org/x/sys/unix"
)

// Msgbuf is a struct msgbuf (a C long, then the text) kept for the whole
// run, as the C peers keep theirs. sysv.Msgsnd and sysv.Msgrcv build a
// fresh one on every call: in a benchmark that moves a message a
// microsecond, those allocations and the garbage collection they bring
// cost the Go side a fifth of its processor time (see the report).
type Msgbuf struct{ b []byte }

// NewMsgbuf returns a message buffer holding size bytes of text.
func NewMsgbuf(size int64) *Msgbuf {
	return &Msgbuf{b: make([]byte, int64(sysv.LongSize)+size)}
}

// Text is the message's text.
func (m *Msgbuf) Text() []byte { return m.b[sysv.LongSize:] }

// SetType sets the message's type, a C long in host byte order.
func (m *Msgbuf) SetType(t int) {
	if sysv.LongSize == 8 {
		binary.NativeEndian.PutUint64(m.b, uint64(int64(t)))
	} else {
		binary.NativeEndian.PutUint32(m.b, uint32(int32(t)))
	}
}

// Type is the message's type.
func (m *Msgbuf) Type() int {
	if sysv.LongSize == 8 {
		return int(int64(binary.NativeEndian.Uint64(m.b)))
	}
	return int(int32(binary.NativeEndian.Uint32(m.b)))
}

// Msgsnd puts m, with all of its text, on the queue id.
func Msgsnd(id int, m *Msgbuf, flags int) error {
	for {
		_, _, errno := unix.Syscall6(unix.SYS_MSGSND, uintptr(id), uintptr(unsafe.Pointer(&m.b[0])),
			uintptr(len(m.b)-sysv.LongSize), uintptr(flags), 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return errno
		}
		return nil
	}
}

// Msgrcv takes a message from the queue id into m (msgtyp as msgrcv(2)
// says) and returns the length of its text.
func Msgrcv(id int, m *Msgbuf, msgtyp, flags int) (int, error) {
	for {
		r, _, errno := unix.Syscall6(unix.SYS_MSGRCV, uintptr(id), uintptr(unsafe.Pointer(&m.b[0])),
			uintptr(len(m.b)-sysv.LongSize), uintptr(msgtyp), uintptr(flags), 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return 0, errno
		}
		return int(r), nil
	}
}
