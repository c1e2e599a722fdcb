// Package benchsys holds what the bench Go sides (gosides/bench_*) share
// with their C peers' ctests/include/bench.h: their flags, the stamp every
// transfer carries, the stream, datagram and ping-pong loops, sockets, and
// ring.h's ring used with slots of any size and a futex wake. Each function
// mirrors the bench.h function of the same name.
package benchsys

import (
	"flag"
	"math"
	"os"
	"runtime/pprof"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// Flag names the flags a bench peer may take beyond -n, -timeout and
// -cpuprofile (bench.h's enum bench_flag).
type Flag uint

const (
	Size  Flag = 1 << iota // -size bytes
	Ready                  // -ready file
	Path                   // -path file: FIFO, socket, mapped file, pid file
	Name                   // -name /name: POSIX IPC name
	Key                    // -key n: SysV IPC key
	Port                   // -port n: loopback port
	FD                     // -fd n: inherited descriptor
	RWFD                   // -rfd n -wfd n: inherited descriptors
	PID                    // -pid n: the other process
	Spin                   // -spin polls
	Gate                   // -gate n: inherited descriptor to wait on
	// Blocking (-blocking) is the Go stream sides' alone: read and write
	// with blocking unix.Read and unix.Write instead of the fast path
	// (fast.go), to measure what the runtime's system call bookkeeping
	// costs. C has one way, and bench.h no such flag.
	Blocking
)

// Args is what a bench peer was told (bench.h's bench_args).
type Args struct {
	N, Size, Timeout int64
	Ready, Path      string
	Name             string
	Key, Port        int64
	FD, RFD, WFD     int64
	PID, Spin, Gate  int64
	CPUProfile       string
	Blocking         bool

	profile *os.File
}

// Parse reads the command line; a flag not in want is bad usage. size is
// -size's default; -spin's is -1, for the peer to choose. With -cpuprofile
// the Go side writes a CPU profile there, ended by Stop.
func Parse(usage string, want Flag, size int64) *Args {
	a := &Args{}
	fs := peer.Flags(usage)
	fs.Int64Var(&a.N, "n", 1, "transfers, messages or round trips")
	fs.Int64Var(&a.Timeout, "timeout", 60, "seconds the whole run may take")
	fs.StringVar(&a.CPUProfile, "cpuprofile", "", "write a CPU profile to this file")
	fs.Int64Var(&a.Size, "size", size, "bytes of each")
	fs.StringVar(&a.Ready, "ready", "", "file to write once ready")
	fs.StringVar(&a.Path, "path", "", "FIFO, socket, mapped file or pid file")
	fs.StringVar(&a.Name, "name", "", "POSIX IPC name")
	fs.Int64Var(&a.Key, "key", 0, "SysV IPC key")
	fs.Int64Var(&a.Port, "port", 0, "loopback port")
	fs.Int64Var(&a.FD, "fd", -1, "inherited descriptor")
	fs.Int64Var(&a.RFD, "rfd", -1, "inherited descriptor to read")
	fs.Int64Var(&a.WFD, "wfd", -1, "inherited descriptor to write")
	fs.Int64Var(&a.PID, "pid", 0, "the other process")
	fs.Int64Var(&a.Spin, "spin", -1, "polls before sleeping")
	fs.Int64Var(&a.Gate, "gate", -1, "inherited descriptor to wait on before the measured part")
	if want&Blocking != 0 {
		fs.BoolVar(&a.Blocking, "blocking", false, "read and write with blocking unix.Read and unix.Write, not the non-blocking fast path")
	}
	peer.Parse(fs)
	names := map[string]Flag{"size": Size, "ready": Ready, "path": Path, "name": Name, "key": Key,
		"port": Port, "fd": FD, "rfd": RWFD, "wfd": RWFD, "pid": PID, "spin": Spin, "gate": Gate}
	var seen Flag
	fs.Visit(func(f *flag.Flag) { seen |= names[f.Name] })
	if seen&^want != 0 {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}
	peer.Range(fs, "n", a.N, 0, math.MaxInt64)
	peer.Range(fs, "timeout", a.Timeout, 1, 86400)
	if want&Size != 0 {
		peer.Range(fs, "size", a.Size, 8, 1<<24)
	}
	peer.Range(fs, "key", a.Key, math.MinInt32, math.MaxInt32)
	peer.Range(fs, "port", a.Port, 0, 65535)
	if seen&FD != 0 {
		peer.Range(fs, "fd", a.FD, 0, math.MaxInt32)
	}
	if seen&RWFD != 0 {
		peer.Range(fs, "rfd", a.RFD, -1, math.MaxInt32)
		peer.Range(fs, "wfd", a.WFD, -1, math.MaxInt32)
	}
	if seen&PID != 0 {
		peer.Range(fs, "pid", a.PID, 1, math.MaxInt32)
	}
	if seen&Gate != 0 {
		peer.Range(fs, "gate", a.Gate, 0, math.MaxInt32)
	}
	if seen&Spin != 0 {
		peer.Range(fs, "spin", a.Spin, 0, math.MaxInt64)
	}
	if a.CPUProfile != "" {
		f, err := os.Create(a.CPUProfile)
		if err != nil {
			peer.Fail("open", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			peer.Failf("pprof: %v", err)
		}
		a.profile = f
	}
	return a
}

// Start is where a peer has set up and its measured part begins: it
// writes its pid to the -ready file, then, with -gate, waits until the
// descriptor gate reads end of file (or a byte), so that whoever measures
// it can leave process start-up out.
func (a *Args) Start() {
	peer.Ready(a.Ready, "%d", os.Getpid())
	if a.Gate < 0 {
		return
	}
	var c [1]byte
	for {
		_, err := unix.Read(int(a.Gate), c[:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Fail("read", err)
		}
		break
	}
	Close(int(a.Gate))
}

// Stop ends the CPU profile, if one was asked for.
func (a *Args) Stop() {
	if a.profile == nil {
		return
	}
	pprof.StopCPUProfile()
	if err := a.profile.Close(); err != nil {
		peer.Fail("close", err)
	}
}

// Watchdog bounds the whole run to seconds, as bench.h's alarm does.
func Watchdog(seconds int64) {
	time.AfterFunc(time.Duration(seconds)*time.Second, func() {
		os.Stderr.WriteString("timeout\n")
		os.Exit(peer.ExitFail)
	})
}

// Usage prints the usage line and exits with status 2, as peer_usage does.
func Usage(usage string) {
	peer.Flags(usage).Usage()
	os.Exit(peer.ExitUsage)
}
