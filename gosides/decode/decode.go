// Package decode holds the Go sides' decoders of what another process
// sends them: frame headers, fixed-size requests, FIFO records, datagram
// acks, message buffers, reply lines. Each is a small function over bytes
// already received, with no I/O and no allocation beyond its result, so
// that it can be fuzzed (decode_test.go, testdata/fuzz) and the Go sides
// only move bytes and print. An error's text is the protocol violation as
// the C peer words it, without the "frame k: " or "record k: " prefix the
// caller adds.
package decode

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/ipcconform/ipcconform/gosides/wire"
)

// FrameHeader decodes a struct frame_header from the first
// wire.FrameHeaderSize bytes of b, every field in network byte order. It
// panics if b is shorter, as the caller always reads the header whole.
func FrameHeader(b []byte) wire.FrameHeader {
	return wire.FrameHeader{
		Length: binary.BigEndian.Uint32(b[0:4]),
		Type:   binary.BigEndian.Uint16(b[4:6]),
		Flags:  binary.BigEndian.Uint16(b[6:8]),
	}
}

// AppendFrameHeader appends h in network byte order.
func AppendFrameHeader(b []byte, h wire.FrameHeader) []byte {
	b = binary.BigEndian.AppendUint32(b, h.Length)
	b = binary.BigEndian.AppendUint16(b, h.Type)
	return binary.BigEndian.AppendUint16(b, h.Flags)
}

// CheckFrameHeader says what is wrong with h, in the order
// tcp_framing_reader checks it, for a reader whose largest payload is max:
// a length above max, flags set, an end frame with a payload, an unknown
// type. A length above max is refused before anything else, so that no
// caller ever sizes a buffer from it.
func CheckFrameHeader(h wire.FrameHeader, max uint32) error {
	switch {
	case h.Length > max:
		return fmt.Errorf("length %d exceeds the maximum %d", h.Length, max)
	case h.Flags != 0:
		return fmt.Errorf("flags 0x%04x, want 0", h.Flags)
	case h.Type == wire.FrameTypeEnd && h.Length != 0:
		return fmt.Errorf("end frame of length %d, want 0", h.Length)
	case h.Type != wire.FrameTypeEnd && h.Type != wire.FrameTypeData:
		return fmt.Errorf("unknown type %d", h.Type)
	}
	return nil
}

// CheckFramePayload checks every byte of a data frame's payload against
// wire.FramePattern.
func CheckFramePayload(p []byte) error {
	n := uint32(len(p))
	for i, b := range p {
		if want := wire.FramePattern(n, uint32(i)); b != want {
			return fmt.Errorf("payload byte %d is 0x%02x, want 0x%02x", i, b, want)
		}
	}
	return nil
}

// FixedRequest decodes tcp_fixed's request, the first n bytes of buf
// (wire.ClientBytes of them), as the server prints it: the string up to
// its NUL.
func FixedRequest(buf []byte, n int) (string, error) {
	if n < wire.ClientBytes || len(buf) < wire.ClientBytes {
		return "", fmt.Errorf("short read: %d of %d bytes", n, wire.ClientBytes)
	}
	return CString(buf[:wire.ClientBytes]), nil
}

// CString returns b up to its first NUL, as C's "%.*s" prints it.
func CString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// ErrFifoShort says b holds less than a record header: read more.
var ErrFifoShort = errors.New("short record header")

// FifoRecord decodes the record at the start of b. It checks the header
// as soon as it is whole (magic, length in range, writer in range), so a
// bad length is refused before anything waits for its bytes; it returns
// complete false while the record's payload is still incomplete, and with
// the whole record checks its checksum. The sequence number is the
// caller's to check.
func FifoRecord(b []byte) (h wire.FifoRecord, complete bool, err error) {
	if len(b) < wire.FifoHeaderBytes {
		return h, false, ErrFifoShort
	}
	h = wire.FifoRecord{
		Magic:    binary.BigEndian.Uint32(b[0:4]),
		Writer:   binary.BigEndian.Uint32(b[4:8]),
		Seq:      binary.BigEndian.Uint32(b[8:12]),
		Length:   binary.BigEndian.Uint32(b[12:16]),
		Checksum: binary.BigEndian.Uint32(b[16:20]),
	}
	switch {
	case h.Magic != wire.FifoMagic:
		return h, false, fmt.Errorf("bad magic 0x%08x", h.Magic)
	case h.Length < wire.FifoHeaderBytes || h.Length > wire.FifoRecordMax:
		return h, false, fmt.Errorf("length %d out of range", h.Length)
	case h.Writer < 1 || h.Writer > wire.FifoMaxWriters:
		return h, false, fmt.Errorf("writer %d out of range", h.Writer)
	}
	if uint32(len(b)) < h.Length {
		return h, false, nil
	}
	if wire.FifoChecksum(b[wire.FifoHeaderBytes:h.Length]) != h.Checksum {
		return h, false, fmt.Errorf("writer %d record %d: bad checksum", h.Writer, h.Seq)
	}
	return h, true, nil
}

