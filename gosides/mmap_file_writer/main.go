// Command mmap_file_writer is the Go counterpart of
// ctests/mmap_file_writer.c: the writing side of the mapped file of
// documents 000 and 001. It creates a regular file, sizes it for a header
// and n records, maps it MAP_SHARED, writes the records into the mapping
// and forces them into the file with msync(MS_SYNC); then it waits until
// the reader has acknowledged them in the header's ack byte, and unmaps the
// file.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "mmap_file_writer [-file path] [-n records] [-mode octal] [-ready file] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	path := fs.String("file", wire.MmapFilePath, "the file to map")
	n := fs.Int64("n", wire.MmapFileRecords, "records to write")
	mode := fs.Int64("mode", 0o600, "permissions of the file")
	ready := fs.String("ready", "", "file to write the path to once the records are synced")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the reader's ack")
	peer.Parse(fs)
	peer.Range(fs, "n", *n, 0, wire.MmapFileMaxRecords)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	size := wire.MmapFileSize(int(*n))
	fd, err := unix.Open(*path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, uint32(*mode))
	if err != nil {
		peer.Fail("open", err)
	}
	if err := unix.Ftruncate(fd, size); err != nil {
		peer.Fail("ftruncate", err)
	}
	ptr, err := unix.Mmap(fd, 0, int(size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		peer.Fail("mmap", err)
	}

	copy(ptr, wire.MmapFileHeader(uint32(*n), wire.MmapFileAckWaiting))
	for i := int64(1); i <= *n; i++ {
		copy(ptr[wire.MmapFileSize(int(i-1)):], wire.MmapFileRecord(uint32(i)))
	}
	if err := unix.Msync(ptr, unix.MS_SYNC); err != nil {
		peer.Fail("msync", err)
	}
	fmt.Printf("wrote %d records\n", *n)
	peer.Ready(*ready, "%s", *path)

	start := time.Now()
	for shm.LoadByte(ptr, wire.MmapFileAckOffset) != wire.MmapFileAckDone {
		if time.Since(start) >= time.Duration(*timeout)*time.Second {
			fmt.Fprintf(os.Stderr, "timeout: no ack from the reader after %d s\n", *timeout)
			os.Exit(peer.ExitFail)
		}
		time.Sleep(time.Millisecond)
	}
	fmt.Println("reader acknowledged")
	if err := unix.Munmap(ptr); err != nil {
		peer.Fail("munmap", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
