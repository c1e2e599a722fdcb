package layout

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// Class is what a scalar is, the part of a field's kind that both languages
// can state.
type Class int

const (
	Signed Class = iota + 1
	Unsigned
	Char // C plain char: signed on some architectures, unsigned on others
	Float
	Bool
	Array
	StructClass
	Pointer
	Other
)

func (c Class) String() string {
	switch c {
	case Signed:
		return "signed"
	case Unsigned:
		return "unsigned"
	case Char:
		return "char"
	case Float:
		return "float"
	case Bool:
		return "bool"
	case Array:
		return "array"
	case StructClass:
		return "struct"
	case Pointer:
		return "pointer"
	}
	return "other"
}

// A Type is a field's type as either compiler laid it out.
type Type struct {
	Class  Class
	Name   string // as the language spells it: "int32_t", "[16]uint8", "struct in_addr"
	Size   int64
	Elem   *Type   // Array
	Len    int64   // Array
	Struct *Struct // StructClass
}

// Kind describes t in the words of a report: "signed 4", "array 16 of char 1".
func (t *Type) Kind() string {
	switch t.Class {
	case Array:
		return fmt.Sprintf("array %d of %s", t.Len, t.Elem.Kind())
	case StructClass:
		return "struct " + t.Struct.Name
	}
	return fmt.Sprintf("%s %d", t.Class, t.Size)
}

// A Field is one member of a struct.
type Field struct {
	Name   string
	Offset int64
	Type   *Type
	Tag    string // Go only: the `wire` struct tag
}

// Pad reports whether f is padding: a Go blank field, or a C field whose
// name starts with an underscore.
func (f Field) Pad() bool { return strings.HasPrefix(f.Name, "_") }

// A Struct is a struct type as laid out for one architecture.
type Struct struct {
	Name   string // C: "sockaddr_in"; Go: "wire.RawSockaddrInet4"
	Size   int64
	Align  int64
	Fields []Field
	Header string // C only: the header (of Config.Headers) that declares it, "" for system structs

	first int // C unions: how many of Fields come from the first member
}

// A Const is a constant's value for one architecture.
type Const struct {
	Name   string
	Type   string // the C type of the macro or the Go type of the constant
	Int    int64  // two's complement bits, when !IsStr
	Str    string
	IsStr  bool
	Signed bool
}

func (c Const) String() string {
	if c.IsStr {
		return fmt.Sprintf("%q", c.Str)
	}
	if c.Signed || c.Int >= 0 {
		return fmt.Sprint(c.Int)
	}
	return fmt.Sprint(uint64(c.Int))
}

// Equal reports whether c and d have the same value, whatever their types.
func (c Const) Equal(d Const) bool {
	if c.IsStr || d.IsStr {
		return c.IsStr == d.IsStr && c.Str == d.Str
	}
	return c.Int == d.Int
}

// A Side is what one language's compiler says about the shared declarations
// for one architecture.
type Side struct {
	Arch    arch.Arch
	Order   binary.ByteOrder
	Structs map[string]*Struct // by C name (C side) or Go qualified name (Go side)
	Consts  map[string]Const   // by C name (C side) or Go qualified name (Go side)
	Types   map[string]*Type   // C: by Go mirror name (the probe's IPCC_TYPE); Go: by qualified name
	// C side only:
	SysConsts  []string // names from the probe's IPCC_CONST, in file order
	ProjConsts []string // macros of Config.Headers, in file order
	SysStructs []string // structs from the probe's IPCC_STRUCT and IPCC_STRUCT_TYPE
	Notes      []string // macros not compared, and why
}
