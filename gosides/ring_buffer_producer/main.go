// Command ring_buffer_producer is the Go counterpart of
// ctests/ring_buffer_producer.c: the producer process of document 001's
// bounded buffer in shared memory. It maps the ring the consumer created
// (ring.h, in a POSIX shared memory object), puts n items into it in order,
// waits until the consumer has taken the last one, checks the consumer's
// count, and prints how many items it produced and the stream's checksum.
package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "ring_buffer_producer [-name name] [-n items] [-wait spin|futex] [-timeout seconds] [-stats]"

func main() {
	fs := peer.Flags(usage)
	name := fs.String("name", wire.RingBufferName, "POSIX shared memory name of the ring")
	n := fs.Int64("n", wire.RingBufferItems, "items to produce")
	wait := fs.String("wait", "spin", "how to wait: spin or futex")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the consumer at any one time")
	stats := fs.Bool("stats", false, "print the rate to stderr")
	peer.Parse(fs)
	peer.Range(fs, "n", *n, 0, 1<<63-1)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if *wait != "spin" && *wait != "futex" {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}

	fd, err := posixshm.Open(*name, unix.O_RDWR, 0)
	if err != nil {
		peer.Fail("shm_open", err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		peer.Fail("fstat", err)
	}
	const hsize = 40 // sizeof(struct ring_header)
	if st.Size < hsize {
		peer.Failf("ring: %d bytes, too small for its header", st.Size)
	}
	mem, err := unix.Mmap(fd, 0, int(st.Size), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		peer.Fail("mmap", err)
	}
	// The header is the consumer's to write: check it before a slot is
	// indexed by it (in, out), or sized by it (capacity).
	raw := (*wire.RingHeader)(unsafe.Pointer(&mem[0]))
	if err := decode.RingHeader(atomic.LoadUint32(&raw.Magic), raw.ItemSize, raw.Capacity,
		atomic.LoadUint32(&raw.In), atomic.LoadUint32(&raw.Out), uint64(len(mem))); err != nil {
		peer.Failf("ring: %v", err)
	}
	r, err := shm.AttachRing(mem)
	if err != nil {
		peer.Failf("%v", err)
	}
	r.Futex = *wait == "futex"
	r.Timeout = time.Duration(*timeout) * time.Second
	h, buffer := r.Header, r.Items
	capa := h.Capacity

	start := time.Now()
	in, out := atomic.LoadUint32(&h.In), atomic.LoadUint32(&h.Out)
	sum := uint64(wire.Fnv64Offset)
	for seq := uint64(1); seq <= uint64(*n); seq++ {
		// while (((in + 1) % BUFFER_SIZE) == out) ;
		next := (in + 1) % capa
		if next == out {
			if out, err = r.Wait(&h.Out, next); err != nil {
				if err == unix.ETIMEDOUT {
					fmt.Fprintf(os.Stderr, "timeout: no free slot for item %d after %d s\n", seq, *timeout)
				}
				peer.Fail("wait", err)
			}
		}
		// buffer[in] = next_produced;
		wire.RingBufferFill(&buffer[in], seq)
		sum = (sum ^ buffer[in].Checksum) * wire.Fnv64Prime
		// Plain, like Consumed (see the consumer): published by In.
		h.Produced = seq
		// in = (in + 1) % BUFFER_SIZE;
		in = next
		if err := r.Publish(&h.In, in); err != nil {
			peer.Fail("futex", err)
		}
	}
	// The consumer has taken everything when out catches up with in.
	for out != in {
		if out, err = r.Wait(&h.Out, out); err != nil {
			if err == unix.ETIMEDOUT {
				fmt.Fprintf(os.Stderr, "timeout: the consumer left the ring unemptied after %d s\n", *timeout)
			}
			peer.Fail("wait", err)
		}
	}
	elapsed := time.Since(start)
	// The consumer's last store of Consumed came before its last Out.
	if consumed := h.Consumed; consumed != uint64(*n) {
		peer.Failf("consumed: have %d, want %d", consumed, *n)
	}
	fmt.Printf("produced %d items\n", *n)
	fmt.Printf("checksum %016x\n", sum)
	if *stats {
		fmt.Fprintf(os.Stderr, "ring_buffer_producer: %d items in %.3f s: %.0f items/s\n", *n, elapsed.Seconds(),
			float64(*n)/max(elapsed.Seconds(), 1e-9))
	}
	if err := unix.Munmap(mem); err != nil {
		peer.Fail("munmap", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