// AppendFifoRecord appends a record: its header in network byte order,
// with the length and checksum of payload filled in, and payload.
func AppendFifoRecord(b []byte, writer, seq uint32, payload []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, wire.FifoMagic)
	b = binary.BigEndian.AppendUint32(b, writer)
	b = binary.BigEndian.AppendUint32(b, seq)
	b = binary.BigEndian.AppendUint32(b, uint32(wire.FifoHeaderBytes+len(payload)))
	b = binary.BigEndian.AppendUint32(b, wire.FifoChecksum(payload))
	return append(b, payload...)
}

// UDPAck decodes a receiver's ack of got bytes (recvfrom with MSG_TRUNC:
// its real length, which may exceed len(b)): the length the receiver saw,
// a uint32 in network byte order.
func UDPAck(b []byte, got int) (uint32, error) {
	if got != wire.UDPAckBytes || len(b) < wire.UDPAckBytes {
		return 0, fmt.Errorf("ack of %d bytes, want %d", got, wire.UDPAckBytes)
	}
	return binary.BigEndian.Uint32(b), nil
}

// Msgbuf decodes what msgrcv(2) left in buf, a struct msgbuf whose mtype
// is a C long of longSize bytes in host byte order order, after it
// returned n: the type and the n bytes of text. A count the buffer cannot
// hold is an error, not a panic.
func Msgbuf(buf []byte, n, longSize int, order binary.ByteOrder) (mtype int64, text []byte, err error) {
	if longSize != 4 && longSize != 8 {
		return 0, nil, fmt.Errorf("long of %d bytes", longSize)
	}
	if len(buf) < longSize || n < 0 || n > len(buf)-longSize {
		return 0, nil, fmt.Errorf("msgrcv: %d bytes of text in a buffer of %d", n, len(buf))
	}
	if longSize == 8 {
		mtype = int64(order.Uint64(buf))
	} else {
		mtype = int64(int32(order.Uint32(buf)))
	}
	return mtype, buf[longSize : longSize+n], nil
}

// MqMessage decodes a POSIX queue message of n bytes at priority prio: the
// text as the C receiver prints it ("%.*s": up to a NUL), and whether it
// is the stop message (exactly wire.MqPosixStop at wire.MqPosixStopPrio).
func MqMessage(buf []byte, n int, prio uint) (text string, stop bool) {
	m := buf[:min(max(n, 0), len(buf))]
	return CString(m), prio == wire.MqPosixStopPrio && string(m) == wire.MqPosixStop
}

// DateReply checks the date server's reply, the n bytes read into a buffer
// of wire.DateLineMax+1: one line, no longer than wire.DateLineMax.
func DateReply(b []byte, n int) ([]byte, error) {
	if n > wire.DateLineMax || n > len(b) {
		return nil, fmt.Errorf("reply longer than %d bytes", wire.DateLineMax)
	}
	if n <= 0 || b[n-1] != '\n' {
		return nil, fmt.Errorf("reply of %d bytes does not end in a newline", max(n, 0))
	}
	return b[:n], nil
}

// Upper capitalizes b in place as C's toupper() does in the C locale and
// Python's bytes.upper(): ASCII letters only, every other byte as it is
// (bytes.ToUpper would rewrite UTF-8 and invalid UTF-8).
func Upper(b []byte) []byte {
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return b
}

// Sentence checks what a capitalize server read, n bytes into a buffer
// one byte longer than a sentence may be.
func Sentence(b []byte, n int) ([]byte, error) {
	if n > wire.CapitalizeMax || n > len(b) {
		return nil, fmt.Errorf("sentence longer than %d bytes", wire.CapitalizeMax)
	}
	return b[:max(n, 0)], nil
}

// CFloat formats v as glibc's printf("%.17g") does: finite values as
// strconv's 'g' with 17 digits, which agree with it, and NaN and the
// infinities as glibc spells them ("nan", "-nan", "inf", "-inf"), which
// strconv does not ("NaN", "+Inf"). A double in shared memory is the other
// process's to write: any of its bit patterns may be there.
func CFloat(v float64) string {
	switch {
	case math.IsNaN(v) && math.Signbit(v):
		return "-nan"
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', 17, 64)
}

// RingHeader checks the header of a ring (wire.RingHeader) that another
// process created in a segment of size bytes, before a producer writes a
// slot of it: the magic, the slot size, and a capacity of at least 2 whose
// slots fill the segment exactly, computed in 64 bits so that no capacity
// wraps around to a plausible size on a 32-bit machine; then in and out,
// which index the slots, below the capacity. The header's own size is
// wire.RingHeaderSize.
func RingHeader(magic, itemSize, capacity, in, out uint32, size uint64) error {
	if magic != wire.RingMagic || itemSize != wire.RingItemSize || capacity < 2 ||
		size != RingHeaderSize+uint64(capacity)*wire.RingItemSize {
		return fmt.Errorf("magic 0x%08x, item size %d, capacity %d, %d bytes: not a ring", magic, itemSize, capacity, size)
	}
	if in >= capacity || out >= capacity {
		return fmt.Errorf("in %d, out %d, capacity %d: index out of range", in, out, capacity)
	}
	return nil
}

// RingHeaderSize is sizeof(struct ring_header).
const RingHeaderSize = 40
