package wire

// The length-prefixed protocol over TCP of document 000's "Framing and
// Parsing"; mirrors ctests/include/tcp_framing.h. Frames are FrameHeader
// (framing.go) and Length payload bytes.
const (
	TCPFramingPort      = 8888 // TCP_FRAMING_PORT
	TCPFramingBacklog   = 5    // TCP_FRAMING_BACKLOG
	TCPFramingMaxFrames = 64   // TCP_FRAMING_MAX_FRAMES: frames one writer may send

	FrameChecksumBasis = 2166136261 // FRAME_CHECKSUM_BASIS: FNV-1a offset basis
	FrameChecksumPrime = 16777619   // FRAME_CHECKSUM_PRIME: FNV-1a prime
)

// FramePattern is byte i of the payload of a frame of length n
// (frame_pattern).
func FramePattern(n, i uint32) byte { return byte('a' + (i+n)%26) }

// FrameChecksum is the 32-bit FNV-1a hash of p (frame_checksum).
func FrameChecksum(p []byte) uint32 {
	h := uint32(FrameChecksumBasis)
	for _, b := range p {
		h ^= uint32(b)
		h *= FrameChecksumPrime
	}
	return h
}
