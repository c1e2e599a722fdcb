// Package snapshot is the byte-order snapshot shared by
// gosides/byteorder_writer and gosides/byteorder_reader, the Go
// counterparts of ctests/byteorder_writer.c and ctests/byteorder_reader.c.
//
// The writer fills field number k (from 1, in declaration order) of each
// struct with a value whose bytes, most significant first, are k*16+1,
// k*16+2, … (floats hold k + 1/3), stores it in the host's byte order
// (big-endian for network-order fields) at the field's offset, and writes
// the struct's bytes:
//
//	ipcconform-byteorder 1
//	order little|big
//	struct <c name> <size> <hex bytes>
//
// The reader decodes every field at its own offset in the order the writer
// declared, so an endianness slip or a layout difference names the field.
package snapshot

import (
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"unicode"

	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// Kind says how a field's bytes are read.
type Kind int

const (
	SInt  Kind = iota + 1 // host-order signed integer
	UInt                  // host-order unsigned integer
	Float                 // host-order IEEE float
	Bytes                 // bytes, no order
	Net                   // unsigned integer in network byte order
)

// A Field is one field of a shared struct, by its C name.
type Field struct {
	Name   string // C name
	Offset int
	Size   int
	Kind   Kind
}

// A Struct is a shared struct as this program lays it out.
type Struct struct {
	Name   string // C name
	Size   int
	Fields []Field
}

// Structs are the structs the snapshot covers, in the C programs' order.
var Structs = []Struct{
	of("alignment_natural", wire.AlignmentNatural{}, nil),
	of("alignment_reordered", wire.AlignmentReordered{}, nil),
	of("alignment_packed", wire.AlignmentPacked{}, nil),
	of("alignment_padded", wire.AlignmentPadded{}, nil),
	of("alignment_mixed", wire.AlignmentMixed{}, nil),
	of("ipcc_msgbuf", wire.Msgbuf{}, nil),
	of("some_data_structure", wire.SomeDataStructure{}, nil),
	of("ring_header", wire.RingHeader{}, nil),
	of("ring_item", wire.RingItem{}, nil),
	of("frame_header", wire.FrameHeader{}, nil),
	of("sockaddr_in", unix.RawSockaddrInet4{}, map[string]Field{
		"Family": {Name: "sin_family", Kind: UInt},
		"Port":   {Name: "sin_port", Kind: Net},
		"Addr":   {Name: "sin_addr", Kind: Net},
		"Zero":   {Name: "sin_zero", Kind: Bytes},
	}),
}

// Lookup returns the struct named name (its C name).
func Lookup(name string) (Struct, bool) {
	for _, s := range Structs {
		if s.Name == name {
			return s, true
		}
	}
	return Struct{}, false
}

// of describes v's fields through reflect. x/sys types, whose names and
// kinds do not follow wire's rules, give them in names.
func of(name string, v any, names map[string]Field) Struct {
	rt := reflect.TypeOf(v)
	s := Struct{Name: name, Size: int(rt.Size())}
	for i := 0; i < rt.NumField(); i++ {
		rf := rt.Field(i)
		if rf.Name == "_" {
			continue
		}
		f, ok := names[rf.Name]
		if !ok {
			f = Field{Name: snake(rf.Name), Kind: kindOf(rf)}
		}
		f.Offset, f.Size = int(rf.Offset), int(rf.Type.Size())
		s.Fields = append(s.Fields, f)
	}
	return s
}

func kindOf(rf reflect.StructField) Kind {
	switch rf.Tag.Get("wire") {
	case "net":
		return Net
	case "sint":
		return SInt
	case "uint":
		return UInt
	case "float":
		return Float
	}
	switch rf.Type.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return SInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return UInt
	case reflect.Float32, reflect.Float64:
		return Float
	}
	return Bytes
}

// snake is the C name of a wire field: ItemSize is item_size.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Pattern is field number k's value, most significant byte first.
func Pattern(size, k int, kind Kind) []byte {
	out := make([]byte, size)
	if kind == Float {
		v := float64(k) + 1.0/3
		if size == 4 {
			binary.BigEndian.PutUint32(out, math.Float32bits(float32(v)))
		} else {
			binary.BigEndian.PutUint64(out, math.Float64bits(v))
		}
		return out
	}
	for i := range out {
		out[i] = byte(k*16 + i + 1)
	}
	return out
}

// Order is the byte order a field of kind is stored in by a host of
// byte order host.
func Order(kind Kind, host binary.ByteOrder) binary.ByteOrder {
	if kind == Net || kind == Bytes {
		return binary.BigEndian // bytes: most significant first is as-is
	}
	return host
}

// Put stores v (most significant byte first) into b in order.
func Put(b, v []byte, order binary.ByteOrder) {
	switch len(v) {
	case 1:
		b[0] = v[0]
	case 2:
		order.PutUint16(b, binary.BigEndian.Uint16(v))
	case 4:
		order.PutUint32(b, binary.BigEndian.Uint32(v))
	case 8:
		order.PutUint64(b, binary.BigEndian.Uint64(v))
	default:
		if order == binary.BigEndian {
			copy(b, v)
			return
		}
		for i := range v {
			b[i] = v[len(v)-1-i]
		}
	}
}

// Get reads len(b) bytes stored in order, most significant byte first.
func Get(b []byte, order binary.ByteOrder) []byte {
	v := make([]byte, len(b))
	switch len(b) {
	case 1:
		v[0] = b[0]
	case 2:
		binary.BigEndian.PutUint16(v, order.Uint16(b))
	case 4:
		binary.BigEndian.PutUint32(v, order.Uint32(b))
	case 8:
		binary.BigEndian.PutUint64(v, order.Uint64(b))
	default:
		if order == binary.BigEndian {
			copy(v, b)
		} else {
			for i := range b {
				v[i] = b[len(b)-1-i]
			}
		}
	}
	return v
}

// Swapped returns the opposite of order, for a writer told to corrupt a
// field.
func Swapped(order binary.ByteOrder) binary.ByteOrder {
	if order == binary.BigEndian {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// HostOrder is the byte order of this architecture, as binary.BigEndian or
// binary.LittleEndian (not NativeEndian, which Order compares with).
func HostOrder() binary.ByteOrder {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], 1)
	if b[0] == 0 {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// OrderName is what a snapshot's order line says.
func OrderName(order binary.ByteOrder) string {
	if order == binary.BigEndian {
		return "big"
	}
	return "little"
}
