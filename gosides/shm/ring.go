package shm

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// Ring is document 001's bounded buffer in shared memory as ring.h lays it
// out: a header, then Capacity slots. The ordering argument and the futex
// protocol are ring_buffer.h's; Go's sync/atomic operations are
// sequentially consistent, which covers both its acquire/release pairs and
// its Dekker handshake.
type Ring struct {
	Header *wire.RingHeader
	Items  []wire.RingItem
	// Futex makes Wait sleep in FUTEX_WAIT; otherwise it busy-waits.
	Futex bool
	// Timeout bounds one Wait.
	Timeout time.Duration
}

// ErrNotRing says that a mapping does not hold an initialised ring.
var ErrNotRing = errors.New("not a ring")

// NewRing initialises a ring of capacity slots in mem, which must be
// zeroed and wire.RingSegmentSize(capacity) bytes; the magic, stored last,
// tells attachers it is ready.
func NewRing(mem []byte, capacity int) *Ring {
	r := view(mem, capacity)
	r.Header.Capacity = uint32(capacity)
	r.Header.ItemSize = wire.RingItemSize
	atomic.StoreUint32(&r.Header.Magic, wire.RingMagic)
	return r
}

// AttachRing checks the ring in mem and returns it.
func AttachRing(mem []byte) (*Ring, error) {
	const hsize = int(unsafe.Sizeof(wire.RingHeader{}))
	if len(mem) < hsize {
		return nil, fmt.Errorf("ring: %d bytes, too small for its header", len(mem))
	}
	h := (*wire.RingHeader)(unsafe.Pointer(&mem[0]))
	magic := atomic.LoadUint32(&h.Magic)
	if magic != wire.RingMagic || h.ItemSize != wire.RingItemSize || h.Capacity < 2 ||
		uint64(len(mem)) != uint64(wire.RingSegmentSize(int(h.Capacity))) {
		return nil, fmt.Errorf("ring: magic 0x%08x, item size %d, capacity %d, %d bytes: %w",
			magic, h.ItemSize, h.Capacity, len(mem), ErrNotRing)
	}
	return view(mem, int(h.Capacity)), nil
}

func view(mem []byte, capacity int) *Ring {
	const hsize = unsafe.Sizeof(wire.RingHeader{})
	return &Ring{
		Header: (*wire.RingHeader)(unsafe.Pointer(&mem[0])),
		Items:  unsafe.Slice((*wire.RingItem)(unsafe.Pointer(&mem[hsize])), capacity),
	}
}

// Publish stores a side's new index and wakes the other side if it
// sleeps.
func (r *Ring) Publish(index *uint32, value uint32) error {
	atomic.StoreUint32(index, value)
	old := atomic.AddUint32(&r.Header.Futex, wire.RingBufferFutexStep) - wire.RingBufferFutexStep
	if old&wire.RingBufferFutexWaiting != 0 {
		atomic.AndUint32(&r.Header.Futex, ^uint32(wire.RingBufferFutexWaiting))
		if _, err := FutexWake(&r.Header.Futex, math.MaxInt32); err != nil {
			return err
		}
	}
	return nil
}

// Wait waits until the other side's index *watch is no longer blocked and
// returns its new value; it fails with ETIMEDOUT after r.Timeout without a
// change. Busy-waiting, it polls wire.RingBufferSpin times, then yields
// the processor with sched_yield on each further poll (runtime.Gosched
// would yield only to other goroutines, never to the other process), and
// after wire.RingBufferYields yields naps wire.RingBufferNapNs on each, as
// ring_buffer.h explains.
func (r *Ring) Wait(watch *uint32, blocked uint32) (uint32, error) {
	v := atomic.LoadUint32(watch)
	if v != blocked {
		return v, nil
	}
	start := time.Now()
	for polls := 1; v == blocked; polls++ {
		if !r.Futex {
			switch {
			case polls > wire.RingBufferSpin+wire.RingBufferYields:
				nap := unix.Timespec{Nsec: wire.RingBufferNapNs}
				unix.Nanosleep(&nap, nil)
			case polls > wire.RingBufferSpin:
				unix.Syscall(unix.SYS_SCHED_YIELD, 0, 0, 0)
			}
			if polls%1024 == 0 && time.Since(start) >= r.Timeout {
				return v, unix.ETIMEDOUT
			}
			v = atomic.LoadUint32(watch)
			continue
		}
		f := atomic.LoadUint32(&r.Header.Futex)
		if f&wire.RingBufferFutexWaiting == 0 {
			if !atomic.CompareAndSwapUint32(&r.Header.Futex, f, f|wire.RingBufferFutexWaiting) {
				continue // the word moved: look again
			}
			f |= wire.RingBufferFutexWaiting
		}
		if v = atomic.LoadUint32(watch); v != blocked {
			break
		}
		// Sleep in slices, to notice the timeout.
		err := FutexWait(&r.Header.Futex, f, 100*time.Millisecond)
		if err != nil && err != unix.EAGAIN && err != unix.ETIMEDOUT && err != unix.EINTR {
			return v, err
		}
		if v = atomic.LoadUint32(watch); v == blocked && time.Since(start) >= r.Timeout {
			return v, unix.ETIMEDOUT
		}
	}
	return v, nil
}
