package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Each test process keeps its scripts' work folders (and so their socket
// files and FIFOs) under one run folder named after its pid and start
// time. A run killed with SIGKILL cannot remove it; the next run finds the
// run folders of processes that are gone, and removes them, with the
// /dev/shm and /dev/mqueue names such a run left.

var runDirPattern = regexp.MustCompile(`^ipcconform-run-(\d+)-(\d+)$`)

// startTime returns field 22 of /proc/<pid>/stat: when the process
// started, in clock ticks since boot. With the pid it names one process,
// whatever pid reuse does.
func startTime(pid int) (string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", err
	}
	// The command name, field 2, may hold spaces: count from its ')'.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 20 {
		return "", fmt.Errorf("/proc/%d/stat: %d fields after the name", pid, len(fields))
	}
	return fields[19], nil
}

var (
	runDirOnce sync.Once
	runDir     string
	runDirErr  error
	staleSwept []string
)

// RunDir returns this process's run folder, created on first use, after
// removing what runs that are gone left behind.
func RunDir() (string, error) {
	runDirOnce.Do(func() {
		staleSwept = sweepStaleRuns(os.TempDir())
		st, err := startTime(os.Getpid())
		if err != nil {
			runDirErr = err
			return
		}
		runDir = filepath.Join(os.TempDir(), fmt.Sprintf("ipcconform-run-%d-%s", os.Getpid(), st))
		runDirErr = os.MkdirAll(runDir, 0o700)
	})
	return runDir, runDirErr
}

// StaleSwept lists what RunDir removed of runs that are gone.
func StaleSwept() []string {
	RunDir()
	return staleSwept
}

// removeRunDir removes this process's run folder, at the end of Main.
func removeRunDir() error {
	if runDir == "" {
		return nil
	}
	return removeTree(runDir)
}

// removeTree removes dir, first making writable what a script made
// read-only, as testscript does with its own work folders.
func removeTree(dir string) error {
	if os.RemoveAll(dir) == nil {
		return nil
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o777)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// sweepStaleRuns removes the run folders under tmp whose process is gone,
// and the POSIX IPC names of processes that are gone, and says what it
// removed.
func sweepStaleRuns(tmp string) []string {
	var out []string
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		m := runDirPattern.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		if st, err := startTime(pid); err == nil && st == m[2] {
			continue // that run is still going
		}
		dir := filepath.Join(tmp, e.Name())
		n := countEntries(dir)
		if err := removeTree(dir); err != nil {
			out = append(out, fmt.Sprintf("cannot remove %s: %v", dir, err))
			continue
		}
		out = append(out, fmt.Sprintf("%s (%d files, sockets and FIFOs of a run that is gone, pid %d)", dir, n, pid))
	}
	name := regexp.MustCompile(`^ipcconform\.(\d+)\.\d+$`)
	for _, dir := range []string{"/dev/shm", "/dev/mqueue"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			m := name.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			if _, err := os.Stat("/proc/" + m[1]); err == nil {
				continue // its run may still be going
			}
			p := filepath.Join(dir, e.Name())
			if err := os.Remove(p); err == nil {
				out = append(out, p)
			}
		}
	}
	return out
}

func countEntries(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}
