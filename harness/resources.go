package harness

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Keys and names are unique across scripts of one run (a process-wide
// registry) and across concurrent runs on one machine: a name carries the
// test binary's pid, and a SysV key is drawn at random from a range the
// suite owns and checked against every key the kernel holds.
var (
	keysMu   sync.Mutex
	keysUsed = map[int32]bool{}
	nameSeq  atomic.Uint64
)

// Audit lists what this process's scripts left on the machine: SysV objects
// under the keys it handed out, /dev/shm entries and message queues under
// its names, and child processes or zombies. After a run there must be none.
func Audit() []string {
	var out []string
	keysMu.Lock()
	used := maps.Clone(keysUsed)
	keysMu.Unlock()
	for _, kind := range []string{"shm", "msg", "sem"} {
		objs, err := sysvObjects(kind)
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		for _, o := range objs {
			if used[o.key] {
				out = append(out, Leak{Kind: kind, Key: o.key, ID: o.id}.String())
			}
		}
	}
	prefix := fmt.Sprintf("ipcconform.%d.", os.Getpid())
	for _, dir := range []string{"/dev/shm", "/dev/mqueue"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) {
				out = append(out, fmt.Sprintf("%s entry %q", dir, e.Name()))
			}
		}
	}
	for _, c := range Children() {
		out = append(out, "child process "+c)
	}
	return out
}

const (
	keyBase = 0x1c000000 // ipcconform's SysV keys lie in [keyBase, keyBase+keySpan)
	keySpan = 0x04000000
)

// Resources records the IPC objects handed to one script, so they can be
// swept when it ends, pass or fail.
type Resources struct {
	mu    sync.Mutex
	keys  []int32
	names []string
}

// NewKey returns a SysV IPC key no other script or run is using.
func (r *Resources) NewKey() (int32, error) {
	live, err := liveKeys()
	if err != nil {
		return 0, err
	}
	keysMu.Lock()
	defer keysMu.Unlock()
	var b [4]byte
	for range 1000 {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, err
		}
		k := keyBase + int32(binary.LittleEndian.Uint32(b[:])%keySpan)
		if !keysUsed[k] && !live[k] {
			keysUsed[k] = true
			r.mu.Lock()
			r.keys = append(r.keys, k)
			r.mu.Unlock()
			return k, nil
		}
	}
	return 0, errors.New("no free SysV key in ipcconform's range")
}

// NewName returns a POSIX IPC name ("/ipcconform.<pid>.<n>") for shm_open
// or mq_open.
func (r *Resources) NewName() string {
	n := fmt.Sprintf("/ipcconform.%d.%d", os.Getpid(), nameSeq.Add(1))
	r.mu.Lock()
	r.names = append(r.names, n)
	r.mu.Unlock()
	return n
}

// A Leak is an object a script left behind.
type Leak struct {
	Kind string // "shm", "msg", "sem", "/dev/shm", "POSIX message queue"
	Key  int32
	ID   int
	Name string
}

func (l Leak) String() string {
	if l.Name != "" {
		return fmt.Sprintf("%s entry %q", l.Kind, l.Name)
	}
	return fmt.Sprintf("SysV %s key %#x (id %d)", l.Kind, l.Key, l.ID)
}

// Sweep removes every object that carries one of r's keys or names and
// returns what it found. Removal errors are returned too: an object that
// cannot be removed is a leak the audit must show.
func (r *Resources) Sweep() ([]Leak, error) {
	r.mu.Lock()
	keys := append([]int32(nil), r.keys...)
	names := append([]string(nil), r.names...)
	r.mu.Unlock()
	var leaks []Leak
	var errs []error
	want := map[int32]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for _, kind := range []string{"shm", "msg", "sem"} {
		objs, err := sysvObjects(kind)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, o := range objs {
			if !want[o.key] {
				continue
			}
			leaks = append(leaks, Leak{Kind: kind, Key: o.key, ID: o.id})
			if err := removeSysv(kind, o.id); err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.EIDRM) {
				errs = append(errs, fmt.Errorf("remove SysV %s id %d: %s", kind, o.id, errnoName(err)))
			}
		}
	}
	for _, n := range names {
		p := filepath.Join("/dev/shm", strings.TrimPrefix(n, "/"))
		if _, err := os.Lstat(p); err == nil {
			leaks = append(leaks, Leak{Kind: "/dev/shm", Name: n})
			if err := os.Remove(p); err != nil {
				errs = append(errs, err)
			}
		}
		// mq_unlink works in the caller's IPC namespace, where /dev/mqueue
		// may show another's: unlinking is the test.
		if err := mqUnlink(n); err == nil {
			leaks = append(leaks, Leak{Kind: "POSIX message queue", Name: n})
		} else if !errors.Is(err, unix.ENOENT) {
			errs = append(errs, fmt.Errorf("mq_unlink %s: %s", n, errnoName(err)))
		}
	}
	return leaks, errors.Join(errs...)
}

type sysvObject struct {
	key int32
	id  int
}

// sysvObjects lists the live SysV objects of a kind from /proc/sysvipc,
// which shows every object of this IPC namespace regardless of permissions.
func sysvObjects(kind string) ([]sysvObject, error) {
	f, err := os.Open("/proc/sysvipc/" + kind)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sysvObject
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		key, err1 := strconv.ParseInt(fields[0], 10, 64)
		id, err2 := strconv.Atoi(fields[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("/proc/sysvipc/%s: bad line %q", kind, sc.Text())
		}
		out = append(out, sysvObject{key: int32(key), id: id})
	}
	return out, sc.Err()
}

func liveKeys() (map[int32]bool, error) {
	live := map[int32]bool{}
	for _, kind := range []string{"shm", "msg", "sem"} {
		objs, err := sysvObjects(kind)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			live[o.key] = true
		}
	}
	return live, nil
}

// removeSysv removes one SysV object by id. x/sys/unix wraps shmctl but not
// msgctl or semctl; the harness always runs natively, where both are direct
// system calls on every architecture it supports as a host.
func removeSysv(kind string, id int) error {
	var err error
	switch kind {
	case "shm":
		_, err = unix.SysvShmCtl(id, unix.IPC_RMID, nil)
	case "msg":
		_, _, e := unix.Syscall(unix.SYS_MSGCTL, uintptr(id), uintptr(unix.IPC_RMID), 0)
		if e != 0 {
			err = e
		}
	case "sem":
		_, _, e := unix.Syscall6(unix.SYS_SEMCTL, uintptr(id), 0, uintptr(unix.IPC_RMID), 0, 0, 0)
		if e != 0 {
			err = e
		}
	}
	return err
}

// mqUnlink removes a POSIX message queue by name (the system call takes
// the name without glibc's leading slash).
func mqUnlink(name string) error {
	p, err := unix.BytePtrFromString(strings.TrimPrefix(name, "/"))
	if err != nil {
		return err
	}
	if _, _, e := unix.Syscall(unix.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(p)), 0, 0); e != 0 {
		return e
	}
	return nil
}
