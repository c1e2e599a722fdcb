package mirror

import "structs"

// Message mirrors struct lt_message.
type Message struct {
	_        structs.HostLayout
	Hdr      FrameHeader
	Addr     uint32 // opaque: 4 bytes, whatever their kind
	Sequence uint32
	Stamp    int64
	_        [2]uint32
}
