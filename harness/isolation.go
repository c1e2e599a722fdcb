package harness

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Each script's peers share an IPC namespace of their own where the kernel
// allows it (root): SysV objects and POSIX message queues of one script are
// invisible to every other, and the kernel destroys whatever is left in
// the namespace when its last process ends. A holder process keeps the
// namespace alive; peers join it through nsenter, which execs the peer in
// place, so its pid, signals and exit status are the peer's own. Elsewhere
// the unique keys and names do the work alone.

// IPCNamespaces reports whether scripts get their own IPC namespace, and
// if not, why. $IPCCONFORM_NAMESPACES=0 turns them off.
func IPCNamespaces() (bool, string) {
	nsOnce.Do(func() {
		switch {
		case os.Getenv("IPCCONFORM_NAMESPACES") == "0":
			nsWhy = "turned off by IPCCONFORM_NAMESPACES=0"
		case os.Geteuid() != 0:
			nsWhy = "not root: unique keys and names isolate scripts"
		default:
			if _, err := exec.LookPath("nsenter"); err != nil {
				nsWhy = "no nsenter (util-linux): unique keys and names isolate scripts"
				return
			}
			// Root in a container without CAP_SYS_ADMIN may not make
			// one: try once, rather than fail every script.
			if err := tryNamespaces(unix.CLONE_NEWIPC); err != nil {
				nsWhy = fmt.Sprintf("cannot make an IPC namespace here (%v): unique keys and names isolate scripts", err)
				return
			}
			nsOK = true
		}
	})
	return nsOK, nsWhy
}

// tryNamespaces runs true in new namespaces of the kinds flags names:
// whether this process may make them.
func tryNamespaces(flags uintptr) error {
	cmd := exec.Command("true")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: flags}
	return cmd.Run()
}

var (
	nsOnce sync.Once
	nsOK   bool
	nsWhy  string
)

// A namespace is one script's IPC namespace, held open by a sleeping process.
type namespace struct {
	holder *exec.Cmd
	done   chan struct{}
	iso    isolation // what it holds beyond IPC (see isolate.go)
}

func newNamespace() (*namespace, error) {
	cmd := exec.Command("sleep", "infinity")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: unix.CLONE_NEWIPC, Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("new IPC namespace: %w", err)
	}
	ns := &namespace{holder: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(ns.done) }()
	return ns, nil
}

func (ns *namespace) path() string {
	return "/proc/" + strconv.Itoa(ns.holder.Process.Pid) + "/ns/ipc"
}

// enter returns the command prefix that runs a program in the namespace.
func (ns *namespace) enter() []string {
	if ns == nil {
		return nil
	}
	pid := "/proc/" + strconv.Itoa(ns.holder.Process.Pid)
	argv := []string{"nsenter", "--ipc=" + ns.path()}
	if ns.iso.net {
		argv = append(argv, "--net="+pid+"/ns/net")
	}
	if ns.iso.shm {
		// Entering a mount namespace moves to its root: --wd keeps the
		// peer in the script's folder (opened before the move).
		argv = append(argv, "--mount="+pid+"/ns/mnt", "--wd=.")
	}
	return append(argv, "--")
}

// close ends the holder; the kernel then destroys the namespace and every
// object in it once no peer is left inside.
func (ns *namespace) close() {
	if ns == nil {
		return
	}
	_ = ns.holder.Process.Kill()
	<-ns.done
}

// do runs f on an OS thread that has joined the namespace (or, with a nil
// namespace, on the caller's). IPC namespaces are per thread: the thread
// is locked for f and returns to its own namespace before it is unlocked.
// It must not be left to die locked: peers started from a thread get
// Pdeathsig, which fires when that thread ends.
func (ns *namespace) do(f func() error) error {
	if ns == nil {
		return f()
	}
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := unix.Open("/proc/thread-self/ns/ipc", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("open /proc/thread-self/ns/ipc: %w", err)
			return
		}
		defer unix.Close(orig)
		fd, err := unix.Open(ns.path(), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("open %s: %w", ns.path(), err)
			return
		}
		err = unix.Setns(fd, unix.CLONE_NEWIPC)
		unix.Close(fd)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("setns: %w", err)
			return
		}
		ferr := f()
		if err := unix.Setns(orig, unix.CLONE_NEWIPC); err == nil {
			runtime.UnlockOSThread()
		} // else the thread stays locked and ends with this goroutine
		errc <- ferr
	}()
	return <-errc
}

// processGroupLeftovers kills and reaps whatever is left of a peer's
// process group after the peer itself ended: children it forked that
// outlived it. The test binary is their subreaper (see becomeSubreaper),
// so they come back to it rather than to init, and are reaped here.
func processGroupLeftovers(pgid int) []string {
	var left []string
	for _, pid := range groupMembers(pgid) {
		left = append(left, fmt.Sprintf("pid %d (%s)", pid, procComm(pid)))
	}
	_ = unix.Kill(-pgid, unix.SIGKILL)
	for {
		var ws unix.WaitStatus
		_, err := unix.Wait4(-pgid, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil { // ECHILD: none of the group is our child any more
			break
		}
	}
	return left
}

// groupMembers lists the live processes of a process group.
func groupMembers(pgid int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := procStat(pid)
		if err == nil && st.pgrp == pgid && st.state != "Z" {
			out = append(out, pid)
		}
	}
	return out
}

type procStatus struct {
	state      string
	ppid, pgrp int
}

// procStat reads a process's state, parent and group from /proc/pid/stat.
func procStat(pid int) (procStatus, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStatus{}, err
	}
	// The command name is in parentheses and may hold spaces: split after it.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStatus{}, errors.New("bad /proc stat")
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 3 {
		return procStatus{}, errors.New("bad /proc stat")
	}
	ppid, _ := strconv.Atoi(f[1])
	pgrp, _ := strconv.Atoi(f[2])
	return procStatus{state: f[0], ppid: ppid, pgrp: pgrp}, nil
}

func procComm(pid int) string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(data))
}

var subreaperOnce sync.Once

// becomeSubreaper makes the test binary the reaper of its peers' orphans,
// so a child a peer forked and abandoned is found, killed and reaped
// instead of living on under init.
func becomeSubreaper() {
	subreaperOnce.Do(func() {
		_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
	})
}

// Children lists this process's live children and zombies, as
// "pid (comm) state": after a run, there must be none.
func Children() []string {
	self := os.Getpid()
	entries, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := procStat(pid); err == nil && st.ppid == self {
			out = append(out, fmt.Sprintf("pid %d (%s) state %s", pid, procComm(pid), st.state))
		}
	}
	return out
}
