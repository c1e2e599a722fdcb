package rpcxdr

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Cases is the number of records the clients send, numbered from 0.
const Cases = 5

// Case returns record n (0 <= n < Cases), as rpcx_case in
// ctests/rpc/rpc_record.h: zeros and empty data; every maximum; every
// minimum with a negative enum and a union with no arm; NaNs with
// payloads; and -0, a subnormal and a hyper that needs both words.
func Case(n int) Rpcx_record {
	var r Rpcx_record
	switch n {
	case 0:
		r.Color = RPCX_RED
		r.Shape.Kind = RPCX_RED
		*r.Shape.Radius() = 0
	case 1:
		r.I, r.U, r.H, r.Uh = math.MaxInt32, math.MaxUint32, math.MaxInt64, math.MaxUint64
		r.F, r.D = math.Float32frombits(0x7f800000), math.Float64frombits(0x7ff0000000000000)
		r.B = true
		r.Color = RPCX_BLUE
		r.Tag = [RPCX_TAG_SIZE]byte{0xff, 0xff, 0xff, 0xff, 0xff}
		r.Blob = make([]byte, RPCX_BLOB_MAX)
		for k := range r.Blob {
			r.Blob[k] = byte(k)
		}
		var name strings.Builder
		for k := 0; k < RPCX_NAME_MAX; k++ {
			name.WriteByte(byte('a' + k%26))
		}
		r.Name = name.String()
		r.Triple = [3]int32{math.MaxInt32, math.MaxInt32, math.MaxInt32}
		r.Points = make([]Rpcx_point, RPCX_POINTS_MAX)
		for k := range r.Points {
			r.Points[k] = Rpcx_point{X: int32(k), Y: int32(-k)}
		}
		r.Origin = &Rpcx_point{X: math.MaxInt32, Y: math.MinInt32}
		r.Shape.Kind = RPCX_BLUE
		*r.Shape.Corner() = Rpcx_point{X: math.MaxInt32, Y: math.MinInt32}
	case 2:
		r.I, r.U, r.H, r.Uh = math.MinInt32, 1, math.MinInt64, 1<<63
		r.F, r.D = math.Float32frombits(0xff800000), math.Float64frombits(0xfff0000000000000)
		r.B = true
		r.Color = RPCX_BLACK
		r.Tag = [RPCX_TAG_SIZE]byte{1, 2, 3, 4, 5}
		r.Blob = []byte{0xab}
		r.Name = "x"
		r.Triple = [3]int32{math.MinInt32, math.MinInt32, math.MinInt32}
		r.Points = []Rpcx_point{{X: math.MinInt32, Y: math.MaxInt32}}
		r.Origin = &Rpcx_point{}
		r.Shape.Kind = RPCX_BLACK
	case 3:
		r.I, r.U, r.H, r.Uh = -1, 0x80000000, -1, 0x0123456789abcdef
		r.F, r.D = math.Float32frombits(0x7fc00001), math.Float64frombits(0x7ff8000000000001)
		r.Color = RPCX_GREEN
		copy(r.Tag[:], "hello")
		r.Blob = []byte("abc")
		r.Name = "rpc/xdr"
		r.Triple = [3]int32{-1, 0, 1}
		r.Points = []Rpcx_point{{X: 1, Y: 2}, {X: 3, Y: 4}}
		r.Shape.Kind = RPCX_GREEN
		*r.Shape.Label() = ""
	default:
		r.I, r.U, r.H, r.Uh = 1, 2, -9000000000, 4294967296
		r.F, r.D = math.Float32frombits(0x00000001), math.Float64frombits(0x8000000000000000)
		r.B = true
		r.Color = RPCX_RED
		r.Blob = []byte{0x00, 0x01, 0xfe, 0xff}
		r.Name = "four"
		r.Triple = [3]int32{1, 2, 3}
		r.Origin = &Rpcx_point{X: -5, Y: 5}
		r.Shape.Kind = RPCX_RED
		*r.Shape.Radius() = -7
	}
	return r
}

func hexOrDash(b []byte) string {
	if len(b) == 0 {
		return "-"
	}
	return fmt.Sprintf("%x", b)
}

