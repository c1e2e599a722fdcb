// Command ring_buffer_consumer is the Go counterpart of
// ctests/ring_buffer_consumer.c: the consumer process of document 001's
// bounded buffer in shared memory. It creates the ring (ring.h, capacity
// slots, BUFFER_SIZE by default, holding at most capacity-1 items) in a
// POSIX shared memory object, and takes n items out of it in order,
// checking each one's sequence number, checksum and payload. It prints how
// many items it consumed and the stream's checksum, and removes the object.
package main

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/shm"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "ring_buffer_consumer [-name name] [-n items] [-capacity slots] [-wait spin|futex] " +
	"[-mode octal] [-ready file] [-timeout seconds] [-stats]"

var name = wire.RingBufferName

// failUnlinking reports a failed call, removes the object, and exits 1.
func failUnlinking(call string, err error) {
	peer.Error(call, err)
	if err := posixshm.Unlink(name); err != nil {
		peer.Error("shm_unlink", err)
	}
	os.Exit(peer.ExitFail)
}

func main() {
	fs := peer.Flags(usage)
	fs.StringVar(&name, "name", wire.RingBufferName, "POSIX shared memory name of the ring")
	n := fs.Int64("n", wire.RingBufferItems, "items to consume")
	capacity := fs.Int64("capacity", wire.BufferSize, "slots of the ring")
	wait := fs.String("wait", "spin", "how to wait: spin or futex")
	mode := fs.Int64("mode", 0o600, "permissions of the object")
	ready := fs.String("ready", "", "file to write the name to once the ring is ready")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the producer at any one time")
	stats := fs.Bool("stats", false, "print the rate to stderr")
	peer.Parse(fs)
	peer.Range(fs, "n", *n, 0, 1<<63-1)
	peer.Range(fs, "capacity", *capacity, 2, 1<<20)
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if *wait != "spin" && *wait != "futex" {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}

	size := wire.RingSegmentSize(int(*capacity))
	fd, err := posixshm.Open(name, unix.O_CREAT|unix.O_EXCL|unix.O_RDWR, uint32(*mode))
	if err != nil {
		peer.Fail("shm_open", err)
	}
	if err := unix.Ftruncate(fd, int64(size)); err != nil {
		failUnlinking("ftruncate", err)
	}
	mem, err := unix.Mmap(fd, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		failUnlinking("mmap", err)
	}
	r := shm.NewRing(mem, int(*capacity))
	r.Futex = *wait == "futex"
	r.Timeout = time.Duration(*timeout) * time.Second
	h, buffer := r.Header, r.Items
	peer.Ready(*ready, "%s", name)

	start := time.Now()
	var in, out uint32
	capa := uint32(*capacity)
	sum := uint64(wire.Fnv64Offset)
	var want wire.RingItem
	for seq := uint64(1); seq <= uint64(*n); seq++ {
		if in == out {
			if in, err = r.Wait(&h.In, out); err != nil {
				if err == unix.ETIMEDOUT {
					fmt.Fprintf(os.Stderr, "timeout: no item %d from the producer after %d s\n", seq, *timeout)
				}
				failUnlinking("wait", err)
			}
		}
		// next_consumed = buffer[out];
		nextConsumed := buffer[out]
		wire.RingBufferFill(&want, seq)
		if nextConsumed.Seq != seq {
			fmt.Fprintf(os.Stderr, "item: have sequence number %d, want %d\n", nextConsumed.Seq, seq)
			failUnlinking("check", unix.EPROTO)
		}
		if wire.RingBufferFnv(&nextConsumed.Payload) != nextConsumed.Checksum ||
			nextConsumed.Checksum != want.Checksum ||
			!bytes.Equal(nextConsumed.Payload[:], want.Payload[:]) {
			fmt.Fprintf(os.Stderr, "item %d: have checksum %016x, want %016x\n", seq, nextConsumed.Checksum, want.Checksum)
			failUnlinking("check", unix.EPROTO)
		}
		sum = (sum ^ nextConsumed.Checksum) * wire.Fnv64Prime
		// A plain store, as in C: the producer reads the count only after
		// its atomic load of the out published below, and mips32 has no
		// lock-free 64-bit atomics to share between processes.
		h.Consumed = seq
		// out = (out + 1) % BUFFER_SIZE;
		out = (out + 1) % capa
		if err := r.Publish(&h.Out, out); err != nil {
			failUnlinking("futex", err)
		}
	}
	elapsed := time.Since(start)
	fmt.Printf("consumed %d items\n", *n)
	fmt.Printf("checksum %016x\n", sum)
	if *stats {
		fmt.Fprintf(os.Stderr, "ring_buffer_consumer: %d items in %.3f s: %.0f items/s\n", *n, elapsed.Seconds(),
			float64(*n)/max(elapsed.Seconds(), 1e-9))
	}
	if err := unix.Munmap(mem); err != nil {
		failUnlinking("munmap", err)
	}
	if err := unix.Close(fd); err != nil {
		failUnlinking("close", err)
	}
	if err := posixshm.Unlink(name); err != nil {
		peer.Fail("shm_unlink", err)
	}
}
