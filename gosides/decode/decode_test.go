package decode

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/gosides/wire"
)

// frame returns a whole data frame of length n, as the writers send it.
func frame(n uint32) []byte {
	b := AppendFrameHeader(nil, wire.FrameHeader{Length: n, Type: wire.FrameTypeData})
	for i := uint32(0); i < n; i++ {
		b = append(b, wire.FramePattern(n, i))
	}
	return b
}

// FuzzFrame parses a header and, for a data frame, its payload, as
// tcp_framing_reader and unix_stream_server do: a length above the
// maximum is always refused, nothing is accepted past it, and a header
// re-encodes to the bytes it came from.
func FuzzFrame(f *testing.F) {
	f.Add(frame(5), uint32(wire.FrameMaxPayload))
	f.Add(frame(0), uint32(0))
	f.Add([]byte("\xff\xff\xff\xff\x00\x01\x00\x00"), uint32(wire.FrameMaxPayload))
	f.Add([]byte("\x00\x00\x00\x00\x00\x02\x00\x00"), uint32(wire.FrameMaxPayload))
	f.Add([]byte("GET / HTTP/1.0\r\n\r\n"), uint32(wire.FrameMaxPayload))
	f.Fuzz(func(t *testing.T, b []byte, max uint32) {
		max %= wire.FrameMaxPayload + 1
		if len(b) < wire.FrameHeaderSize {
			return // the reader reports a short header before decoding
		}
		h := FrameHeader(b)
		if got := AppendFrameHeader(nil, h); !bytes.Equal(got, b[:wire.FrameHeaderSize]) {
			t.Fatalf("header %x re-encodes as %x", b[:wire.FrameHeaderSize], got)
		}
		err := CheckFrameHeader(h, max)
		if h.Length > max {
			if err == nil || !strings.Contains(err.Error(), "exceeds the maximum") {
				t.Fatalf("length %d above %d: have %v, want refused for its length", h.Length, max, err)
			}
			return
		}
		if err != nil {
			return
		}
		if h.Type != wire.FrameTypeData && h.Type != wire.FrameTypeEnd || h.Flags != 0 {
			t.Fatalf("accepted %+v", h)
		}
		// The reader's one buffer, max bytes: every payload it accepts fits.
		payload := make([]byte, max)
		rest := b[wire.FrameHeaderSize:]
		if uint32(len(rest)) < h.Length {
			return // end of stream inside the payload
		}
		p := payload[:h.Length]
		copy(p, rest)
		if CheckFramePayload(p) == nil && !bytes.Equal(frame(h.Length)[wire.FrameHeaderSize:], p) {
			t.Fatalf("payload %q accepted, differs from the pattern", p)
		}
	})
}

// FuzzFixedRequest decodes tcp_fixed's request: short reads refused, the
// string never longer than the request.
func FuzzFixedRequest(f *testing.F) {
	f.Add([]byte(wire.ClientStr+"\x00"), wire.ClientBytes)
	f.Add([]byte("Hello"), 5)
	f.Add([]byte("\xff\xfe\x00garbage garbage"), wire.ClientBytes)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		s, err := FixedRequest(b, n)
		if n < wire.ClientBytes || len(b) < wire.ClientBytes {
			if err == nil {
				t.Fatalf("%d bytes accepted", n)
			}
			return
		}
		if err != nil || len(s) > wire.ClientBytes || strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("request %q: %q, %v", b, s, err)
		}
	})
}

// FuzzFifoRecord decodes a FIFO record: a bad header is refused before
// its length is trusted, a complete record re-encodes to the bytes it came
// from, and no length above wire.FifoRecordMax is ever taken.
func FuzzFifoRecord(f *testing.F) {
	f.Add(AppendFifoRecord(nil, 1, 1, []byte("payload")))
	f.Add(AppendFifoRecord(nil, 64, 7, bytes.Repeat([]byte{0xaa}, wire.FifoRecordMax-wire.FifoHeaderBytes)))
	f.Add([]byte("FIF0\x00\x00\x00\x01\x00\x00\x00\x01\xff\xff\xff\xff\x00\x00\x00\x00"))
	f.Add([]byte("FIF0\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, complete, err := FifoRecord(b)
		if err != nil {
			if complete {
				t.Fatal("complete and an error")
			}
			return
		}
		if h.Length < wire.FifoHeaderBytes || h.Length > wire.FifoRecordMax || h.Writer < 1 || h.Writer > wire.FifoMaxWriters {
			t.Fatalf("accepted %+v", h)
		}
		if !complete {
			if uint32(len(b)) >= h.Length {
				t.Fatalf("%d bytes of a %d-byte record: incomplete", len(b), h.Length)
			}
			return
		}
		re := AppendFifoRecord(nil, h.Writer, h.Seq, b[wire.FifoHeaderBytes:h.Length])
		if !bytes.Equal(re, b[:h.Length]) {
			t.Fatalf("record %x re-encodes as %x", b[:h.Length], re)
		}
	})
}

