// Command mmap_file_reader is the Go counterpart of
// ctests/mmap_file_reader.c: the reading side of the mapped file of
// documents 000 and 001. It maps the writer's file MAP_SHARED while the
// writer has it mapped too, checks and prints the header and every record
// it finds in the mapping, then stores the ack byte through the same
// mapping, forces it into the file with msync(MS_SYNC), and unmaps the
// file.
package main

import (
	"bytes"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "mmap_file_reader [-file path] [-n records]"

func main() {
	fs := peer.Flags(usage)
	path := fs.String("file", wire.MmapFilePath, "the file to map")
	n := fs.Int64("n", wire.MmapFileRecords, "records to expect")
	peer.Parse(fs)
	peer.Range(fs, "n", *n, 0, wire.MmapFileMaxRecords)

	fd, err := unix.Open(*path, unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		peer.Fail("open", err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	size := wire.MmapFileSize(int(*n))
	if st.Size != size {
		peer.Failf("size: have %d bytes, want %d", st.Size, size)
	}
	ptr, err := unix.Mmap(fd, 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		peer.Fail("mmap", err)
	}

	// A mismatch is reported as C's "%.*s" prints it: up to the first NUL.
	var out []byte
	want := wire.MmapFileHeader(uint32(*n), wire.MmapFileAckWaiting)
	if have := ptr[:wire.MmapFileHeaderSize]; !bytes.Equal(have, want) {
		peer.Failf("header: have %s, want %s", peer.CString(have), bytes.TrimSuffix(want, []byte("\n")))
	}
	out = append(out, ptr[:wire.MmapFileHeaderSize]...)
	for i := int64(1); i <= *n; i++ {
		off := wire.MmapFileSize(int(i - 1))
		rec := ptr[off : off+wire.MmapFileRecordSize]
		want := wire.MmapFileRecord(uint32(i))
		if !bytes.Equal(rec, want) {
			// What was checked before stays printed, as C's stdio
			// flushes it at exit.
			if _, err := os.Stdout.Write(out); err != nil {
				peer.Fail("write", err)
			}
			peer.Failf("record %d: have %s, want %s", i, peer.CString(rec), bytes.TrimSuffix(want, []byte("\n")))
		}
		out = append(out, rec...)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		peer.Fail("write", err)
	}

	shm.StoreByte(ptr, wire.MmapFileAckOffset, wire.MmapFileAckDone)
	if err := unix.Msync(ptr, unix.MS_SYNC); err != nil {
		peer.Fail("msync", err)
	}
	if err := unix.Munmap(ptr); err != nil {
		peer.Fail("munmap", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
