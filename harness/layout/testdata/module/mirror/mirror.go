// Package mirror holds the right Go mirrors of include/proto.h.
package mirror

import "structs"

// AlignmentNatural spells C's hole after B.
type AlignmentNatural struct {
	_ structs.HostLayout
	A int32
	B int16
	_ [2]byte
	C int32
}

// FrameHeader mirrors struct frame_header.
type FrameHeader struct {
	_      structs.HostLayout
	Length uint32
	Type   uint16
	Flags  uint16
}

// FrameMaxPayload is FRAME_MAX_PAYLOAD.
const FrameMaxPayload = 65536

// FrameGreeting is FRAME_GREETING.
const FrameGreeting = "hello"

// Version is LT_VERSION, its prefix taken away.
const Version = 3

// Int32T mirrors int32_t.
type Int32T int32

// Uint16T mirrors uint16_t.
type Uint16T uint16