// FuzzUDPAck decodes an ack: exactly four bytes, which re-encode.
func FuzzUDPAck(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1}, 4)
	f.Add([]byte{0, 0, 1}, 3)
	f.Add([]byte{0, 0, 0, 1}, 8)
	f.Fuzz(func(t *testing.T, b []byte, got int) {
		v, err := UDPAck(b, got)
		if got != wire.UDPAckBytes || len(b) < wire.UDPAckBytes {
			if err == nil {
				t.Fatalf("ack of %d bytes accepted", got)
			}
			return
		}
		if err != nil || !bytes.Equal(binary.BigEndian.AppendUint32(nil, v), b[:4]) {
			t.Fatalf("ack %x: %d, %v", b, v, err)
		}
	})
}

// FuzzMsgbuf decodes what msgrcv left in its buffer, for a 4- and an
// 8-byte C long in either byte order: a count the buffer cannot hold is
// refused, and a type re-encodes.
func FuzzMsgbuf(f *testing.F) {
	f.Add([]byte("\x63\x00\x00\x00\x00\x00\x00\x00end"), 3, true, false)
	f.Add([]byte("\x00\x00\x00\x63end"), 3, false, true)
	f.Add([]byte("\x01\x00\x00\x00"), 100, false, false)
	f.Add([]byte{}, -1, true, true)
	f.Fuzz(func(t *testing.T, buf []byte, n int, long8, big bool) {
		size := 4
		if long8 {
			size = 8
		}
		var order binary.ByteOrder = binary.LittleEndian
		if big {
			order = binary.BigEndian
		}
		mtype, text, err := Msgbuf(buf, n, size, order)
		if err != nil {
			if n >= 0 && len(buf) >= size && n <= len(buf)-size {
				t.Fatalf("%d bytes in %d refused: %v", n, len(buf), err)
			}
			return
		}
		if len(text) != n {
			t.Fatalf("text of %d bytes, want %d", len(text), n)
		}
		re := make([]byte, size)
		if size == 8 {
			order.PutUint64(re, uint64(mtype))
		} else {
			order.PutUint32(re, uint32(int32(mtype)))
		}
		if !bytes.Equal(re, buf[:size]) {
			t.Fatalf("mtype %x re-encodes as %x", buf[:size], re)
		}
	})
}

// FuzzMqMessage decodes a POSIX queue message: printed up to its NUL as
// C prints it, a stop only when exactly the stop text at its priority.
func FuzzMqMessage(f *testing.F) {
	f.Add([]byte("stop"), 4, uint(0))
	f.Add([]byte("stop"), 4, uint(1))
	f.Add([]byte("st\x00op"), 5, uint(0))
	f.Add([]byte("urgent"), 100, uint(9))
	f.Fuzz(func(t *testing.T, buf []byte, n int, prio uint) {
		text, stop := MqMessage(buf, n, prio)
		if len(text) > len(buf) || strings.IndexByte(text, 0) >= 0 {
			t.Fatalf("text %q from %q", text, buf)
		}
		if stop && (prio != wire.MqPosixStopPrio || text != wire.MqPosixStop) {
			t.Fatalf("stop from %q prio %d", buf, prio)
		}
	})
}

// FuzzDateReply checks the date client's reply line.
func FuzzDateReply(f *testing.F) {
	f.Add([]byte("Mon Jan 02 15:04:05 UTC 2006\n"), 29)
	f.Add([]byte("no newline"), 10)
	f.Add(bytes.Repeat([]byte("x"), wire.DateLineMax+1), wire.DateLineMax+1)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		line, err := DateReply(b, n)
		if err != nil {
			return
		}
		if len(line) == 0 || len(line) > wire.DateLineMax || line[len(line)-1] != '\n' {
			t.Fatalf("reply %q accepted", line)
		}
	})
}

// FuzzUpper capitalizes a sentence: same length, ASCII letters alone
// changed, no lowercase ASCII left, and doing it twice changes nothing.
func FuzzUpper(f *testing.F) {
	f.Add([]byte("hello, server"))
	f.Add([]byte("h\xc3\xa9llo \xff\x00z"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := Sentence(b, len(b)); err != nil {
			if len(b) <= wire.CapitalizeMax {
				t.Fatalf("%d bytes refused", len(b))
			}
			return
		}
		in := append([]byte(nil), b...)
		out := Upper(b)
		if len(out) != len(in) {
			t.Fatalf("length %d, want %d", len(out), len(in))
		}
		for i := range in {
			c := in[i]
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			if out[i] != c {
				t.Fatalf("byte %d: 0x%02x became 0x%02x", i, in[i], out[i])
			}
		}
		if again := Upper(append([]byte(nil), out...)); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent: %q, %q", out, again)
		}
	})
}

