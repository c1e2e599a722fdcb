// Package shm holds helpers for Go sides that share memory with C peers.
package shm

import (
	"encoding/binary"
	"sync/atomic"
	"unsafe"
)

// sync/atomic has no 8-bit operations, so a byte of shared memory is read
// and written through the aligned 32-bit word that holds it. Go's atomics
// are sequentially consistent: at least as strong as the acquire loads and
// release stores the C peers use on the same byte.

func word(mem []byte, i int) (*uint32, int) {
	off := int(uintptr(unsafe.Pointer(&mem[i])) & 3)
	if i-off < 0 || i-off+4 > len(mem) {
		panic("shm: atomic byte access needs the whole aligned word inside the mapping")
	}
	return (*uint32)(unsafe.Pointer(&mem[i-off])), off
}

// LoadByte atomically loads mem[i].
func LoadByte(mem []byte, i int) byte {
	w, off := word(mem, i)
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], atomic.LoadUint32(w))
	return b[off]
}

// StoreByte atomically stores v at mem[i], leaving the word's other bytes
// as they are.
func StoreByte(mem []byte, i int, v byte) {
	w, off := word(mem, i)
	for {
		old := atomic.LoadUint32(w)
		var b [4]byte
		binary.NativeEndian.PutUint32(b[:], old)
		b[off] = v
		if atomic.CompareAndSwapUint32(w, old, binary.NativeEndian.Uint32(b[:])) {
			return
		}
	}
}
