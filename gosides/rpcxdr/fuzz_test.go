package rpcxdr

import (
	"bytes"
	"encoding/binary"
	"io"
	"testing"
)

func seedRecords(f *testing.F) {
	for n := range Cases {
		r := Case(n)
		f.Add(Marshal(nil, &r))
	}
}

// FuzzUnmarshalRecord: any bytes decode to a record or to an error,
// never a panic; a record that decodes encodes back to the bytes it was
// decoded from (XDR has one encoding of each value, and the decoder
// refuses non-zero padding).
func FuzzUnmarshalRecord(f *testing.F) {
	seedRecords(f)
	f.Add([]byte{0, 0, 0, 0})
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Rpcx_record
		rest, err := Unmarshal(data, &r)
		if err != nil {
			return
		}
		if len(r.Blob) > RPCX_BLOB_MAX || len(r.Name) > RPCX_NAME_MAX || len(r.Points) > RPCX_POINTS_MAX {
			t.Fatalf("decoded past a bound: blob %d, name %d, points %d", len(r.Blob), len(r.Name), len(r.Points))
		}
		used := data[:len(data)-len(rest)]
		if again := Marshal(nil, &r); !bytes.Equal(again, used) {
			t.Fatalf("decoded %x, encodes as %x", used, again)
		}
	})
}

// FuzzParseCall: a call message decodes or fails, and its arguments are
// the bytes after the header.
func FuzzParseCall(f *testing.F) {
	r := Case(1)
	f.Add(MarshalCall(7, 0x20001717, 1, 1, &r))
	f.Add(MarshalCall(7, 0x20001717, 2, 5))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCall(data)
		if err != nil {
			return
		}
		if len(c.Args) > len(data) || len(c.Cred.Body) > 400 || len(c.Verf.Body) > 400 {
			t.Fatalf("call of %d bytes: args %d, cred %d, verf %d", len(data), len(c.Args), len(c.Cred.Body), len(c.Verf.Body))
		}
	})
}

// FuzzParseReply: a reply decodes to results, a *ReplyError or an error.
func FuzzParseReply(f *testing.F) {
	r := Case(3)
	f.Add(Reply(9, SUCCESS, 0, 0, &r))
	f.Add(Reply(9, PROG_MISMATCH, 1, 2))
	f.Add(DeniedReply(9, RPC_MISMATCH, 0))
	f.Add(DeniedReply(9, AUTH_ERROR, AUTH_BADCRED))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 4 {
			return
		}
		res, err := ParseReply(data, binary.BigEndian.Uint32(data))
		if err == nil && len(res) > len(data) {
			t.Fatalf("results of %d bytes from a reply of %d", len(res), len(data))
		}
	})
}

// FuzzReadRecord: record marking read from any stream yields a record no
// longer than the maximum, or an error, whatever the marks announce.
func FuzzReadRecord(f *testing.F) {
	f.Add(MarkRecord([]byte("a call of some bytes"), 0))
	f.Add(MarkRecord(bytes.Repeat([]byte{1}, 300), 100))
	f.Add([]byte{0x7f, 0xff, 0xff, 0xff, 1, 2, 3})
	f.Add([]byte("GET / HTTP/1.0\r\n\r\n"))
	const max = 1024
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		read := func(b []byte) (int, error) {
			n, err := r.Read(b)
			if err == io.EOF {
				return 0, nil
			}
			return n, err
		}
		for {
			rec, err := ReadRecord(read, max)
			if err != nil {
				if err != io.EOF && !IsRecordError(err) {
					t.Fatalf("error neither end of stream nor a record error: %v", err)
				}
				return
			}
			if len(rec) > max {
				t.Fatalf("record of %d bytes, over the maximum %d", len(rec), max)
			}
		}
	})
}

// TestMarkRecord: fragments of at most frag bytes, the last one marked,
// read back whole.
func TestMarkRecord(t *testing.T) {
	rec := bytes.Repeat([]byte{0xab}, 250)
	marked := MarkRecord(rec, 100)
	if want := 250 + 3*4; len(marked) != want {
		t.Fatalf("marked record of %d bytes, want %d", len(marked), want)
	}
	for i, off := range []int{0, 104, 208} {
		mark := binary.BigEndian.Uint32(marked[off:])
		last := i == 2
		if (mark&lastFragment != 0) != last {
			t.Errorf("fragment %d: mark %#x, last bit %v, want %v", i+1, mark, !last, last)
		}
	}
	r := bytes.NewReader(marked)
	got, err := ReadRecord(func(b []byte) (int, error) { n, _ := r.Read(b); return n, nil }, MaxRecord)
	if err != nil || !bytes.Equal(got, rec) {
		t.Fatalf("read back %d bytes, %v; want the 250", len(got), err)
	}
}

// TestReadRecordRefusesBeforeReading: a mark past the maximum is refused
// with nothing read after it.
func TestReadRecordRefusesBeforeReading(t *testing.T) {
	stream := append(binary.BigEndian.AppendUint32(nil, 0x80000000|2000), make([]byte, 2000)...)
	r := bytes.NewReader(stream)
	_, err := ReadRecord(func(b []byte) (int, error) { n, _ := r.Read(b); return n, nil }, 1000)
	if !IsRecordError(err) {
		t.Fatalf("err %v, want a record error", err)
	}
	if r.Len() != 2000 {
		t.Fatalf("%d bytes read after the mark, want 0", 2000-r.Len())
	}
}
