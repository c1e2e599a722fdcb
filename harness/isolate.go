package harness

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"
)

// Programs that take no flags, such as the documents' own, use fixed
// keys, ports and names (key 5678, port 6013, /dev/shm/OS). A script that
// runs them asks, with isolate, for namespaces of their own: an IPC
// namespace (which every script has as root), a network namespace with
// loopback alone, and a mount namespace whose /dev/shm is a tmpfs of its
// own. Two scripts, or two runs, then never meet on those names, and
// whatever the programs leave there ends with the namespaces.

// isolation is what a script's namespaces hold beyond IPC.
type isolation struct {
	net bool // a network namespace of its own, loopback up
	shm bool // a mount namespace with a /dev/shm of its own
}

// canIsolate reports whether network and mount namespaces can be made
// here, and if not, why; probed once.
func canIsolate() (bool, string) {
	isoOnce.Do(func() {
		if ok, why := IPCNamespaces(); !ok {
			isoWhy = why
			return
		}
		if err := tryNamespaces(unix.CLONE_NEWIPC | unix.CLONE_NEWNET | unix.CLONE_NEWNS); err != nil {
			isoWhy = fmt.Sprintf("cannot make network and mount namespaces here (%v)", err)
			return
		}
		isoOK = true
	})
	return isoOK, isoWhy
}

var (
	isoOnce sync.Once
	isoOK   bool
	isoWhy  string
)

// holderScript readies the namespaces before the holder sleeps: mounts
// made private first, so that the new /dev/shm never reaches the host's.
const holderScript = `set -e
if [ "$1" = shm ]; then
	mount --make-rprivate /
	mount -t tmpfs -o mode=1777 ipcconform-shm /dev/shm
fi
echo ready
exec sleep infinity`

// newIsolatedNamespace returns a namespace holder for iso: IPC, and as
// iso asks, network (loopback brought up) and mount (a private /dev/shm).
func newIsolatedNamespace(iso isolation) (*namespace, error) {
	flags := unix.CLONE_NEWIPC
	if iso.net {
		flags |= unix.CLONE_NEWNET
	}
	arg := "ipc"
	if iso.shm {
		flags |= unix.CLONE_NEWNS
		arg = "shm"
	}
	cmd := exec.Command("sh", "-c", holderScript, "holder", arg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: uintptr(flags), Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("isolate: new namespaces: %w", err)
	}
	ns := &namespace{holder: cmd, done: make(chan struct{}), iso: iso}
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(out).ReadString('\n')
		line <- l
		cmd.Wait()
		close(ns.done)
	}()
	select {
	case l := <-line:
		if l != "ready\n" {
			ns.close()
			return nil, fmt.Errorf("isolate: readying the namespaces failed: %s", strings.TrimSpace(stderr.String()))
		}
	case <-time.After(10 * time.Second):
		ns.close()
		return nil, errors.New("isolate: the namespace holder did not get ready in 10 s")
	}
	if iso.net {
		if err := ns.loopbackUp(); err != nil {
			ns.close()
			return nil, err
		}
	}
	return ns, nil
}

// loopbackUp brings up lo in the namespace's network namespace (a new one
// has it down), from a thread that joins it for the call.
func (ns *namespace) loopbackUp() error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("open /proc/thread-self/ns/net: %w", err)
			return
		}
		defer unix.Close(orig)
		target := "/proc/" + strconv.Itoa(ns.holder.Process.Pid) + "/ns/net"
		fd, err := unix.Open(target, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("open %s: %w", target, err)
			return
		}
		err = unix.Setns(fd, unix.CLONE_NEWNET)
		unix.Close(fd)
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("setns: %w", err)
			return
		}
		ferr := setLinkUp("lo")
		if err := unix.Setns(orig, unix.CLONE_NEWNET); err == nil {
			runtime.UnlockOSThread()
		} // else the thread stays locked and ends with this goroutine
		errc <- ferr
	}()
	return <-errc
}

