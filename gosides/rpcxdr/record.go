package rpcxdr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MaxRecord bounds a record over TCP: a fragment header that would take
// a record past it is refused before a byte of the fragment is read.
const MaxRecord = 65536

// lastFragment is the record-marking bit that ends a record (RFC 5531,
// section 11).
const lastFragment = 0x80000000

// A RecordError says why a stream of records could not be read.
type RecordError struct{ Msg string }

func (e *RecordError) Error() string { return "record: " + e.Msg }

// ReadRecord reads one record, the concatenation of fragments up to the
// one whose header has the last-fragment bit, from a stream read by read
// (which returns 0, nil at end of stream). It returns io.EOF at end of
// stream before a record begins. The record is refused when it would
// exceed max bytes, whatever its fragments announce.
func ReadRecord(read func([]byte) (int, error), max int) ([]byte, error) {
	var rec []byte
	var hdr [4]byte
	for frag := 0; ; frag++ {
		n, err := readFull(read, hdr[:])
		if err != nil {
			return nil, err
		}
		if n == 0 && frag == 0 {
			return nil, io.EOF
		}
		if n < 4 {
			return nil, &RecordError{fmt.Sprintf("end of stream after %d of 4 header bytes of fragment %d", n, frag+1)}
		}
		mark := binary.BigEndian.Uint32(hdr[:])
		size := int64(mark &^ lastFragment)
		if int64(len(rec))+size > int64(max) {
			return nil, &RecordError{fmt.Sprintf("fragment %d of %d bytes makes the record %d bytes, over the maximum %d", frag+1, size, int64(len(rec))+size, max)}
		}
		start := len(rec)
		rec = append(rec, make([]byte, size)...)
		n, err = readFull(read, rec[start:])
		if err != nil {
			return nil, err
		}
		if int64(n) < size {
			return nil, &RecordError{fmt.Sprintf("end of stream after %d of %d bytes of fragment %d", n, size, frag+1)}
		}
		if mark&lastFragment != 0 {
			return rec, nil
		}
	}
}

func readFull(read func([]byte) (int, error), buf []byte) (int, error) {
	got := 0
	for got < len(buf) {
		n, err := read(buf[got:])
		if err != nil {
			return got, err
		}
		if n == 0 {
			break
		}
		got += n
	}
	return got, nil
}

// MarkRecord returns rec with record marking: fragments of at most frag
// bytes (one fragment when frag <= 0), the last with its bit set.
func MarkRecord(rec []byte, frag int) []byte {
	if frag <= 0 || frag > len(rec) {
		frag = len(rec)
	}
	out := make([]byte, 0, len(rec)+4*(len(rec)/max(frag, 1)+1))
	for {
		n := min(frag, len(rec))
		mark := uint32(n)
		if n == len(rec) {
			mark |= lastFragment
		}
		out = binary.BigEndian.AppendUint32(out, mark)
		out = append(out, rec[:n]...)
		rec = rec[n:]
		if len(rec) == 0 {
			return out
		}
	}
}

// IsRecordError reports whether err is a malformed stream of records
// rather than a failed system call.
func IsRecordError(err error) bool {
	var re *RecordError
	return errors.As(err, &re)
}
