package benchsys

import (
	"encoding/binary"
	"runtime"
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
//
// Msgsnd and Msgrcv block through unix.RawSyscall6, without the runtime's
// entersyscall and exitsyscall, as the fast path (fast.go) waits: sound
// for a side whose one goroutine does nothing else, because a System V
// IPC call interrupted by a signal is never restarted, so a preemption
// request (a signal) ends the wait with EINTR, and runtime.Gosched then
// gives the scheduler its safe point. msgrcv(2) has no timeout: with
// GODEBUG=asyncpreemptoff=1 no signal comes, and a garbage collection's
// stop waits for the next message.
func Msgsnd(id int, m *Msgbuf, flags int) error {
	_, err := msgCall(unix.SYS_MSGSND, id, m, uintptr(flags), 0)
	return err
}

// Msgrcv takes a message from the queue id into m (msgtyp as msgrcv(2)
// says) and returns the length of its text.
func Msgrcv(id int, m *Msgbuf, msgtyp, flags int) (int, error) {
	return msgCall(unix.SYS_MSGRCV, id, m, uintptr(msgtyp), uintptr(flags))
}

// msgCall makes msgsnd or msgrcv on the queue id with m's buffer, then
// a4 and a5, until it is not interrupted. m's address is taken in the
// system call's own argument list (unsafe.Pointer's rule 4).
func msgCall(nr uintptr, id int, m *Msgbuf, a4, a5 uintptr) (int, error) {
	for {
		r, _, errno := unix.RawSyscall6(nr, uintptr(id), uintptr(unsafe.Pointer(&m.b[0])),
			uintptr(len(m.b)-sysv.LongSize), a4, a5, 0)
		switch errno {
		case 0:
			return int(r), nil
		case unix.EINTR:
			runtime.Gosched()
			continue
		}
		return 0, errno
	}
}

// A Queue is a POSIX message queue descriptor on the fast path (fast.go):
// non-blocking, sent to and received from through unix.RawSyscall6, and
// waited on in ppoll(2).
type Queue struct{ f *fast }

// FastQueue returns mqd's fast path, or fails the run. A first role calls
// it before Start. It binds the calling goroutine to its thread for the
// rest of the run, and mqd is open in that thread's table alone.
func FastQueue(mqd int) *Queue { return &Queue{fastPath(mqd)} }

// Send puts msg on the queue with priority prio (mq_timedsend(2) with no
// timeout), waiting while the queue is full.
func (q *Queue) Send(msg []byte, prio uint) error {
	_, err := q.f.call(op{nr: unix.SYS_MQ_TIMEDSEND, arg: uintptr(prio), events: unix.POLLOUT, name: "mq_timedsend"}, msg)
	return err
}

// Receive takes the oldest message of the highest priority into buf
// (mq_timedreceive(2) with no timeout), waiting while the queue is empty,
// and returns its length.
func (q *Queue) Receive(buf []byte) (int, error) {
	return q.f.call(op{nr: unix.SYS_MQ_TIMEDRECEIVE, events: unix.POLLIN, name: "mq_timedreceive"}, buf)
}
