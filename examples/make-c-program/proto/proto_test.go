package proto

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestSizes(t *testing.T) {
	for _, c := range []struct {
		v    any
		want int
	}{{Header{}, HeaderSize}, {Reading{}, ReadingSize}, {Ack{}, AckSize}} {
		if got := binary.Size(c.v); got != c.want {
			t.Errorf("binary.Size(%T) = %d, want %d", c.v, got, c.want)
		}
	}
}

// The bytes the C library writes for the same reading (proto_encode_reading).
func TestReadingBytes(t *testing.T) {
	r := Reading{TimestampNs: 0x0102030405060708, Seq: 0x090a0b0c, Millidegrees: -2, Rssi: -90, Flags: FlagLowBattery}
	copy(r.Name[:], "thermocouple")
	want := []byte{
		1, 2, 3, 4, 5, 6, 7, 8,
		9, 10, 11, 12,
		0xff, 0xff, 0xff, 0xfe,
		0xff, 0xa6,
		0x80, 0,
		't', 'h', 'e', 'r', 'm', 'o', 'c', 'o', 'u', 'p', 'l', 'e',
	}
	got := AppendReading(nil, r)
	if !bytes.Equal(got, want) {
		t.Fatalf("AppendReading = % x, want % x", got, want)
	}
	back, err := DecodeReading(got)
	if err != nil || back != r {
		t.Fatalf("DecodeReading = %+v, %v; want %+v", back, err, r)
	}
	got[padOffset] = 1
	if _, err := DecodeReading(got); !errors.Is(err, ErrPad) {
		t.Fatalf("DecodeReading with padding 1: %v, want %v", err, ErrPad)
	}
}

func TestDecodeHeader(t *testing.T) {
	for _, c := range []struct {
		h    Header
		want error
	}{
		{Header{Magic: Magic, Version: Version, Count: MaxCount}, nil},
		{Header{Magic: Magic + 1, Version: Version}, ErrMagic},
		{Header{Magic: Magic, Version: Version + 1}, ErrVersion},
		{Header{Magic: Magic, Version: Version, Count: MaxCount + 1}, ErrCount},
	} {
		if _, err := DecodeHeader(AppendHeader(nil, c.h)); !errors.Is(err, c.want) {
			t.Errorf("DecodeHeader(%+v) = %v, want %v", c.h, err, c.want)
		}
	}
	if _, err := DecodeHeader(make([]byte, HeaderSize-1)); err == nil {
		t.Errorf("DecodeHeader of %d bytes: no error", HeaderSize-1)
	}
}

// FNV-1a's published value for "a".
func TestChecksum(t *testing.T) {
	if got := Checksum(ChecksumInit, []byte("a")); got != 0xe40c292c {
		t.Errorf("Checksum(\"a\") = %#x, want 0xe40c292c", got)
	}
}