// FuzzRingHeader checks a ring's header as a producer does before it
// writes a slot: whatever it accepts, every slot in and out can index lies
// inside the segment, and the segment is exactly the header and its slots.
func FuzzRingHeader(f *testing.F) {
	ok := uint64(RingHeaderSize + 10*wire.RingItemSize)
	f.Add(uint32(wire.RingMagic), uint32(wire.RingItemSize), uint32(10), uint32(0), uint32(0), ok)
	f.Add(uint32(wire.RingMagic), uint32(wire.RingItemSize), uint32(10), uint32(0x05050505), uint32(0), ok)
	f.Add(uint32(wire.RingMagic), uint32(wire.RingItemSize), uint32(1<<26+10), uint32(0), uint32(0), ok)
	f.Add(uint32(0), uint32(0), uint32(0), uint32(0), uint32(0), ok)
	f.Add(uint32(wire.RingMagic), uint32(wire.RingItemSize), uint32(1<<32-1), uint32(1<<32-2), uint32(1<<32-1), uint64(RingHeaderSize)+(1<<32-1)*wire.RingItemSize)
	f.Fuzz(func(t *testing.T, magic, itemSize, capacity, in, out uint32, size uint64) {
		err := RingHeader(magic, itemSize, capacity, in, out, size)
		if err != nil {
			return
		}
		if magic != wire.RingMagic || itemSize != wire.RingItemSize || capacity < 2 {
			t.Fatalf("accepted magic 0x%08x, item size %d, capacity %d", magic, itemSize, capacity)
		}
		for _, i := range []uint32{in, out} {
			if end := RingHeaderSize + (uint64(i)+1)*wire.RingItemSize; end > size {
				t.Fatalf("slot %d ends at %d, past the segment of %d bytes", i, end, size)
			}
		}
		if size != RingHeaderSize+uint64(capacity)*wire.RingItemSize {
			t.Fatalf("capacity %d accepted in %d bytes", capacity, size)
		}
	})
}

// FuzzCFloat formats any double as glibc's "%.17g": a finite one parses
// back to itself, bit for bit; NaN and the infinities as glibc spells them.
func FuzzCFloat(f *testing.F) {
	for _, bits := range []uint64{0, 1 << 63, 0x3ff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
		0x7ff8000000000000, 0xffffffffffffffff, 0x0000000000000001, 0x7fefffffffffffff} {
		f.Add(bits)
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		v := math.Float64frombits(bits)
		s := CFloat(v)
		switch {
		case math.IsNaN(v):
			if want := map[bool]string{true: "-nan", false: "nan"}[math.Signbit(v)]; s != want {
				t.Fatalf("%016x: %q, want %q", bits, s, want)
			}
		case math.IsInf(v, 0):
			if want := map[bool]string{true: "-inf", false: "inf"}[v < 0]; s != want {
				t.Fatalf("%016x: %q, want %q", bits, s, want)
			}
		default:
			back, err := strconv.ParseFloat(s, 64)
			if err != nil || math.Float64bits(back) != bits {
				t.Fatalf("%016x: %q parses as %v, %v", bits, s, back, err)
			}
			if strings.ContainsAny(s, "NIa") {
				t.Fatalf("%016x: %q", bits, s)
			}
		}
	})
}

// TestDecodersDoNotAllocate: on the accepting path the decoders allocate
// nothing, whatever the length a peer announces.
func TestDecodersDoNotAllocate(t *testing.T) {
	hdr := []byte("\xff\xff\xff\xff\x00\x01\x00\x00")
	rec := AppendFifoRecord(nil, 1, 1, []byte("payload"))
	ack := []byte{0, 0, 0, 1}
	msg := []byte("\x63\x00\x00\x00\x00\x00\x00\x00end")
	allocs := testing.AllocsPerRun(100, func() {
		h := FrameHeader(hdr)
		if h.Length != 1<<32-1 {
			t.Fatal(h.Length)
		}
		_ = CheckFrameHeader(wire.FrameHeader{Length: 5, Type: wire.FrameTypeData}, wire.FrameMaxPayload)
		if _, ok, err := FifoRecord(rec); !ok || err != nil {
			t.Fatal(err)
		}
		if _, err := UDPAck(ack, 4); err != nil {
			t.Fatal(err)
		}
		if _, _, err := Msgbuf(msg, 3, 8, binary.LittleEndian); err != nil {
			t.Fatal(err)
		}
		if err := RingHeader(wire.RingMagic, wire.RingItemSize, 10, 3, 7, RingHeaderSize+10*wire.RingItemSize); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("decoders allocate %v times a run, want 0", allocs)
	}
}
