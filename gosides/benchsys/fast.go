package benchsys

import (
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// A fast is a descriptor read and written the way a throughput-minded Go
// program does it: each transfer is first tried without blocking, through
// unix.RawSyscall, which skips the runtime's entersyscall and exitsyscall
// (a call that cannot block need not tell the scheduler), and only when
// the descriptor is not ready does the side wait through the
// scheduler-aware path. A socket stays blocking and is tried with
// recvfrom(2) or sendto(2) and MSG_DONTWAIT, then waited on in a blocking
// read(2) or write(2). A pipe or FIFO is made non-blocking and waited on
// in poll(2): measured against preadv2(2) and pwritev2(2) with RWF_NOWAIT
// on a blocking pipe, that kept the better ratios. A blocking call on
// every transfer pays the runtime's bookkeeping each time; for 4 KiB
// transfers that is measurable (see cmd/benchreport's notes), and
// -blocking selects it for comparison.
type fast struct {
	fd     int
	socket bool
	pfd    [1]unix.PollFd
}

// fastPath returns fd's fast path, making a pipe or FIFO non-blocking, or
// fails the run.
func fastPath(fd int) *fast {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	if st.Mode&unix.S_IFMT == unix.S_IFSOCK {
		return &fast{fd: fd, socket: true}
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		peer.Fail("fcntl", err)
	}
	return &fast{fd: fd}
}

// try makes one transfer without blocking: read or write, or on a socket
// recvfrom or sendto with MSG_DONTWAIT.
func (f *fast) try(write bool, p []byte) (int, unix.Errno) {
	ptr, n := uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p))
	var r uintptr
	var e unix.Errno
	switch {
	case f.socket && write:
		r, _, e = unix.RawSyscall6(unix.SYS_SENDTO, uintptr(f.fd), ptr, n, unix.MSG_DONTWAIT, 0, 0)
	case f.socket:
		r, _, e = unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(f.fd), ptr, n, unix.MSG_DONTWAIT, 0, 0)
	case write:
		r, _, e = unix.RawSyscall(unix.SYS_WRITE, uintptr(f.fd), ptr, n)
	default:
		r, _, e = unix.RawSyscall(unix.SYS_READ, uintptr(f.fd), ptr, n)
	}
	return int(r), e
}

// transfer moves what it can of p, waiting when the descriptor is not
// ready.
func (f *fast) transfer(write bool, p []byte) (int, error) {
	for {
		n, e := f.try(write, p)
		switch {
		case e == 0:
			return n, nil
		case e == unix.EINTR:
			continue
		case e != unix.EAGAIN:
			return 0, e
		case f.socket && write:
			return unix.Write(f.fd, p)
		case f.socket:
			return unix.Read(f.fd, p)
		}
		events := int16(unix.POLLIN)
		if write {
			events = unix.POLLOUT
		}
		f.pfd[0] = unix.PollFd{Fd: int32(f.fd), Events: events}
		if _, err := unix.Poll(f.pfd[:], -1); err != nil && err != unix.EINTR {
			return 0, err
		}
	}
}

// read and write are one transfer each, for peer.ReadFullWith and
// peer.WriteFullWith.
func (f *fast) read(p []byte) (int, error)  { return f.transfer(false, p) }
func (f *fast) write(p []byte) (int, error) { return f.transfer(true, p) }
