// Command shm_posix_consumer is the Go counterpart of
// ctests/shm_posix_consumer.c: the POSIX shared memory consumer of document
// 001. It opens the object NAME read-only (through posixshm, as glibc's
// shm_open does), maps all of it, prints the string there as the document's
// printf("%s") does, with no newline after it, and removes the object as
// shm_unlink does.
package main

import (
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "shm_posix_consumer [-name name]"

func main() {
	fs := peer.Flags(usage)
	name := fs.String("name", wire.ShmPosixName, "POSIX shared memory name")
	peer.Parse(fs)

	// open the shared memory object
	fd, err := posixshm.Open(*name, unix.O_RDONLY, 0)
	if err != nil {
		peer.Fail("shm_open", err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	if st.Size == 0 {
		peer.Failf("fstat: the object is empty")
	}
	// memory map the shared memory object, all of it and no more: a page
	// past its end would raise SIGBUS
	ptr, err := unix.Mmap(fd, 0, int(st.Size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		peer.Fail("mmap", err)
	}
	// read from the shared memory object
	if _, err := os.Stdout.Write([]byte(peer.CString(ptr))); err != nil {
		peer.Fail("write", err)
	}
	if err := unix.Munmap(ptr); err != nil {
		peer.Fail("munmap", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	// remove the shared memory object
	if err := posixshm.Unlink(*name); err != nil {
		peer.Fail("shm_unlink", err)
	}
}
