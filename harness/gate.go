package harness

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A cell spends its time on the processors (an emulated Go runtime's start,
// a busy-waiting ring) or waiting (on a timeout hostile input must run
// into, a peer that holds its connection, a server's patience). A fixed
// number of cells at once either leaves the processors idle while cells
// wait or, when busy cells meet, shares them out so thinly that their
// deadlines run out. So cells start by the processors' load, as make's
// --load-average does, but measured over the last tick rather than a
// minute's average: as many cells as there are processors start at once,
// and beyond that, up to go test's -parallel, one more starts each tick
// (GateTick) in which the machine left at least GateIdle of a processor
// idle. $IPCCONFORM_GATE=off turns this off: -parallel alone decides.

// GateEnv turns the gate off when set to "off".
const GateEnv = "IPCCONFORM_GATE"

const (
	GateTick = 100 * time.Millisecond
	GateIdle = 0.5 // processors idle over a tick for one more cell to start
)

// MaxParallel is the most cells run at once unless -parallel says
// otherwise: eight per processor, as many as the gate lets start. The
// processors are GOMAXPROCS's, which heeds a container's CPU limit.
func MaxParallel() int { return 8 * runtime.GOMAXPROCS(0) }

// gate admits cells: min at once without asking, more while processors
// idle.
type gate struct {
	min   int
	idle  func() (idle, total uint64, err error) // the machine's CPU time so far
	tick  time.Duration
	ncpu  int // processors the idle time is shared by
	mu    sync.Mutex
	run   int             // cells admitted and not yet left
	queue []chan struct{} // cells waiting, first come first
	timer bool            // the admitting goroutine runs
}

var cellGate = sync.OnceValue(func() *gate {
	return &gate{min: runtime.GOMAXPROCS(0), ncpu: runtime.NumCPU(), idle: cpuTimes, tick: GateTick}
})

// enter waits until the cell may start, and returns the function that
// says it has ended.
func (g *gate) enter() (leave func()) {
	if os.Getenv(GateEnv) == "off" {
		return func() {}
	}
	g.mu.Lock()
	if g.run < g.min && len(g.queue) == 0 {
		g.run++
		g.mu.Unlock()
		return g.leave
	}
	ch := make(chan struct{})
	g.queue = append(g.queue, ch)
	if !g.timer {
		g.timer = true
		go g.admit()
	}
	g.mu.Unlock()
	<-ch
	return g.leave
}

func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.run--
	if g.run < g.min {
		g.next()
	}
}

// next admits the first waiting cell, if any; g.mu is held.
func (g *gate) next() {
	if len(g.queue) == 0 {
		return
	}
	close(g.queue[0])
	g.queue = g.queue[1:]
	g.run++
}

// admit lets one waiting cell in per tick in which at least GateIdle of a
// processor was idle, until none waits. Without the machine's CPU times it
// lets them in as cells leave, and by one per tick: the gate never stops
// the run.
func (g *gate) admit() {
	idle0, total0, err := g.idle()
	for {
		time.Sleep(g.tick)
		idle1, total1, err1 := g.idle()
		free := float64(g.ncpu) // unknown: take the processors for idle
		if err == nil && err1 == nil && total1 > total0 {
			free = float64(idle1-idle0) / float64(total1-total0) * float64(g.ncpu)
		}
		idle0, total0, err = idle1, total1, err1
		g.mu.Lock()
		if free >= GateIdle || g.run < g.min {
			g.next()
		}
		if len(g.queue) == 0 {
			g.timer = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
	}
}

// cpuTimes reads the machine's idle and total CPU time, in clock ticks,
// from the first line of /proc/stat: user nice system idle iowait irq
// softirq steal (guest time is in user time already).
func cpuTimes() (idle, total uint64, err error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, err
	}
	line, _, _ := strings.Cut(string(data), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0, errors.New("/proc/stat: no cpu line")
	}
	for i, s := range f[1:9] {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/stat: %v", err)
		}
		total += v
		if i == 3 || i == 4 { // idle, iowait
			idle += v
		}
	}
	return idle, total, nil
}
