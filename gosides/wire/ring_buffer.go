package wire

import "encoding/binary"

// How the ring_buffer peers use RingHeader and RingItem; mirrors
// ctests/include/ring_buffer.h, which describes the items and the futex
// protocol.
const (
	RingBufferName         = "/bounded_buffer"  // RING_BUFFER_NAME
	RingBufferItems        = 1000000            // RING_BUFFER_ITEMS
	RingBufferSpin         = 1000               // RING_BUFFER_SPIN
	RingBufferYields       = 100                // RING_BUFFER_YIELDS
	RingBufferNapNs        = 50000              // RING_BUFFER_NAP_NS
	RingBufferFutexWaiting = 1                  // RING_BUFFER_FUTEX_WAITING
	RingBufferFutexStep    = 2                  // RING_BUFFER_FUTEX_STEP
	Fnv64Offset            = 0xcbf29ce484222325 // FNV64_OFFSET
	Fnv64Prime             = 0x100000001b3      // FNV64_PRIME
)

// RingBufferWord is ring_buffer_word: word k of item seq's payload.
func RingBufferWord(seq uint64, k uint) uint64 {
	z := seq*6 + uint64(k) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// RingBufferFill is ring_buffer_fill: it writes item seq's payload and
// checksum into it.
func RingBufferFill(it *RingItem, seq uint64) {
	it.Seq = seq
	for k := range uint(RingPayloadSize / 8) {
		binary.LittleEndian.PutUint64(it.Payload[8*k:], RingBufferWord(seq, k))
	}
	it.Checksum = RingBufferFnv(&it.Payload)
}

// RingBufferFnv is ring_buffer_fnv: FNV-1a 64 of a payload.
func RingBufferFnv(payload *[RingPayloadSize]byte) uint64 {
	h := uint64(Fnv64Offset)
	for _, c := range payload {
		h = (h ^ uint64(c)) * Fnv64Prime
	}
	return h
}
