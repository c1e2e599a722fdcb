package benchsys

import (
	"runtime"
	"time"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// A Desc is a descriptor made ready for a run. On the fast path, which is
// how the Go sides move data unless told -blocking, it is read and written
// the way a throughput-minded Go program with one goroutine on it does it.
// Each point below was found by profiling a Go side against a C side in
// the same role, and measured (see cmd/benchreport's notes and the
// -blocking rows):
//
//   - Every transfer is first tried without blocking, through
//     unix.RawSyscall6: a blocking unix.Read or unix.Write passes through
//     the runtime's entersyscall and exitsyscall on every call, which at
//     4 KiB costs a share of a transfer.
//   - A socket or a POSIX message queue is made non-blocking and waited
//     on in ppoll(2), also through RawSyscall6: a Go side that waited
//     through the scheduler-aware path waited longer, so that both sides
//     fell into blocking on every transfer instead of streaming. A socket
//     is read and written with recvfrom(2) and sendto(2), whose path
//     through the kernel is shorter than read(2)'s and write(2)'s and
//     measured so.
//   - A pipe stays blocking; each transfer is tried with preadv2(2) or
//     pwritev2(2) and RWF_NOWAIT, and when the pipe is not ready the side
//     waits inside the kernel, in a blocking read or write through the
//     runtime (whose bookkeeping is small beside a wait). A FIFO, which
//     the kernel gives no RWF_NOWAIT, is non-blocking and is made
//     blocking for the wait. Neither is ever polled: the kernel wakes a polled pipe's reader on every
//     write from then on (pipe->poll_usage, for epoll's edge-triggered
//     callers), which at 64 KiB cost the ppoll side up to 1.5 times C's
//     context switches and left it at C's throughput, where the blocking
//     wait is ahead of it (same run, 64 KiB, pinned: 1.38-1.75 against
//     1.01-1.10 of C; at 4 KiB 0.99-1.02 against 1.06-1.08).
//   - The side's thread has a descriptor table of its own (ownFiles): the
//     kernel takes and drops a reference on the file at every system call
//     of a process whose threads share a table, and a Go process always
//     has several threads, where a C process has one.
//
// With -blocking a Desc is read and written with plain blocking unix.Read
// and unix.Write, for comparison.
type Desc struct {
	fd int
	f  *fast // nil with -blocking
}

// Prepare makes fd ready for the run: the fast path unless a.Blocking.
// A first role calls it before Start, so that its setup stays out of the
// timed run. On the fast path it binds the calling goroutine to its
// thread for the rest of the run, and fd is open in that thread's table
// alone.
func (a *Args) Prepare(fd int) *Desc {
	if a.Blocking {
		return &Desc{fd: fd}
	}
	return &Desc{fd: fd, f: fastPath(fd)}
}

// read and write make one transfer each, for peer.ReadFullWith and
// peer.WriteFullWith; readName and writeName are the system calls they
// make, for error messages.
func (d *Desc) read(p []byte) (int, error) {
	if d.f == nil {
		return unix.Read(d.fd, p)
	}
	return d.f.call(d.f.rd, p)
}

func (d *Desc) write(p []byte) (int, error) {
	if d.f == nil {
		return unix.Write(d.fd, p)
	}
	return d.f.call(d.f.wr, p)
}

func (d *Desc) readName() string {
	if d.f == nil {
		return "read"
	}
	return d.f.rd.name
}

func (d *Desc) writeName() string {
	if d.f == nil {
		return "write"
	}
	return d.f.wr.name
}

// A fast is a descriptor on the fast path.
type fast struct {
	fd     int
	rd, wr op
	pfd    [1]unix.PollFd
	ts     unix.Timespec
	iov    [1]unix.Iovec
}

// An op is a system call that transfers through a buffer: its number, the
// argument after the buffer's length (flags, a priority; 0), the poll(2)
// events that say it can go on, and its name. On a pipe, vec says the
// call is preadv2 or pwritev2 with RWF_NOWAIT, and block is the blocking
// call that waits when the pipe is not ready.
type op struct {
	nr     uintptr
	arg    uintptr
	events int16
	name   string
	vec    bool
	block  func(fd int, p []byte) (int, error)
}

var (
	opRecvfrom  = op{nr: unix.SYS_RECVFROM, events: unix.POLLIN, name: "recvfrom"}
	opSendto    = op{nr: unix.SYS_SENDTO, events: unix.POLLOUT, name: "sendto"}
	opRead      = op{nr: unix.SYS_READ, events: unix.POLLIN, name: "read"}
	opWrite     = op{nr: unix.SYS_WRITE, events: unix.POLLOUT, name: "write"}
	opPipeRead  = op{nr: unix.SYS_PREADV2, events: unix.POLLIN, name: "read", vec: true, block: unix.Read}
	opPipeWrite = op{nr: unix.SYS_PWRITEV2, events: unix.POLLOUT, name: "write", vec: true, block: unix.Write}
	// A FIFO takes no RWF_NOWAIT (the kernel gives it to anonymous pipes
	// alone): it is non-blocking, and made blocking for the wait.
	opFIFORead  = op{nr: unix.SYS_READ, events: unix.POLLIN, name: "read", block: blocking(unix.Read)}
	opFIFOWrite = op{nr: unix.SYS_WRITE, events: unix.POLLOUT, name: "write", block: blocking(unix.Write)}
)

// fastPath puts fd on a table of the thread's own and returns its fast
// path, or fails the run. A descriptor other than a pipe's is made
// non-blocking; a pipe's is left as it is.
func fastPath(fd int) *fast {
	ownFiles(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	var fs unix.Statfs_t
	if err := unix.Fstatfs(fd, &fs); err != nil {
		peer.Fail("fstatfs", err)
	}
	if st.Mode&unix.S_IFMT == unix.S_IFIFO && fs.Type == unix.PIPEFS_MAGIC {
		return &fast{fd: fd, rd: opPipeRead, wr: opPipeWrite}
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		peer.Fail("fcntl", err)
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFSOCK:
		return &fast{fd: fd, rd: opRecvfrom, wr: opSendto}
	case unix.S_IFIFO:
		return &fast{fd: fd, rd: opFIFORead, wr: opFIFOWrite}
	}
	return &fast{fd: fd, rd: opRead, wr: opWrite}
}

// blocking returns call made on a non-blocking descriptor made blocking
// for the call (two fcntl(2) calls, small beside the wait they are for);
// it fails the run when fcntl fails.
func blocking(call func(fd int, p []byte) (int, error)) func(fd int, p []byte) (int, error) {
	return func(fd int, p []byte) (int, error) {
		if err := unix.SetNonblock(fd, false); err != nil {
			peer.Fail("fcntl", err)
		}
		n, err := call(fd, p)
		if err := unix.SetNonblock(fd, true); err != nil {
			peer.Fail("fcntl", err)
		}
		return n, err
	}
}

// ownFiles binds the calling goroutine to its thread for good, gives that
// thread a copy of the process's descriptor table (unshare(2),
// CLONE_FILES), and closes fd in the shared table. A system call on a
// descriptor finds the file without taking a reference only when the
// table has one user; the runtime's other threads keep the shared table
// (LockOSThread starts the runtime's template thread, from which every
// later thread is made, before the copy), so the copy has one. fd is then
// open in the copy alone, and closing it from this thread closes the file
// for good, as the peer's end of file needs. The goroutine must never
// unlock its thread, or the runtime would hand a thread with a private
// table to other goroutines.
func ownFiles(fd int) {
	runtime.LockOSThread()
	if err := unix.Unshare(unix.CLONE_FILES); err != nil {
		peer.Fail("unshare", err)
	}
	done := make(chan error)
	go func() { done <- unix.Close(fd) }() // on another thread: the shared table
	if err := <-done; err != nil {
		peer.Fail("close", err)
	}
}

// call makes o on the descriptor with p until it is done, and returns
// what it returned. While the descriptor is not ready it waits: in o's
// blocking call for a pipe, or else for o's events in ppoll.
func (f *fast) call(o op, p []byte) (int, error) {
	for {
		if r, ok, err := f.try(o, p); ok || err != nil {
			return r, err
		}
		if o.block != nil {
			return o.block(f.fd, p)
		}
		f.wait(o.events)
	}
}

// try makes o once, unless the descriptor is not ready: ok is false then.
// The buffer's address is taken in the system call's own argument list,
// where the compiler keeps p alive and in place (unsafe.Pointer's rule 4).
func (f *fast) try(o op, p []byte) (r int, ok bool, err error) {
	for {
		var n uintptr
		var e unix.Errno
		if o.vec {
			// preadv2 or pwritev2 at the file's position (offset -1, both
			// halves), RWF_NOWAIT; the iovec holds p in the heap.
			f.iov[0].Base = unsafe.SliceData(p)
			f.iov[0].SetLen(len(p))
			n, _, e = unix.RawSyscall6(o.nr, uintptr(f.fd), uintptr(unsafe.Pointer(&f.iov[0])), 1, ^uintptr(0), ^uintptr(0), unix.RWF_NOWAIT)
		} else {
			n, _, e = unix.RawSyscall6(o.nr, uintptr(f.fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)), o.arg, 0, 0)
		}
		switch e {
		case 0:
			return int(n), true, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, false, nil
		}
		return 0, false, e
	}
}

// waitSlice bounds each wait in ppoll.
const waitSlice = 10 * time.Millisecond

// wait blocks in ppoll(2) until the descriptor is ready for events,
// through unix.RawSyscall6: the goroutine keeps its P, and the runtime
// never learns that it waited. That is sound for a side whose one
// goroutine does nothing else, because the wait ends whenever the runtime
// wants the goroutine back: a preemption request (sysmon's after 10 ms of
// running, a garbage collection's stop) comes as a signal, which ends
// ppoll with EINTR whatever SA_RESTART says, and runtime.Gosched then
// gives the scheduler its safe point. The wait also ends after waitSlice,
// for a request that came just before ppoll began or came without a
// signal (GODEBUG=asyncpreemptoff=1). It fails the run when ppoll fails.
func (f *fast) wait(events int16) {
	f.pfd[0] = unix.PollFd{Fd: int32(f.fd), Events: events}
	f.ts = unix.NsecToTimespec(waitSlice.Nanoseconds()) // ppoll writes back what was left
	r, _, e := unix.RawSyscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&f.pfd[0])), 1, uintptr(unsafe.Pointer(&f.ts)), 0, 0, 0)
	switch {
	case e == 0 && r > 0:
		// Ready. No Gosched here: on a locked thread it hands the P to
		// another thread and back, two context switches.
	case e == 0 || e == unix.EINTR:
		runtime.Gosched()
	default:
		peer.Fail("ppoll", e)
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
			f.wait(unix.POLLIN)
			continue
		}
		return n, from, err
	}
}
