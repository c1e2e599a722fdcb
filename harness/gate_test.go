package harness

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeCPU is a machine whose processors are idle or busy as the test says.
type fakeCPU struct {
	idle          atomic.Bool
	broken        bool
	idleT, totalT atomic.Uint64
}

func (f *fakeCPU) times() (uint64, uint64, error) {
	if f.broken {
		return 0, 0, errors.New("no /proc/stat")
	}
	// Each reading is 100 ticks on; idle ones all idle.
	if f.idle.Load() {
		f.idleT.Add(100)
	}
	return f.idleT.Load(), f.totalT.Add(100), nil
}

func testGate(cpu *fakeCPU) *gate {
	return &gate{min: 2, ncpu: 2, idle: cpu.times, tick: time.Millisecond}
}

// admitted reports whether enter returns within d, and its leave.
func admitted(g *gate, d time.Duration) (func(), bool) {
	ch := make(chan func(), 1)
	go func() { ch <- g.enter() }()
	select {
	case leave := <-ch:
		return leave, true
	case <-time.After(d):
		go func() { (<-ch)() }() // let it in and out later
		return nil, false
	}
}

func TestGateBusyHoldsCellsBeyondMin(t *testing.T) {
	cpu := &fakeCPU{}
	g := testGate(cpu)
	l1, ok1 := admitted(g, time.Second)
	l2, ok2 := admitted(g, time.Second)
	if !ok1 || !ok2 {
		t.Fatal("the first min cells waited")
	}
	// Busy processors: the third cell waits, however many ticks pass.
	ch := make(chan func())
	go func() { ch <- g.enter() }()
	select {
	case <-ch:
		t.Fatal("a cell beyond min started while the processors were busy")
	case <-time.After(50 * time.Millisecond):
	}
	// A cell leaves: the waiting one takes its place.
	l1()
	var l3 func()
	select {
	case l3 = <-ch:
	case <-time.After(time.Second):
		t.Fatal("the waiting cell did not start when one left")
	}
	l2()
	l3()
	if g.run != 0 {
		t.Errorf("run = %d after every cell left, want 0", g.run)
	}
}

func TestGateIdleAdmitsMore(t *testing.T) {
	cpu := &fakeCPU{}
	cpu.idle.Store(true)
	g := testGate(cpu)
	var leaves []func()
	for i := 0; i < 6; i++ {
		leave, ok := admitted(g, time.Second)
		if !ok {
			t.Fatalf("cell %d waited with idle processors", i+1)
		}
		leaves = append(leaves, leave)
	}
	for _, l := range leaves {
		l()
	}
}

func TestGateFirstComeFirst(t *testing.T) {
	cpu := &fakeCPU{}
	g := testGate(cpu)
	l1, _ := admitted(g, time.Second)
	l2, _ := admitted(g, time.Second)
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			leave := g.enter()
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			leave()
		}()
		// Queue them one after another.
		for deadline := time.Now().Add(time.Second); ; {
			g.mu.Lock()
			n := len(g.queue)
			g.mu.Unlock()
			if n == i+1 || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	l1()
	wg.Wait()
	l2()
	if len(order) != 3 || order[0] != 0 || order[1] != 1 || order[2] != 2 {
		t.Errorf("cells started in the order %v, want [0 1 2]", order)
	}
}

func TestGateWithoutCPUTimesNeverStops(t *testing.T) {
	g := testGate(&fakeCPU{broken: true})
	for i := 0; i < 5; i++ {
		if _, ok := admitted(g, time.Second); !ok {
			t.Fatalf("cell %d waited although the gate cannot read the load", i+1)
		}
	}
}

func TestGateOff(t *testing.T) {
	t.Setenv(GateEnv, "off")
	g := testGate(&fakeCPU{})
	for i := 0; i < 5; i++ {
		if _, ok := admitted(g, time.Second); !ok {
			t.Fatalf("cell %d waited with %s=off", i+1, GateEnv)
		}
	}
	if g.run != 0 {
		t.Errorf("run = %d with the gate off, want 0", g.run)
	}
}

func TestCPUTimes(t *testing.T) {
	idle, total, err := cpuTimes()
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 || idle > total {
		t.Errorf("cpuTimes = %d idle of %d, want 0 <= idle <= total, total > 0", idle, total)
	}
}
