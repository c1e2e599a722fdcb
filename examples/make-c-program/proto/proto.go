// Package proto is the Go side of the readings protocol of c/include/proto.h:
// a sensor sends a Header and Header.Count Readings, the collector answers
// with an Ack. Every integer is big-endian on the wire. Each struct mirrors
// its C struct field for field, padding included, so that encoding/binary's
// bytes are the C library's; ipcconform's layout check proves the two
// layouts equal on every architecture.
package proto

import (
	"encoding/binary"
	"errors"
	"fmt"
	"structs"
	"unsafe"
)

// Constants of proto.h, under their names without the PROTO_ prefix.
const (
	Magic          = 0x50525431 // "PRT1"
	Version        = 1
	NameSize       = 12
	MaxCount       = 1000
	FlagEstimated  = 0x01
	FlagLowBattery = 0x80
	HeaderSize     = 8
	ReadingSize    = 32
	AckSize        = 12
	ChecksumInit   = 2166136261
)

// Header opens a sensor's message (struct proto_header).
type Header struct {
	_       structs.HostLayout
	Magic   uint32
	Version uint16
	Count   uint16
}

// Reading is one measurement (struct proto_reading).
type Reading struct {
	_            structs.HostLayout
	TimestampNs  uint64
	Seq          uint32
	Millidegrees int32
	Rssi         int16
	Flags        uint8
	_            uint8
	Name         [NameSize]byte
}

// Ack is the collector's answer (struct proto_ack).
type Ack struct {
	_        structs.HostLayout
	Magic    uint32
	Count    uint32
	Checksum uint32
}

// The decoders' errors; their texts are proto_strerror's.
var (
	ErrMagic   = errors.New("bad magic")
	ErrVersion = errors.New("unsupported version")
	ErrCount   = errors.New("too many readings")
	ErrPad     = errors.New("padding not zero")
)

// padOffset is where Reading's padding byte lies on the wire: encoding/binary
// skips blank fields when decoding, so the check reads the byte itself.
const padOffset = unsafe.Offsetof(Reading{}.Flags) + 1

// AppendHeader appends h's wire bytes to b.
func AppendHeader(b []byte, h Header) []byte { return mustAppend(b, &h, HeaderSize) }

// AppendReading appends r's wire bytes to b; its padding is written as zero.
func AppendReading(b []byte, r Reading) []byte { return mustAppend(b, &r, ReadingSize) }

// AppendAck appends a's wire bytes to b.
func AppendAck(b []byte, a Ack) []byte { return mustAppend(b, &a, AckSize) }

func mustAppend(b []byte, v any, size int) []byte {
	out, err := binary.Append(b, binary.BigEndian, v)
	if err != nil || len(out)-len(b) != size {
		// Only a type whose fields encoding/binary cannot encode gets here.
		panic(fmt.Sprintf("proto: encoding %T: %d bytes, %v", v, len(out)-len(b), err))
	}
	return out
}

func decode(b []byte, v any, size int) error {
	if len(b) < size {
		return fmt.Errorf("%d of %d bytes", len(b), size)
	}
	_, err := binary.Decode(b[:size], binary.BigEndian, v)
	return err
}

// DecodeHeader decodes a header and checks it as proto_decode_header does.
func DecodeHeader(b []byte) (Header, error) {
	var h Header
	if err := decode(b, &h, HeaderSize); err != nil {
		return h, err
	}
	switch {
	case h.Magic != Magic:
		return h, ErrMagic
	case h.Version != Version:
		return h, ErrVersion
	case h.Count > MaxCount:
		return h, ErrCount
	}
	return h, nil
}

// DecodeReading decodes a reading and checks its padding is zero.
func DecodeReading(b []byte) (Reading, error) {
	var r Reading
	if err := decode(b, &r, ReadingSize); err != nil {
		return r, err
	}
	if b[padOffset] != 0 {
		return r, ErrPad
	}
	return r, nil
}

// DecodeAck decodes an ack and checks its magic.
func DecodeAck(b []byte) (Ack, error) {
	var a Ack
	if err := decode(b, &a, AckSize); err != nil {
		return a, err
	}
	if a.Magic != Magic {
		return a, ErrMagic
	}
	return a, nil
}

// Checksum continues a 32-bit FNV-1a hash over p; start with ChecksumInit.
func Checksum(sum uint32, p []byte) uint32 {
	for _, c := range p {
		sum ^= uint32(c)
		sum *= 16777619
	}
	return sum
}