// Print writes r one field a line, each line opening with what, as
// print_record does in C: numbers exact, floating point as its bits.
func Print(w io.Writer, what string, r *Rpcx_record) {
	b := "false"
	if r.B {
		b = "true"
	}
	fmt.Fprintf(w, "%s i %d\n", what, r.I)
	fmt.Fprintf(w, "%s u %d\n", what, r.U)
	fmt.Fprintf(w, "%s h %d\n", what, r.H)
	fmt.Fprintf(w, "%s uh %d\n", what, r.Uh)
	fmt.Fprintf(w, "%s f 0x%08x\n", what, math.Float32bits(r.F))
	fmt.Fprintf(w, "%s d 0x%016x\n", what, math.Float64bits(r.D))
	fmt.Fprintf(w, "%s b %s\n", what, b)
	fmt.Fprintf(w, "%s color %d\n", what, int32(r.Color))
	fmt.Fprintf(w, "%s tag %s\n", what, hexOrDash(r.Tag[:]))
	fmt.Fprintf(w, "%s blob %d %s\n", what, len(r.Blob), hexOrDash(r.Blob))
	fmt.Fprintf(w, "%s name %d %q\n", what, len(r.Name), r.Name)
	fmt.Fprintf(w, "%s triple %d %d %d\n", what, r.Triple[0], r.Triple[1], r.Triple[2])
	fmt.Fprintf(w, "%s points %d", what, len(r.Points))
	for _, p := range r.Points {
		fmt.Fprintf(w, " (%d,%d)", p.X, p.Y)
	}
	fmt.Fprintln(w)
	if r.Origin == nil {
		fmt.Fprintf(w, "%s origin none\n", what)
	} else {
		fmt.Fprintf(w, "%s origin (%d,%d)\n", what, r.Origin.X, r.Origin.Y)
	}
	switch r.Shape.Kind {
	case RPCX_RED:
		fmt.Fprintf(w, "%s shape red radius %d\n", what, *r.Shape.Radius())
	case RPCX_GREEN:
		fmt.Fprintf(w, "%s shape green label %q\n", what, *r.Shape.Label())
	case RPCX_BLUE:
		c := r.Shape.Corner()
		fmt.Fprintf(w, "%s shape blue corner (%d,%d)\n", what, c.X, c.Y)
	default:
		fmt.Fprintf(w, "%s shape %d void\n", what, int32(r.Shape.Kind))
	}
}

func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// Transform returns what version 2's TRANSFORM returns for in, as
// transform does in ctests/rpc/rpc_record.h: every number's bits
// inverted (floating point: its sign), bool negated, the enum one further
// (BLACK wraps to RED), opaque bytes inverted or reversed, the string and
// arrays reversed, each point's x and y swapped, optional data present
// when absent ((7,-7)) and absent when present, the union's arm changed
// the same way.
func Transform(in *Rpcx_record) Rpcx_record {
	out := Rpcx_record{
		I: ^in.I, U: ^in.U, H: ^in.H, Uh: ^in.Uh,
		F:      math.Float32frombits(math.Float32bits(in.F) ^ 0x80000000),
		D:      math.Float64frombits(math.Float64bits(in.D) ^ 0x8000000000000000),
		B:      !in.B,
		Blob:   reversed(in.Blob),
		Name:   string(reversed([]byte(in.Name))),
		Triple: [3]int32{in.Triple[2], in.Triple[1], in.Triple[0]},
	}
	switch in.Color {
	case RPCX_RED:
		out.Color = RPCX_GREEN
	case RPCX_GREEN:
		out.Color = RPCX_BLUE
	case RPCX_BLUE:
		out.Color = RPCX_BLACK
	default:
		out.Color = RPCX_RED
	}
	for k, c := range in.Tag {
		out.Tag[k] = ^c
	}
	out.Points = make([]Rpcx_point, len(in.Points))
	for k := range in.Points {
		p := in.Points[len(in.Points)-1-k]
		out.Points[k] = Rpcx_point{X: p.Y, Y: p.X}
	}
	if in.Origin == nil {
		out.Origin = &Rpcx_point{X: 7, Y: -7}
	}
	out.Shape.Kind = in.Shape.Kind
	switch in.Shape.Kind {
	case RPCX_RED:
		*out.Shape.Radius() = ^*in.Shape.Radius()
	case RPCX_GREEN:
		*out.Shape.Label() = string(reversed([]byte(*in.Shape.Label())))
	case RPCX_BLUE:
		c := in.Shape.Corner()
		*out.Shape.Corner() = Rpcx_point{X: c.Y, Y: c.X}
	}
	return out
}
