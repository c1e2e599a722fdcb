package benchsys

import (
	"fmt"
	"math"
	"sync/atomic"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// Futex operations of <linux/futex.h>, which x/sys/unix does not define.
// Without FUTEX_PRIVATE_FLAG: the word is shared with another process.
const (
	futexWait = 0 // FUTEX_WAIT
	futexWake = 1 // FUTEX_WAKE
)

var headerSize = int(unsafe.Sizeof(wire.RingHeader{}))

// Ring is a side of a ring (bench.h's bench_ring): the segment's header
// and slots, its own index and the other side's as last seen.
type Ring struct {
	h          *wire.RingHeader
	slots      []byte
	cap, slot  uint32
	pos, other uint32
	spin       int64
}

// RingCapacity is the capacity of a throughput ring of slot-byte slots.
func RingCapacity(slot int64) uint32 {
	return uint32(max(wire.BenchRingBytes/slot, wire.BenchRingMinSlots))
}

// RingBytes is the size of a ring's segment.
func RingBytes(capacity uint32, slot int64) int {
	return headerSize + int(capacity)*int(slot)
}

func header(mem []byte) *wire.RingHeader {
	if len(mem) < headerSize {
		peer.Failf("ring: bad header")
	}
	return (*wire.RingHeader)(unsafe.Pointer(&mem[0]))
}

// RingInit initialises the ring at the start of mem; the magic comes last.
func RingInit(mem []byte, capacity uint32, slot int64) {
	h := header(mem)
	h.Capacity = capacity
	h.ItemSize = uint32(slot)
	h.Futex = 0
	h.In = 0
	h.Out = 0
	h.Produced = 0
	h.Consumed = 0
	atomic.StoreUint32(&h.Magic, wire.RingMagic)
}

// RingAttach returns a side of the ring at the start of mem, whose slots
// must be slot bytes; the capacity is the header's.
func RingAttach(mem []byte, slot, spin int64, producer bool) *Ring {
	h := header(mem)
	if atomic.LoadUint32(&h.Magic) != wire.RingMagic || h.ItemSize != uint32(slot) || h.Capacity < 2 ||
		RingBytes(h.Capacity, slot) > len(mem) {
		peer.Failf("ring: bad header")
	}
	r := &Ring{h: h, cap: h.Capacity, slot: uint32(slot), spin: spin}
	r.slots = mem[headerSize:RingBytes(h.Capacity, slot)]
	if producer {
		r.pos, r.other = atomic.LoadUint32(&h.In), atomic.LoadUint32(&h.Out)
	} else {
		r.pos, r.other = atomic.LoadUint32(&h.Out), atomic.LoadUint32(&h.In)
	}
	return r
}

func futex(word *uint32, op, val uint32) unix.Errno {
	_, _, errno := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(word)), uintptr(op), uintptr(val), 0, 0, 0)
	return errno
}

// wait waits until *idx is no longer seen.
func (r *Ring) wait(idx *uint32, seen uint32) {
	for range r.spin {
		if atomic.LoadUint32(idx) != seen {
			return
		}
	}
	for {
		f := atomic.LoadUint32(&r.h.Futex)
		if f&wire.BenchRingWaiting == 0 {
			if !atomic.CompareAndSwapUint32(&r.h.Futex, f, f|wire.BenchRingWaiting) {
				continue
			}
			f |= wire.BenchRingWaiting
		}
		if atomic.LoadUint32(idx) != seen {
			return
		}
		if errno := futex(&r.h.Futex, futexWait, f); errno != 0 && errno != unix.EAGAIN && errno != unix.EINTR {
			peer.Fail("futex", errno)
		}
		if atomic.LoadUint32(idx) != seen {
			return
		}
	}
}

// publish stores v in *idx and wakes a sleeping other side.
func (r *Ring) publish(idx *uint32, v uint32) {
	atomic.StoreUint32(idx, v)
	old := atomic.AddUint32(&r.h.Futex, wire.BenchRingStep) - wire.BenchRingStep
	if old&wire.BenchRingWaiting != 0 {
		atomic.AndUint32(&r.h.Futex, ^uint32(wire.BenchRingWaiting))
		if errno := futex(&r.h.Futex, futexWake, math.MaxInt32); errno != 0 {
			peer.Fail("futex", errno)
		}
	}
}