// setLinkUp sets IFF_UP on the interface name, as ip link set name up.
func setLinkUp(name string) error {
	s, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	defer unix.Close(s)
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(s, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("ioctl SIOCGIFFLAGS %s: %w", name, err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(s, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("ioctl SIOCSIFFLAGS %s: %w", name, err)
	}
	return nil
}

// procDir is the /proc folder whose net/ shows the network namespace the
// script's peers run in.
func (ns *namespace) procDir() string {
	if ns == nil || !ns.iso.net {
		return "/proc/self"
	}
	return "/proc/" + strconv.Itoa(ns.holder.Process.Pid)
}

// isolate gives the script's peers namespaces of their own.
func cmdIsolate(ts *testscript.TestScript, neg bool, args []string) {
	var iso isolation
	for _, a := range args {
		switch a {
		case "ipc": // every isolated script has its IPC namespace
		case "net":
			iso.net = true
		case "shm":
			iso.shm = true
		default:
			ts.Fatalf("usage: %s", usageOf("isolate"))
		}
	}
	if len(args) == 0 {
		ts.Fatalf("usage: %s", usageOf("isolate"))
	}
	st := state(ts)
	st.mu.Lock()
	started := len(st.all)
	st.mu.Unlock()
	if started > 0 {
		ts.Fatalf("isolate: must come before the script's first peer")
	}
	if ok, why := canIsolate(); !ok {
		ts.Fatalf("isolate: %s (guard the script with [isolation])", why)
	}
	ns, err := newIsolatedNamespace(iso)
	ts.Check(err)
	st.ns.close()
	st.ns = ns
}

// wait-listen waits until a TCP socket listens on port in the network
// namespace of the script's peers: the readiness of a server that takes
// no -ready flag. It reads /proc/net/tcp and tcp6, never connecting, so
// the server sees no client before its first real one.
func cmdWaitListen(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := newFlags(ts, "wait-listen")
	timeout := fs.Duration("timeout", st.suite.PeerDeadline/2, "")
	args = parseFlags(ts, fs, args)
	if len(args) != 1 {
		ts.Fatalf("usage: %s", usageOf("wait-listen"))
	}
	port, err := strconv.ParseUint(args[0], 10, 16)
	if err != nil || port == 0 {
		ts.Fatalf("wait-listen: bad port %q\nusage: %s", args[0], usageOf("wait-listen"))
	}
	dir := st.ns.procDir()
	deadline := time.Now().Add(*timeout)
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		ok, err := listening(dir, uint16(port))
		ts.Check(err)
		if ok {
			return
		}
		if ended := st.endedPeers(); len(ended) > 0 {
			ts.Fatalf("wait-listen %d: nothing listens, and %s ended", port, strings.Join(ended, ", "))
		}
		if time.Now().After(deadline) {
			ts.Fatalf("wait-listen %d: nothing listens after %v", port, *timeout)
		}
		time.Sleep(delay)
	}
}

// listening reports whether /proc's net/tcp or net/tcp6 under dir has a
// socket in state LISTEN on port.
func listening(dir string, port uint16) (bool, error) {
	want := fmt.Sprintf(":%04X", port)
	for _, f := range []string{"tcp", "tcp6"} {
		data, err := os.ReadFile(dir + "/net/" + f)
		if errors.Is(err, os.ErrNotExist) {
			continue // no IPv6
		}
		if err != nil {
			return false, err
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			// sl local_address rem_address st ...: LISTEN is state 0A.
			fields := strings.Fields(line)
			if len(fields) > 3 && strings.HasSuffix(fields[1], want) && fields[3] == "0A" {
				return true, nil
			}
		}
	}
	return false, nil
}

// wait-shm waits until the SysV segment under key, in the script's IPC
// namespace, begins with text: the readiness of a server that fills a
// segment and takes no -ready flag. It attaches the segment read-only for
// each look and detaches it at once.
func cmdWaitShm(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := newFlags(ts, "wait-shm")
	timeout := fs.Duration("timeout", st.suite.PeerDeadline/2, "")
	args = parseFlags(ts, fs, args)
	if len(args) != 2 {
		ts.Fatalf("usage: %s", usageOf("wait-shm"))
	}
	key, err := strconv.ParseInt(args[0], 0, 32)
	if err != nil {
		ts.Fatalf("wait-shm: bad key %q\nusage: %s", args[0], usageOf("wait-shm"))
	}
	want := []byte(args[1])
	deadline := time.Now().Add(*timeout)
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		var have bool
		ts.Check(st.ns.do(func() error {
			var err error
			have, err = shmBegins(int(key), want)
			return err
		}))
		if have {
			return
		}
		if ended := st.endedPeers(); len(ended) > 0 {
			ts.Fatalf("wait-shm %s: the segment does not begin with %q, and %s ended", args[0], want, strings.Join(ended, ", "))
		}
		if time.Now().After(deadline) {
			ts.Fatalf("wait-shm %s: the segment does not begin with %q after %v", args[0], want, *timeout)
		}
		time.Sleep(delay)
	}
}

// shmBegins reports whether a segment exists under key and begins with
// want; a missing segment (or one being removed) is not yet an error.
func shmBegins(key int, want []byte) (bool, error) {
	id, err := unix.SysvShmGet(key, 0, 0)
	if err == unix.ENOENT {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("shmget: %s", errnoName(err))
	}
	mem, err := unix.SysvShmAttach(id, 0, unix.SHM_RDONLY)
	if err == unix.EINVAL || err == unix.EIDRM {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("shmat: %s", errnoName(err))
	}
	ok := bytes.HasPrefix(mem, want)
	if err := unix.SysvShmDetach(mem); err != nil {
		return false, fmt.Errorf("shmdt: %s", errnoName(err))
	}
	return ok, nil
}

// endedPeers names the background peers that have ended, with how.
func (st *scriptState) endedPeers() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []string
	for _, p := range st.procs {
		if p.Exited() {
			out = append(out, fmt.Sprintf("%s (%s)", p, p.Status()))
		}
	}
	return out
}
