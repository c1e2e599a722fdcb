// Package mq wraps the POSIX message queue calls that golang.org/x/sys/unix
// leaves out (mq_open, mq_timedsend, mq_timedreceive, mq_getsetattr,
// mq_unlink), calling the kernel directly as x/sys would.
//
// Names are given as glibc's mq_open takes them, "/name"; the kernel is
// passed the name without its leading slash, as glibc passes it, and
// /dev/mqueue lists it so. A descriptor is closed with unix.Close.
//
// Errors are the bare unix.Errno the kernel returned, so that callers
// report them as their C peers do ("mq_timedreceive: ETIMEDOUT").
package mq

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Attr is the kernel's struct mq_attr: four C longs and reserved space.
// Go's int has the size of C's long on every Linux architecture.
type Attr struct {
	Flags   int // 0 or unix.O_NONBLOCK
	Maxmsg  int // messages the queue holds
	Msgsize int // bytes a message holds
	Curmsgs int // messages in the queue now
	_       [4]int
}

// kernelName checks a name the way glibc's mq_open does (it must start
// with a slash) and returns it NUL-terminated; the kernel is given
// &name[1], the name after its slash. That pointer into the whole name, as
// glibc passes it, matters under qemu-user: it hands the host's mq_open
// the name from the byte before the pointer, the slash.
func kernelName(name string) ([]byte, error) {
	if len(name) < 2 || name[0] != '/' {
		return nil, unix.EINVAL
	}
	b, err := unix.ByteSliceFromString(name)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Open opens the queue name ("/name") with flags (unix.O_RDONLY,
// unix.O_WRONLY or unix.O_RDWR, with unix.O_CREAT, unix.O_EXCL,
// unix.O_NONBLOCK). A queue it creates gets permissions mode and, when
// attr is not nil, attr's Maxmsg and Msgsize.
func Open(name string, flags int, mode uint32, attr *Attr) (int, error) {
	p, err := kernelName(name)
	if err != nil {
		return -1, err
	}
	fd, _, errno := unix.Syscall6(unix.SYS_MQ_OPEN, uintptr(unsafe.Pointer(&p[1])), uintptr(flags),
		uintptr(mode), uintptr(unsafe.Pointer(attr)), 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// Unlink removes the queue name; processes that have it open keep it
// until they close it.
func Unlink(name string) error {
	p, err := kernelName(name)
	if err != nil {
		return err
	}
	_, _, errno := unix.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(&p[1])), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// abstime returns deadline as the absolute CLOCK_REALTIME time the timed
// calls take.
func abstime(deadline time.Time) unix.Timespec {
	return unix.NsecToTimespec(deadline.UnixNano())
}

// Timedsend puts msg on the queue at priority prio, waiting while the
// queue is full until deadline (then ETIMEDOUT).
func Timedsend(mqd int, msg []byte, prio uint, deadline time.Time) error {
	ts := abstime(deadline)
	var p unsafe.Pointer
	if len(msg) > 0 {
		p = unsafe.Pointer(&msg[0])
	}
	for {
		_, _, errno := unix.Syscall6(unix.SYS_MQ_TIMEDSEND, uintptr(mqd), uintptr(p), uintptr(len(msg)),
			uintptr(prio), uintptr(unsafe.Pointer(&ts)), 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return errno
		}
		return nil
	}
}

// Timedreceive takes the oldest message of the highest priority into buf,
// waiting while the queue is empty until deadline (then ETIMEDOUT). buf
// must hold the queue's Msgsize bytes, or the call fails with EMSGSIZE.
// It returns the message's length and priority.
func Timedreceive(mqd int, buf []byte, deadline time.Time) (n int, prio uint, err error) {
	ts := abstime(deadline)
	var p unsafe.Pointer
	if len(buf) > 0 {
		p = unsafe.Pointer(&buf[0])
	}
	var prio32 uint32 // the kernel writes an unsigned int
	for {
		r, _, errno := unix.Syscall6(unix.SYS_MQ_TIMEDRECEIVE, uintptr(mqd), uintptr(p), uintptr(len(buf)),
			uintptr(unsafe.Pointer(&prio32)), uintptr(unsafe.Pointer(&ts)), 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return 0, 0, errno
		}
		return int(r), uint(prio32), nil
	}
}

// Getattr returns the queue's attributes (mq_getattr).
func Getattr(mqd int) (Attr, error) {
	var attr Attr
	_, _, errno := unix.Syscall(unix.SYS_MQ_GETSETATTR, uintptr(mqd), 0, uintptr(unsafe.Pointer(&attr)))
	if errno != 0 {
		return Attr{}, errno
	}
	return attr, nil
}