// Put fills up to n slots, from item first on, from src (a slot's worth of
// pattern), waiting for room; it returns how many.
func (r *Ring) Put(first, n int64, src []byte) int64 {
	in, capacity := r.pos, r.cap
	room := (r.other + capacity - in - 1) % capacity
	if room == 0 {
		r.other = atomic.LoadUint32(&r.h.Out)
		room = (r.other + capacity - in - 1) % capacity
		if room == 0 {
			r.wait(&r.h.Out, r.other)
			return 0
		}
	}
	room = min(room, max(capacity/8, 1))
	if int64(room) > n {
		room = uint32(n)
	}
	slot := int(r.slot)
	for k := range room {
		s := r.slots[int(in)*slot : int(in)*slot+slot]
		i := uint64(first) + uint64(k)
		if slot == wire.BenchItemSize {
			it := (*wire.RingItem)(unsafe.Pointer(&s[0]))
			it.Seq = i + 1
			it.Checksum = (i + 1) ^ wire.BenchItemCheck
			it.Payload = [wire.RingPayloadSize]byte(src)
		} else {
			PutStamp(src, i)
			copy(s, src)
		}
		if in++; in == capacity {
			in = 0
		}
	}
	r.pos = in
	r.publish(&r.h.In, in)
	return int64(room)
}

// Get empties up to n slots, expecting item first on, into dst (a slot's
// worth), waiting for items; it returns how many.
func (r *Ring) Get(first, n int64, dst []byte) int64 {
	out, capacity := r.pos, r.cap
	avail := (r.other + capacity - out) % capacity
	if avail == 0 {
		r.other = atomic.LoadUint32(&r.h.In)
		avail = (r.other + capacity - out) % capacity
		if avail == 0 {
			r.wait(&r.h.In, r.other)
			return 0
		}
	}
	if int64(avail) > n {
		avail = uint32(n)
	}
	slot := int(r.slot)
	for k := range avail {
		s := r.slots[int(out)*slot : int(out)*slot+slot]
		i := first + int64(k)
		if slot == wire.BenchItemSize {
			it := (*wire.RingItem)(unsafe.Pointer(&dst[0]))
			*it = *(*wire.RingItem)(unsafe.Pointer(&s[0]))
			CheckStamp("item", i+1, it.Seq)
			if it.Checksum != it.Seq^wire.BenchItemCheck {
				peer.Failf("item %d: checksum %d", i+1, it.Checksum)
			}
		} else {
			copy(dst, s)
			CheckStamp("transfer", i, Stamp(dst))
		}
		if out++; out == capacity {
			out = 0
		}
	}
	r.pos = out
	r.publish(&r.h.Out, out)
	return int64(avail)
}

// RingWriteAll attaches to the ring at the start of mem as its producer
// and moves n items of size bytes through it.
func RingWriteAll(mem []byte, n, size, spin int64) {
	r := RingAttach(mem, size, spin, true)
	src := Buffer(size)
	for i := int64(0); i < n; {
		i += r.Put(i, n-i, src)
	}
	fmt.Printf("wrote %d transfers of %d bytes\n", n, size)
}

// RingReadAll attaches to the ring at the start of mem as its consumer and
// takes n items of size bytes from it.
func RingReadAll(mem []byte, n, size, spin int64) {
	r := RingAttach(mem, size, spin, false)
	dst := Buffer(size)
	for i := int64(0); i < n; {
		i += r.Get(i, n-i, dst)
	}
	fmt.Printf("read %d transfers of %d bytes\n", n, size)
}

// Map maps length bytes of fd, shared.
func Map(fd, length int) []byte {
	mem, err := unix.Mmap(fd, 0, length, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		peer.Fail("mmap", err)
	}
	return mem
}

// MapSize is the size of the file open as fd.
func MapSize(fd int) int {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	return int(st.Size)
}

// Unmap unmaps mem, or fails the run.
func Unmap(mem []byte) {
	if err := unix.Munmap(mem); err != nil {
		peer.Fail("munmap", err)
	}
}
