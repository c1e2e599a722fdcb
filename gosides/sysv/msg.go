package sysv

import (
	"encoding/binary"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"golang.org/x/sys/unix"
)

// LongSize is the size of a C long, the type of a message's mtype: 4 bytes
// on 32-bit architectures, 8 on 64-bit ones. Go's uintptr has that size on
// every Linux architecture.
const LongSize = int(unsafe.Sizeof(uintptr(0)))

// Msgget returns the identifier of the message queue under key, creating
// it when flags ask (unix.IPC_CREAT, unix.IPC_EXCL, permission bits).
func Msgget(key, flags int) (int, error) {
	id, _, errno := unix.Syscall(unix.SYS_MSGGET, uintptr(key), uintptr(flags), 0)
	if errno != 0 {
		return -1, errno
	}
	return int(id), nil
}

// putLong stores v as a C long in host byte order at the start of b.
func putLong(b []byte, v int) {
	if LongSize == 8 {
		binary.NativeEndian.PutUint64(b, uint64(int64(v)))
	} else {
		binary.NativeEndian.PutUint32(b, uint32(int32(v)))
	}
}

// Msgsnd puts a message of type mtype (> 0) holding text on the queue id.
// The kernel reads a struct msgbuf, a C long then the text, and is told
// the text's length alone.
func Msgsnd(id, mtype int, text []byte, flags int) error {
	buf := make([]byte, LongSize+len(text))
	putLong(buf, mtype)
	copy(buf[LongSize:], text)
	for {
		_, _, errno := unix.Syscall6(unix.SYS_MSGSND, uintptr(id), uintptr(unsafe.Pointer(&buf[0])),
			uintptr(len(text)), uintptr(flags), 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return errno
		}
		return nil
	}
}

// Msgrcv takes a message from the queue id and copies its text into text,
// whose length is the capacity msgrcv is given. msgtyp selects as
// msgrcv(2) says: 0 the first message, > 0 the first of exactly that type,
// < 0 the first of the lowest type not above -msgtyp. It returns the
// message's type and the length of its text (truncated to len(text) with
// MSG_NOERROR; without it a longer message fails with E2BIG and stays).
func Msgrcv(id int, text []byte, msgtyp, flags int) (mtype, n int, err error) {
	buf := make([]byte, LongSize+len(text))
	for {
		r, _, errno := unix.Syscall6(unix.SYS_MSGRCV, uintptr(id), uintptr(unsafe.Pointer(&buf[0])),
			uintptr(len(text)), uintptr(msgtyp), uintptr(flags), 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return 0, 0, errno
		}
		mt, got, err := decode.Msgbuf(buf, int(r), LongSize, binary.NativeEndian)
		if err != nil {
			return 0, 0, unix.EMSGSIZE // a count the kernel cannot return
		}
		return int(mt), copy(text, got), nil
	}
}

// MsgctlRemove removes the queue id (msgctl IPC_RMID), waking every
// process blocked on it with EIDRM.
func MsgctlRemove(id int) error {
	_, _, errno := unix.Syscall(unix.SYS_MSGCTL, uintptr(id), uintptr(unix.IPC_RMID), 0)
	if errno != 0 {
		return errno
	}
	return nil
}
