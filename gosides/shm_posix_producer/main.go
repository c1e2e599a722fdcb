// Command shm_posix_producer is the Go counterpart of
// ctests/shm_posix_producer.c: the POSIX shared memory producer of document
// 001. It creates the object NAME (through posixshm, as glibc's shm_open
// names and opens it), sizes it SIZE bytes, maps it MAP_SHARED and writes
// "Hello" then "World!" one after the other, and the NUL that the
// document's sprintf leaves after them. As the document's producer it creates
// the object or reuses one an earlier run left (O_CREAT); -excl refuses one
// that exists (O_EXCL). On success the object stays for the consumer, who
// removes it.
package main

import (
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "shm_posix_producer [-name name] [-size bytes] [-mode octal] [-excl]"

var name = wire.ShmPosixName

// failUnlinking reports a failed call, removes the object, and exits 1.
func failUnlinking(call string, err error) {
	peer.Error(call, err)
	if err := posixshm.Unlink(name); err != nil {
		peer.Error("shm_unlink", err)
	}
	os.Exit(peer.ExitFail)
}

func main() {
	fs := peer.Flags(usage)
	fs.StringVar(&name, "name", wire.ShmPosixName, "POSIX shared memory name")
	size := fs.Int64("size", wire.ShmPosixSize, "bytes of the object")
	mode := fs.Int64("mode", 0o600, "permissions of the object (0666 widens it to every user, as the document's)")
	excl := fs.Bool("excl", false, "refuse an object that exists (O_EXCL) instead of reusing it")
	peer.Parse(fs)
	peer.Range(fs, "size", *size, int64(len(wire.ShmPosixMessage0+wire.ShmPosixMessage1)+1), 1<<31-1)
	peer.Range(fs, "mode", *mode, 0, 0o777)

	// create the shared memory object
	flags := unix.O_CREAT | unix.O_RDWR
	if *excl {
		flags |= unix.O_EXCL
	}
	fd, err := posixshm.Open(name, flags, uint32(*mode))
	if err != nil {
		peer.Fail("shm_open", err)
	}
	// configure the size of the shared memory object
	if err := unix.Ftruncate(fd, *size); err != nil {
		failUnlinking("ftruncate", err)
	}
	// memory map the shared memory object
	ptr, err := unix.Mmap(fd, 0, int(*size), unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		failUnlinking("mmap", err)
	}
	// write to the shared memory object, and the NUL sprintf writes after
	// the text: a reused object may hold more than zeros past it
	p := ptr
	p = p[copy(p, wire.ShmPosixMessage0):]
	p = p[copy(p, wire.ShmPosixMessage1):]
	p[0] = 0

	if err := unix.Munmap(ptr); err != nil {
		failUnlinking("munmap", err)
	}
	if err := unix.Close(fd); err != nil {
		failUnlinking("close", err)
	}
}
