// Command fifo_reader is the Go counterpart of ctests/fifo_reader.c: the
// reader of a named pipe that unrelated writers open by name (documents 001
// and 003). It makes the FIFO, reads records until end of file, which comes
// only once the last writer has closed, checks every record, reports how
// many each writer sent, and removes the FIFO.
package main

import (
	"fmt"
	"time"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "fifo_reader [-path fifo] [-mode octal] [-ready file] [-timeout seconds]"

// made is the FIFO to remove when the reader exits, as the C reader's
// atexit handler does; every failure after mkfifo goes through fail.
var made string

func fail(format string, args ...any) {
	if made != "" {
		if err := unix.Unlink(made); err != nil {
			peer.Error("unlink", err)
		}
	}
	peer.Failf(format, args...)
}

func failCall(call string, err error) {
	fail("%s: %s", call, peer.ErrnoName(err))
}

func main() {
	fs := peer.Flags(usage)
	path := fs.String("path", wire.FifoPath, "the FIFO to make")
	mode := fs.Int64("mode", 0o600, "the FIFO's permissions")
	ready := fs.String("ready", "", "file to write the path to once the FIFO is open")
	timeout := fs.Int64("timeout", 10, "seconds to wait for data")
	peer.Parse(fs)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	if err := unix.Mkfifo(*path, uint32(*mode)); err != nil {
		peer.Fail("mkfifo", err)
	}
	made = *path
	// mkfifo's mode is cut by the umask; the reader means what it asked.
	if err := unix.Chmod(*path, uint32(*mode)); err != nil {
		failCall("chmod", err)
	}
	fd, err := unix.Open(*path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		failCall("open", err)
	}
	peer.Ready(*ready, "%s", *path)

	buf := make([]byte, 4*wire.FifoRecordMax)
	have := 0
	var next [wire.FifoMaxWriters + 1]uint32
	for w := range next {
		next[w] = 1
	}
	total := uint64(0)
	limit := int((time.Duration(*timeout) * time.Second).Milliseconds())
	for {
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		r, err := unix.Poll(pfd, limit)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			failCall("poll", err)
		}
		if r == 0 {
			fail("timeout: no data after %d s", *timeout)
		}
		n, err := unix.Read(fd, buf[have:])
		if err == unix.EINTR || err == unix.EAGAIN {
			continue
		}
		if err != nil {
			failCall("read", err)
		}
		if n == 0 {
			break // end of file: no writer has the FIFO open
		}
		have += n

		off := 0
		for have-off >= wire.FifoHeaderBytes {
			h, complete, err := decode.FifoRecord(buf[off:have])
			if err != nil {
				fail("record %d: %v", total+1, err)
			}
			if !complete {
				break
			}
			if h.Seq != next[h.Writer] {
				fail("record %d: writer %d sent record %d, want %d", total+1, h.Writer, h.Seq, next[h.Writer])
			}
			next[h.Writer]++
			total++
			off += int(h.Length)
		}
		copy(buf, buf[off:have])
		have -= off
	}
	if have != 0 {
		fail("read: end of file inside a record (%d bytes)", have)
	}
	if err := unix.Close(fd); err != nil {
		failCall("close", err)
	}
	for w := 1; w <= wire.FifoMaxWriters; w++ {
		if next[w] > 1 {
			fmt.Printf("writer %d: %d records\n", w, next[w]-1)
		}
	}
	fmt.Printf("total %d records\n", total)
	made = ""
	if err := unix.Unlink(*path); err != nil {
		peer.Fail("unlink", err)
	}
}
