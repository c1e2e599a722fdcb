// Command fifo_writer is the Go counterpart of ctests/fifo_writer.c: one of
// several unrelated writers to a named pipe (documents 001 and 003). It
// opens the FIFO by name and writes -records records of wire.FifoRecord and
// a payload, each at most PIPE_BUF bytes and each in one write(), which the
// kernel never interleaves with another writer's.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "fifo_writer [-path fifo] [-id n] [-records n] [-ready file] [-start file] [-timeout seconds]"

// backoff sleeps a little longer each time, from 1 to 50 ms, and reports
// whether the deadline has passed.
func backoff(deadline time.Time, delay *time.Duration) bool {
	if !time.Now().Before(deadline) {
		return false
	}
	time.Sleep(*delay)
	*delay = min(2**delay, 50*time.Millisecond)
	return true
}

func main() {
	fs := peer.Flags(usage)
	path := fs.String("path", wire.FifoPath, "the FIFO")
	id := fs.Int64("id", 1, "this writer's id")
	records := fs.Int64("records", wire.FifoRecords, "records to write")
	ready := fs.String("ready", "", "file to write the pid to once the FIFO is open")
	start := fs.String("start", "", "file to wait for before writing")
	timeout := fs.Int64("timeout", 10, "seconds to wait for a reader, and for -start")
	peer.Parse(fs)
	peer.Range(fs, "id", *id, 1, wire.FifoMaxWriters)
	peer.Range(fs, "records", *records, 0, 1<<31-1)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	// A write to a FIFO without a reader fails with EPIPE: the Go runtime
	// does not die of SIGPIPE on descriptors other than 1 and 2, and the C
	// writer ignores SIGPIPE to match.

	deadline := time.Now().Add(time.Duration(*timeout) * time.Second)
	delay := time.Millisecond
	var fd int
	for {
		// Non-blocking, open() fails with ENXIO while there is no reader.
		var err error
		fd, err = unix.Open(*path, unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err == nil {
			break
		}
		if err != unix.ENXIO && err != unix.EINTR {
			peer.Fail("open", err)
		}
		if !backoff(deadline, &delay) {
			peer.Failf("timeout: no reader on %s after %d s", *path, *timeout)
		}
	}
	if err := unix.SetNonblock(fd, false); err != nil {
		peer.Fail("fcntl", err)
	}
	peer.Ready(*ready, "%d", os.Getpid())

	if *start != "" {
		delay = time.Millisecond
		for {
			err := unix.Access(*start, unix.F_OK)
			if err == nil {
				break
			}
			if !errors.Is(err, unix.ENOENT) {
				peer.Fail("access", err)
			}
			if !backoff(deadline, &delay) {
				peer.Failf("timeout: no %s after %d s", *start, *timeout)
			}
		}
	}

	buf := make([]byte, wire.FifoRecordMax)
	w := uint32(*id)
	for seq := uint32(1); seq <= uint32(*records); seq++ {
		n := wire.FifoRecordLength(w, seq)
		rec := buf[:n]
		payload := rec[wire.FifoHeaderBytes:]
		for i := range payload {
			payload[i] = wire.FifoPayloadByte(w, seq, uint32(i))
		}
		h := wire.FifoRecord{
			Magic:    wire.FifoMagic,
			Writer:   w,
			Seq:      seq,
			Length:   n,
			Checksum: wire.FifoChecksum(payload),
		}
		if _, err := binary.Encode(rec, binary.BigEndian, h); err != nil {
			peer.Fail("encode", err)
		}
		var wrote int
		var err error
		for { // one write: atomic, never split
			wrote, err = unix.Write(fd, rec)
			if err != unix.EINTR {
				break
			}
		}
		if err != nil {
			peer.Fail("write", err)
		}
		if wrote != len(rec) {
			peer.Failf("write: short write: %d of %d bytes", wrote, len(rec))
		}
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	fmt.Printf("writer %d wrote %d records\n", *id, *records)
}
