package wire

import "structs"

// Constants of framing.h, the length-prefixed framing of document 000.
const (
	FrameMaxPayload = 65536 // FRAME_MAX_PAYLOAD: the largest length a frame may announce
	FrameHeaderSize = 8     // FRAME_HEADER_SIZE: bytes of FrameHeader on the wire
	FrameTypeData   = 1     // FRAME_TYPE_DATA: payload is application data
	FrameTypeEnd    = 2     // FRAME_TYPE_END: no more frames; length is 0
)

// FrameHeader mirrors struct frame_header. Every field is in network byte
// order: encode it with binary.BigEndian, never by copying memory.
type FrameHeader struct {
	_      structs.HostLayout
	Length uint32 `wire:"net"`
	Type   uint16 `wire:"net"`
	Flags  uint16 `wire:"net"`
}
