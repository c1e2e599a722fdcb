// Package errnoprobe is the Go side of the errno parity scenario: the cases
// of gosides/errno_prober (prober.go, which follows ctests/errno_prober.c
// case by case, run by Main), errno names spelled as glibc spells them, and
// calls made as another user. gosides/errno_receiver uses the names.
//
// The SysV message queue and semaphore calls come from gosides/sysv, the
// POSIX message queue calls from gosides/mq, shm_open from
// gosides/posixshm; this package adds no system call wrappers of its own.
package errnoprobe

import (
	"errors"
	"os"
	"syscall"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// Name returns the symbolic name of the errno inside err as the C peers
// print it ("EOPNOTSUPP"), or err's text when it holds none.
func Name(err error) string { return peer.ErrnoName(err) }

// An Identity is what a process was before it became another user: its
// real, effective and saved user and group IDs and its groups.
type Identity struct {
	ruid, euid, suid int
	rgid, egid, sgid int
	groups           []int
}

// BecomeOther makes uid and gid the process's real and effective IDs and
// clears its supplementary groups, keeping the saved IDs, so that Restore
// can take the old identity back. Errors are *os.SyscallError naming the
// call.
//
// Every thread of a Go process changes: syscall.Setresuid and
// syscall.Setresgid (which unix.Setresuid and unix.Setresgid call) and
// syscall.Setgroups act on all threads, as glibc's do in C.
// unix.Setgroups changes only the calling thread, so it is not used here.
func BecomeOther(uid, gid int) (*Identity, error) {
	id := &Identity{}
	id.ruid, id.euid, id.suid = unix.Getresuid()
	id.rgid, id.egid, id.sgid = unix.Getresgid()
	groups, err := unix.Getgroups()
	if err != nil {
		return nil, os.NewSyscallError("getgroups", err)
	}
	id.groups = groups
	if err := syscall.Setgroups(nil); err != nil {
		return nil, os.NewSyscallError("setgroups", err)
	}
	if err := unix.Setresgid(gid, gid, -1); err != nil {
		return nil, os.NewSyscallError("setresgid", err)
	}
	if err := unix.Setresuid(uid, uid, -1); err != nil {
		return nil, os.NewSyscallError("setresuid", err)
	}
	return id, nil
}

// Restore takes back the identity that BecomeOther saved.
func (id *Identity) Restore() error {
	if err := unix.Setresuid(id.ruid, id.euid, id.suid); err != nil {
		return os.NewSyscallError("setresuid", err)
	}
	if err := unix.Setresgid(id.rgid, id.egid, id.sgid); err != nil {
		return os.NewSyscallError("setresgid", err)
	}
	if err := syscall.Setgroups(id.groups); err != nil {
		return os.NewSyscallError("setgroups", err)
	}
	return nil
}

// Call returns the name of the call an error from BecomeOther or Restore
// names, or fallback.
func Call(err error, fallback string) string {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Syscall
	}
	return fallback
}
