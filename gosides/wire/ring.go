package wire

import (
	"structs"
	"unsafe"
)

// Constants of ring.h, document 001's bounded buffer in shared memory.
const (
	BufferSize      = 10         // BUFFER_SIZE: default number of slots
	RingMagic       = 0x52494e47 // RING_MAGIC: "RING" as a big-endian word
	RingItemSize    = 64         // RING_ITEM_SIZE: size of RingItem
	RingPayloadSize = 48         // RING_PAYLOAD_SIZE: capacity of RingItem.Payload
)

// RingItem mirrors struct ring_item: one slot of the ring.
type RingItem struct {
	_        structs.HostLayout
	Seq      uint64
	Checksum uint64
	Payload  [RingPayloadSize]byte
}

// RingHeader mirrors struct ring_header, the start of the segment. In, Out
// and Futex are for sync/atomic's 32-bit functions; Produced and Consumed
// for its 64-bit ones, which the layout keeps 8-aligned. They are plain
// integers, not atomic.Uint64, whose forced alignment C lacks on 386.
type RingHeader struct {
	_        structs.HostLayout
	Magic    uint32
	Capacity uint32
	ItemSize uint32
	Futex    uint32
	In       uint32
	Out      uint32
	Produced uint64
	Consumed uint64
}

// RingSegmentSize is RING_SEGMENT_SIZE(capacity): the bytes of a segment
// holding a header and capacity slots.
func RingSegmentSize(capacity int) int {
	return int(unsafe.Sizeof(RingHeader{})) + capacity*int(unsafe.Sizeof(RingItem{}))
}
