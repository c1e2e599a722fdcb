package benchsys

import (
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// A fast is a non-blocking descriptor read and written the way a
// throughput-minded Go program does it: each read(2) and write(2) goes
// through unix.RawSyscall, which skips the runtime's entersyscall and
// exitsyscall (a call on a non-blocking descriptor cannot block, so the
// scheduler need not hear of it), and only when the descriptor is not ready
// does the side wait, in poll(2) through unix.Poll, the scheduler-aware
// path. A blocking unix.Read or unix.Write pays the runtime's bookkeeping
// on every call; for 4 KiB pipe transfers that is measurable (see
// cmd/benchreport's notes), and -blocking selects it for comparison.
type fast struct {
	fd  int
	pfd [1]unix.PollFd
}

// fastPath sets fd non-blocking, or fails the run.
func fastPath(fd int) *fast {
	if err := unix.SetNonblock(fd, true); err != nil {
		peer.Fail("fcntl", err)
	}
	return &fast{fd: fd}
}

func (f *fast) raw(trap uintptr, p []byte) (int, unix.Errno) {
	r, _, e := unix.RawSyscall(trap, uintptr(f.fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	return int(r), e
}

// wait blocks until the descriptor is ready for events.
func (f *fast) wait(events int16) error {
	f.pfd[0] = unix.PollFd{Fd: int32(f.fd), Events: events}
	for {
		_, err := unix.Poll(f.pfd[:], -1)
		if err != unix.EINTR {
			return err
		}
	}
}

// readFull is peer.ReadFull over the fast path.
func (f *fast) readFull(_ int, buf []byte) (int, error) {
	got := 0
	for got < len(buf) {
		n, e := f.raw(unix.SYS_READ, buf[got:])
		switch e {
		case 0:
		case unix.EAGAIN:
			if err := f.wait(unix.POLLIN); err != nil {
				return got, err
			}
			continue
		case unix.EINTR:
			continue
		default:
			return got, e
		}
		if n == 0 {
			break
		}
		got += n
	}
	return got, nil
}

// writeFull is peer.WriteFull over the fast path.
func (f *fast) writeFull(_ int, buf []byte) error {
	for len(buf) > 0 {
		n, e := f.raw(unix.SYS_WRITE, buf)
		switch e {
		case 0:
			buf = buf[n:]
		case unix.EAGAIN:
			if err := f.wait(unix.POLLOUT); err != nil {
				return err
			}
		case unix.EINTR:
		default:
			return e
		}
	}
	return nil
}
