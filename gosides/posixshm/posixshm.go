// Package posixshm opens and removes POSIX shared memory objects the way
// glibc's shm_open and shm_unlink do, so that a Go side and a C peer given
// the same name meet in the same file.
//
// glibc (posix/shm_open.c, posix/shm-directory.c, 2.34 and later) skips the
// name's leading slashes, refuses an empty name or one with a slash inside,
// and refuses a name that does not fit its buffer of sizeof "/dev/shm/" +
// 4 + NAME_MAX bytes with EINVAL; it opens "/dev/shm/" + name with the
// caller's flags plus O_NOFOLLOW and O_CLOEXEC (open64: O_LARGEFILE on
// 32-bit architectures, as unix.Open adds it), and reports EISDIR as
// EINVAL. shm_unlink forms the same path, reports a refused name as ENOENT,
// and EPERM as EACCES.
package posixshm

import (
	"strings"

	"golang.org/x/sys/unix"
)

// Dir is the directory glibc keeps shared memory objects in (SHMDIR).
const Dir = "/dev/shm/"

// pathMax is the size of glibc's struct shmdir_name: sizeof SHMDIR (NUL
// included) + 4 (for sem_open's "sem." prefix) + NAME_MAX. The path and
// its NUL must fit.
const pathMax = len(Dir) + 1 + 4 + 255

// Path returns the file that glibc's shm_open opens for name, or EINVAL for
// a name it refuses.
func Path(name string) (string, error) {
	name = strings.TrimLeft(name, "/")
	if name == "" || strings.Contains(name, "/") || len(Dir)+len(name)+1 > pathMax {
		return "", unix.EINVAL
	}
	return Dir + name, nil
}

// Open is shm_open: it opens (flags with unix.O_CREAT: creates, with mode)
// the object name and returns its file descriptor, close-on-exec.
func Open(name string, flags int, mode uint32) (int, error) {
	path, err := Path(name)
	if err != nil {
		return -1, err
	}
	for {
		fd, err := unix.Open(path, flags|unix.O_NOFOLLOW|unix.O_CLOEXEC, mode)
		switch err {
		case nil:
			return fd, nil
		case unix.EINTR:
			continue
		case unix.EISDIR:
			return -1, unix.EINVAL
		}
		return -1, err
	}
}

// Unlink is shm_unlink: it removes the object name. Processes that have it
// open or mapped keep it until they close and unmap it.
func Unlink(name string) error {
	path, err := Path(name)
	if err != nil {
		return unix.ENOENT
	}
	err = unix.Unlink(path)
	if err == unix.EPERM {
		return unix.EACCES
	}
	return err
}
