// Package sockutil holds what the Go sides of the socket scenarios share:
// socket timeouts, size lists given on the command line, and a scan of
// /proc for zombie children.
package sockutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Timeval returns secs seconds as a unix.Timeval, whose field types differ
// between architectures.
func Timeval(secs int64) unix.Timeval {
	return unix.NsecToTimeval((time.Duration(secs) * time.Second).Nanoseconds())
}

// SetTimeout sets the socket option opt (unix.SO_RCVTIMEO or
// unix.SO_SNDTIMEO) of fd to secs seconds.
func SetTimeout(fd, opt int, secs int64) error {
	tv := Timeval(secs)
	return unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, opt, &tv)
}

// ParseSizes splits a comma-separated list of at most max numbers, each in
// [0, limit], as the C peers' parse_sizes does.
func ParseSizes(s string, max int, limit int64) ([]int, error) {
	var sizes []int
	for _, tok := range strings.Split(s, ",") {
		if tok == "" {
			continue // strtok skips empty fields
		}
		if len(sizes) == max {
			return nil, fmt.Errorf("more than %d sizes", max)
		}
		v, err := strconv.ParseInt(tok, 0, 64)
		if err != nil || v < 0 || v > limit {
			return nil, fmt.Errorf("bad number %s", tok)
		}
		sizes = append(sizes, int(v))
	}
	return sizes, nil
}

// Zombies counts the processes in state Z whose parent is ppid, from
// /proc/<pid>/stat ("pid (comm) state ppid ...", comm may hold spaces
// and parentheses, so the fields are read after its last ')').
func Zombies(ppid int) (int, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended meanwhile
		}
		i := strings.LastIndexByte(string(b), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 2 {
			continue
		}
		if p, err := strconv.Atoi(f[1]); err == nil && p == ppid && f[0] == "Z" {
			n++
		}
	}
	return n, nil
}
