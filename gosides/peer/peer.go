// Package peer holds the conventions every Go side shares with its C peer
// (ctests/include/peer.h): error messages that name the call and the errno,
// exit statuses, flag parsing, ready files, and reads and writes that move
// every byte.
//
// Exit status: 0 success, 1 a system call, protocol or content failure,
// 2 bad usage. Errors go to stderr as "call: ENAME", e.g. "shmget: EEXIST".
package peer

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Exit statuses.
const (
	ExitFail  = 1
	ExitUsage = 2
)

// glibcNames maps the names golang.org/x/sys/unix gives some errnos to the
// ones glibc's strerrorname_np gives (which the C peers print): EOPNOTSUPP
// and ENOTSUP are one errno on Linux, which x/sys calls ENOTSUP and glibc
// EOPNOTSUPP; EUCLEAN is EFSCORRUPTED to x/sys; and a few errnos that x/sys
// names have no name in glibc at all, so peer.h prints EUNKNOWN (EDEADLOCK
// on mips and ppc64, where it is not EDEADLK; EFTYPE, EINIT, EREMDEV).
var glibcNames = map[string]string{
	"ENOTSUP":      "EOPNOTSUPP",
	"EFSCORRUPTED": "EUCLEAN",
	"EDEADLOCK":    "EUNKNOWN",
	"EFTYPE":       "EUNKNOWN",
	"EINIT":        "EUNKNOWN",
	"EREMDEV":      "EUNKNOWN",
}

// ErrnoName returns the symbolic name of the errno inside err as the C
// peers print it ("EEXIST", "EOPNOTSUPP"), or err's text when it holds none.
func ErrnoName(err error) string {
	var errno unix.Errno
	if errors.As(err, &errno) {
		name := unix.ErrnoName(errno)
		if g, ok := glibcNames[name]; ok {
			return g
		}
		if name == "" {
			return "EUNKNOWN"
		}
		return name
	}
	return err.Error()
}

// Error reports a failed call as "call: ENAME" on stderr.
func Error(call string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %s\n", call, ErrnoName(err))
}

// Fail reports a failed call and exits with status 1.
func Fail(call string, err error) {
	Error(call, err)
	os.Exit(ExitFail)
}

// Failf prints a message and exits with status 1.
func Failf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(ExitFail)
}

// Flags returns the flag set of a peer whose usage line is usage. Flags
// are single-dash words, as the C peers parse them with getopt_long_only.
func Flags(usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(os.Args[0], flag.ExitOnError) // ExitOnError exits 2
	fs.Usage = func() { fmt.Fprintf(os.Stderr, "usage: %s\n", usage) }
	return fs
}

// Parse parses the command line into fs; stray arguments are bad usage.
func Parse(fs *flag.FlagSet) {
	_ = fs.Parse(os.Args[1:]) // ExitOnError: never returns an error
	if fs.NArg() != 0 {
		fs.Usage()
		os.Exit(ExitUsage)
	}
}

// Range checks that a numeric flag lies in [lo, hi], or exits as bad usage.
func Range(fs *flag.FlagSet, name string, v, lo, hi int64) {
	if v < lo || v > hi {
		fmt.Fprintf(os.Stderr, "bad number %d\n", v)
		fs.Usage()
		os.Exit(ExitUsage)
	}
}

// Usage prints a message and the usage line, and exits with status 2.
func Usage(fs *flag.FlagSet, format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	fs.Usage()
	os.Exit(ExitUsage)
}

// Ready writes one line to path atomically (a temporary file renamed into
// place), so that a reader never sees half of it. An empty path is no
// request at all.
func Ready(path, format string, args ...any) {
	if path == "" {
		return
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, fmt.Appendf(nil, format+"\n", args...), 0o644); err != nil {
		Fail("open", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		Fail("rename", err)
	}
}

// ReadFull reads until len(buf) bytes arrived, end of file, or an error: a
// stream may deliver one write in many pieces. It returns the bytes read;
// err is nil at end of file.
func ReadFull(fd int, buf []byte) (int, error) {
	return ReadFullWith(func(p []byte) (int, error) { return unix.Read(fd, p) }, buf)
}

// ReadFullWith is ReadFull over read, a read(2) of some kind: it retries
// EINTR and stops at a read of 0 bytes, end of file.
func ReadFullWith(read func([]byte) (int, error), buf []byte) (int, error) {
	got := 0
	for got < len(buf) {
		n, err := read(buf[got:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return got, err
		}
		if n == 0 {
			break
		}
		got += n
	}
	return got, nil
}

// WriteFull writes all of buf, resuming after short writes.
func WriteFull(fd int, buf []byte) error {
	return WriteFullWith(func(p []byte) (int, error) { return unix.Write(fd, p) }, buf)
}

// WriteFullWith is WriteFull over write, a write(2) of some kind: it
// retries EINTR and resumes after short writes.
func WriteFullWith(write func([]byte) (int, error), buf []byte) error {
	for len(buf) > 0 {
		n, err := write(buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		buf = buf[n:]
	}
	return nil
}

// CString returns b up to its first NUL, as C's "%s" (bounded) prints it.
func CString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
