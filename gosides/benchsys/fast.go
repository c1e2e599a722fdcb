package benchsys

import (
	"runtime"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// A fast is a descriptor read and written the way a throughput-minded Go
// program with one goroutine on it does it. Each point below was found by
// profiling a Go side against a C side in the same role, and measured (see
// cmd/benchreport's notes and the -blocking rows):
//
//   - The descriptor is non-blocking, and every transfer and the wait in
//     ppoll(2) go through unix.RawSyscall: a blocking unix.Read
//     or unix.Write passes through the runtime's entersyscall and
//     exitsyscall on every call, which at 4 KiB costs a share of a
//     transfer, and a Go side that waited through the scheduler-aware
//     path waited longer, so that both sides fell into blocking on every
//     transfer instead of streaming. A socket is read and written with
//     recvfrom(2) and sendto(2), whose path through the kernel is shorter
//     than read(2)'s and write(2)'s and measured so.
//   - The side's thread has a descriptor table of its own (ownFiles): the
//     kernel takes and drops a reference on the file at every system call
//     of a process whose threads share a table, and a Go process always
//     has several threads, where a C process has one.
//
// -blocking selects plain blocking unix.Read and unix.Write instead, for
// comparison.
type fast struct {
	fd     int
	socket bool
	pfd    [1]unix.PollFd
}

// fastPath returns fd's fast path, or fails the run. It binds the calling
// goroutine to its thread for the rest of the run.
func fastPath(fd int) *fast {
	ownFiles()
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		peer.Fail("fcntl", err)
	}
	return &fast{fd: fd, socket: st.Mode&unix.S_IFMT == unix.S_IFSOCK}
}

// ownFiles binds the calling goroutine to its thread for good and gives
// that thread a copy of the process's descriptor table (unshare(2),
// CLONE_FILES). A system call on a descriptor finds the file without
// taking a reference only when the table has one user; the runtime's
// other threads keep the shared table, so the copy has one. Descriptors
// stay open in both tables: a side that closes one from this thread
// closes it for good only when the process exits, which the bench sides
// do next. The goroutine must never unlock its thread, or the runtime
// would hand a thread with a private table to other goroutines.
func ownFiles() {
	runtime.LockOSThread()
	if err := unix.Unshare(unix.CLONE_FILES); err != nil {
		peer.Fail("unshare", err)
	}
}

// transfer moves what it can of p, waiting when the descriptor is not
// ready.
func (f *fast) transfer(write bool, p []byte) (int, error) {
	nr, events := uintptr(unix.SYS_READ), int16(unix.POLLIN)
	switch {
	case write && f.socket:
		nr, events = unix.SYS_SENDTO, unix.POLLOUT
	case write:
		nr, events = unix.SYS_WRITE, unix.POLLOUT
	case f.socket:
		nr = unix.SYS_RECVFROM
	}
	// read and write take three arguments, recvfrom and sendto six: flags
	// 0 and no address.
	return f.call(events, nr, uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)), 0, 0)
}

// call makes the system call nr on the descriptor, with the arguments
// after it, until it is done, waiting for events whenever it fails with
// EAGAIN; it returns what the call returned.
func (f *fast) call(events int16, nr, a1, a2, a3, a4 uintptr) (int, error) {
	for {
		r, _, e := unix.RawSyscall6(nr, uintptr(f.fd), a1, a2, a3, a4, 0)
		switch e {
		case 0:
			return int(r), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := f.wait(events); err != nil {
				return 0, err
			}
			continue
		}
		return 0, e
	}
}

// tryRecv receives into p if something is waiting, and reports false
// when nothing is.
func (f *fast) tryRecv(p []byte) (int, bool, error) {
	for {
		r, _, e := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(f.fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)), 0, 0, 0)
		switch e {
		case 0:
			return int(r), true, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, false, nil
		}
		return 0, false, e
	}
}

// recvFrom receives one datagram into p, waiting for it, and returns its
// sender's address too.
func (f *fast) recvFrom(p []byte) (int, unix.Sockaddr, error) {
	for {
		n, from, err := unix.Recvfrom(f.fd, p, 0)
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := f.wait(unix.POLLIN); err != nil {
				return 0, nil, err
			}
			continue
		}
		return n, from, err
	}
}

// name is the system call a transfer makes, for error messages.
func (f *fast) name(write bool) string {
	switch {
	case write && f.socket:
		return "sendto"
	case write:
		return "write"
	case f.socket:
		return "recvfrom"
	}
	return "read"
}

// wait blocks in ppoll(2) until the descriptor is ready for events,
// through unix.RawSyscall6: the goroutine keeps its P, and the runtime
// never learns that it waited. That is sound for a side whose one
// goroutine does nothing else, because the wait ends whenever the runtime
// wants the goroutine back: a preemption request (sysmon's after 10 ms of
// running, a garbage collection's stop) comes as a signal, which ends
// ppoll with EINTR whatever SA_RESTART says, and runtime.Gosched then
// gives the scheduler its safe point.
func (f *fast) wait(events int16) error {
	f.pfd[0] = unix.PollFd{Fd: int32(f.fd), Events: events}
	_, _, e := unix.RawSyscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&f.pfd[0])), 1, 0, 0, 0, 0)
	switch e {
	case 0:
		return nil
	case unix.EINTR:
		runtime.Gosched()
		return nil
	}
	return e
}

// read and write are one transfer each, for peer.ReadFullWith and
// peer.WriteFullWith.
func (f *fast) read(p []byte) (int, error)  { return f.transfer(false, p) }
func (f *fast) write(p []byte) (int, error) { return f.transfer(true, p) }
