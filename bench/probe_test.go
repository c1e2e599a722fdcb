package bench

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// coreRoundTrip measures how long a cache line takes to go from one CPU
// to another and back: two threads, each bound to one of the first two
// CPUs this process may use, hand a counter back and forth. On a virtual
// machine it tells where the host has put the two virtual CPUs at that
// moment: on cores that share a cache, or on cores far apart, which makes
// every transfer between two processes several times dearer, C's and Go's
// alike. It returns ns per round trip, or 0 when it cannot tell (fewer
// than two CPUs or Ps, or a thread that did not get to run within a
// second).
func coreRoundTrip() float64 {
	probeOnce.Do(startProbe)
	if probe.sides == nil {
		return 0
	}
	probe.n.Store(0)
	probe.abandon.Store(false)
	for _, s := range probe.sides {
		s <- struct{}{}
	}
	timer := time.AfterFunc(time.Second, func() { probe.abandon.Store(true) })
	ok := <-probe.done && <-probe.done
	timer.Stop()
	if !ok {
		return 0
	}
	return float64(probe.elapsed.Nanoseconds()) / probeTrips
}

const probeTrips = 20000

var (
	probeOnce sync.Once
	probe     struct {
		sides   []chan struct{} // a request to each side
		done    chan bool       // each side's answer: it finished
		_       [64]byte
		n       atomic.Int64 // the counter handed back and forth, on a line of its own
		_       [64]byte
		abandon atomic.Bool
		elapsed time.Duration // side 0's, read after its answer
	}
)

// startProbe starts the two sides, each on a thread bound to its CPU for
// the life of the process. They must never end: a locked thread ends with
// its goroutine, and a peer started from that thread earlier would get its
// Pdeathsig.
func startProbe() {
	var set unix.CPUSet
	if runtime.GOMAXPROCS(0) < 2 || unix.SchedGetaffinity(0, &set) != nil || set.Count() < 2 {
		return
	}
	var cpus []int
	for cpu := 0; len(cpus) < 2; cpu++ {
		if set.IsSet(cpu) {
			cpus = append(cpus, cpu)
		}
	}
	probe.done = make(chan bool, 2)
	bound := make(chan bool, 2)
	sides := make([]chan struct{}, 2)
	for side, cpu := range cpus {
		sides[side] = make(chan struct{})
		go func() {
			runtime.LockOSThread()
			var one unix.CPUSet
			one.Set(cpu)
			bound <- unix.SchedSetaffinity(0, &one) == nil
			for range sides[side] {
				probe.done <- probeSide(side)
			}
		}()
	}
	if <-bound && <-bound {
		probe.sides = sides
	}
}

// probeSide runs one side of the round trips: side 0 sends odd counts and
// times the run, side 1 answers with even ones. It gives up when abandon
// is set.
func probeSide(side int) bool {
	spin := func(want int64) bool {
		for i := 0; probe.n.Load() != want; i++ {
			if i%4096 == 4095 && probe.abandon.Load() {
				return false
			}
		}
		return true
	}
	start := time.Now()
	for i := int64(0); i < probeTrips; i++ {
		if side == 0 {
			probe.n.Store(2*i + 1)
			if !spin(2*i + 2) {
				return false
			}
			continue
		}
		if !spin(2*i + 1) {
			return false
		}
		probe.n.Store(2*i + 2)
	}
	if side == 0 {
		probe.elapsed = time.Since(start)
	}
	return true
}

// idleEntries is how many times the machine's CPUs have entered an idle
// state (cpuidle's per-state usage counts, summed), or -1 when the kernel
// does not say.
func idleEntries() int64 {
	files, _ := filepath.Glob("/sys/devices/system/cpu/cpu[0-9]*/cpuidle/state[0-9]*/usage")
	if len(files) == 0 {
		return -1
	}
	var sum int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return -1
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil {
			return -1
		}
		sum += n
	}
	return sum
}
