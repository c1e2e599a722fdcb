package layout

import (
	"debug/dwarf"
	"fmt"
)

// A converter turns debug/dwarf types into Types, once per offset.
type converter struct {
	d       *dwarf.Data
	goNames bool // Go DWARF: names are already qualified
	seen    map[dwarf.Type]*Type
	byName  map[string]dwarf.Offset
	err     error
}

func newConverter(d *dwarf.Data, goNames bool) *converter {
	return &converter{d: d, goNames: goNames, seen: map[dwarf.Type]*Type{}}
}

// convert returns the Type at off; errors are kept in c.err.
func (c *converter) convert(off dwarf.Offset) *Type {
	dt, err := c.d.Type(off)
	if err != nil {
		if c.err == nil {
			c.err = err
		}
		return &Type{Class: Other, Name: "?"}
	}
	return c.fromDWARF(dt)
}

// structByName finds the C struct named name among the compile unit's
// types.
func (c *converter) structByName(name string) (*Struct, error) {
	if c.byName == nil {
		c.byName = map[string]dwarf.Offset{}
		r := c.d.Reader()
		for {
			e, err := r.Next()
			if err != nil {
				return nil, err
			}
			if e == nil {
				break
			}
			if e.Tag == dwarf.TagStructType {
				n, _ := e.Val(dwarf.AttrName).(string)
				// A declaration has no members; keep the definition.
				if decl, _ := e.Val(dwarf.AttrDeclaration).(bool); n != "" && !decl {
					c.byName[n] = e.Offset
				}
			}
			if e.Children && e.Tag != dwarf.TagCompileUnit {
				r.SkipChildren()
			}
		}
	}
	off, ok := c.byName[name]
	if !ok {
		return nil, fmt.Errorf("struct %s: not in the debug information", name)
	}
	t := c.convert(off)
	if t.Struct == nil {
		return nil, fmt.Errorf("struct %s: not a struct in the debug information", name)
	}
	return t.Struct, c.err
}

func (c *converter) fromDWARF(dt dwarf.Type) *Type {
	switch t := dt.(type) {
	case *dwarf.TypedefType:
		// Keep the outermost name (int32_t, key_t), the inner class.
		in := c.fromDWARF(t.Type)
		out := *in
		out.Name = t.Name
		return &out
	case *dwarf.QualType:
		return c.fromDWARF(t.Type)
	case *dwarf.IntType:
		return &Type{Class: Signed, Name: t.Name, Size: t.ByteSize}
	case *dwarf.UintType:
		return &Type{Class: Unsigned, Name: t.Name, Size: t.ByteSize}
	case *dwarf.CharType:
		if t.Name == "char" {
			return &Type{Class: Char, Name: t.Name, Size: t.ByteSize}
		}
		return &Type{Class: Signed, Name: t.Name, Size: t.ByteSize}
	case *dwarf.UcharType:
		if t.Name == "char" {
			return &Type{Class: Char, Name: t.Name, Size: t.ByteSize}
		}
		return &Type{Class: Unsigned, Name: t.Name, Size: t.ByteSize}
	case *dwarf.FloatType:
		return &Type{Class: Float, Name: t.Name, Size: t.ByteSize}
	case *dwarf.BoolType:
		return &Type{Class: Bool, Name: t.Name, Size: t.ByteSize}
	case *dwarf.EnumType:
		cl := Unsigned
		for _, v := range t.Val {
			if v.Val < 0 {
				cl = Signed
			}
		}
		return &Type{Class: cl, Name: "enum " + t.EnumName, Size: t.ByteSize}
	case *dwarf.PtrType:
		return &Type{Class: Pointer, Name: dt.String(), Size: t.ByteSize}
	case *dwarf.ArrayType:
		elem := c.fromDWARF(t.Type)
		size := t.ByteSize
		if size < 0 && t.Count >= 0 {
			// GCC gives arrays no byte size: it is implied.
			size = t.Count * elem.Size
		}
		return &Type{Class: Array, Name: dt.String(), Size: size, Elem: elem, Len: t.Count}
	case *dwarf.StructType:
		if old, ok := c.seen[dt]; ok {
			return old
		}
		name := t.StructName
		display := name
		if !c.goNames {
			display = "struct " + name
		}
		out := &Type{Class: StructClass, Name: display, Size: t.ByteSize}
		if t.Kind != "struct" {
			out.Class = Other
			out.Name = t.Kind + " " + name
		}
		c.seen[dt] = out
		s := &Struct{Name: name, Size: t.ByteSize}
		for i, f := range t.Field {
			if i == 1 {
				s.first = len(s.Fields)
			}
			ft := c.fromDWARF(f.Type)
			if f.BitSize != 0 {
				ft = &Type{Class: Other, Name: fmt.Sprintf("%s:%d", ft.Name, f.BitSize), Size: ft.Size}
			}
			if f.Name == "" && !c.goNames && ft.Struct != nil {
				s.Fields = append(s.Fields, anonymous(ft, f.ByteOffset)...)
				continue
			}
			s.Fields = append(s.Fields, Field{Name: f.Name, Offset: f.ByteOffset, Type: ft})
		}
		out.Struct = s
		return out
	}
	return &Type{Class: Other, Name: dt.String(), Size: dt.Size()}
}

// anonymous returns the fields of an unnamed C member at offset off, as C
// code names them: an anonymous struct's fields, or an anonymous union's
// first member (the one C initializes), each in turn flattened.
func anonymous(t *Type, off int64) []Field {
	fields := t.Struct.Fields
	if t.Class == Other && t.Struct.first > 0 { // a union
		fields = fields[:t.Struct.first]
	}
	var out []Field
	for _, f := range fields {
		f.Offset += off
		out = append(out, f)
	}
	return out
}
