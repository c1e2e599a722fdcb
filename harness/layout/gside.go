package layout

import (
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// probeDir is the folder, under the module root, where the overlay places
// the generated Go probe program; no such folder exists on disk.
const probeDir = "ipcconform_layout_probe"

// A goPkg is a Go package whose declarations the probe references, as
// its files for one architecture declare them.
type goPkg struct {
	Path    string // import path
	Short   string // package name, the prefix of keys in a Side
	Dir     string // source directory; "" when only its constants are read
	Types   []string
	Strings []string          // string constants
	Ints    map[string]int64  // integer constants written as literals
	Tags    map[string]string // "Type.Field" -> `wire` tag
}

// scanGoPkg lists the exported types and string constants of the package
// in dir, and the `wire` tags of its struct fields, from the files that
// ctx builds.
func scanGoPkg(path, dir string, ctx *build.Context) (*goPkg, error) {
	p := &goPkg{Path: path, Dir: dir, Tags: map[string]string{}, Ints: map[string]int64{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		if ok, err := ctx.MatchFile(dir, filepath.Base(file)); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.Short = f.Name.Name
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gd.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() || s.TypeParams != nil || seen[s.Name.Name] {
						continue
					}
					switch s.Type.(type) {
					case *ast.InterfaceType, *ast.FuncType, *ast.ChanType, *ast.MapType:
						continue // no layout to compare
					}
					seen[s.Name.Name] = true
					p.Types = append(p.Types, s.Name.Name)
					st, ok := s.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, fld := range st.Fields.List {
						if fld.Tag == nil {
							continue
						}
						tag, err := strconv.Unquote(fld.Tag.Value)
						if err != nil {
							return nil, err
						}
						if v, ok := reflectTag(tag).Lookup("wire"); ok {
							for _, n := range fld.Names {
								p.Tags[s.Name.Name+"."+n.Name] = v
							}
						}
					}
				case *ast.ValueSpec:
					if gd.Tok != token.CONST {
						continue
					}
					for i, n := range s.Names {
						if i < len(s.Values) && n.IsExported() && !seen[n.Name] {
							lit, ok := s.Values[i].(*ast.BasicLit)
							if !ok {
								continue
							}
							switch lit.Kind {
							case token.STRING:
								seen[n.Name] = true
								p.Strings = append(p.Strings, n.Name)
							case token.INT:
								if v, err := strconv.ParseUint(strings.ReplaceAll(lit.Value, "_", ""), 0, 64); err == nil {
									p.Ints[n.Name] = int64(v)
								}
							case token.CHAR:
								if v, _, _, err := strconv.UnquoteChar(lit.Value[1:len(lit.Value)-1], '\''); err == nil {
									p.Ints[n.Name] = int64(v)
								}
							}
						}
					}
				}
			}
		}
	}
	if p.Short == "" {
		return nil, fmt.Errorf("no go files for %s in %s", ctx.GOARCH, dir)
	}
	sort.Strings(p.Types)
	sort.Strings(p.Strings)
	return p, nil
}

// writeGoProbe writes the probe program into dir and the overlay that
// places it at virtual (a folder of the module), and returns the overlay
// file.
func writeGoProbe(virtual, dir string, pkgs []*goPkg) (string, error) {
	var b strings.Builder
	b.WriteString("// The layout probe: a variable of every mirror type, so that the\n// linker writes their DWARF.\npackage main\n\nimport (\n")
	for i, p := range pkgs {
		name := fmt.Sprintf("ipccP%d", i)
		if len(p.Types)+len(p.Strings) == 0 {
			name = "_" // linked for its constants' DWARF only
		}
		fmt.Fprintf(&b, "\t%s %q\n", name, p.Path)
	}
	b.WriteString(")\n\nvar (\n")
	var keep []string
	for i, p := range pkgs {
		for _, t := range p.Types {
			v := fmt.Sprintf("ipccT_%d_%s", i, t)
			fmt.Fprintf(&b, "\t%s ipccP%d.%s\n", v, i, t)
			keep = append(keep, "&"+v)
		}
		for _, s := range p.Strings {
			v := fmt.Sprintf("ipccS_%d_%s", i, s)
			fmt.Fprintf(&b, "\t%s = ipccP%d.%s\n", v, i, s)
			keep = append(keep, "&"+v)
		}
	}
	fmt.Fprintf(&b, ")\n\nvar ipccKeep = []any{%s}\n\nfunc main() { println(len(ipccKeep)) }\n", strings.Join(keep, ", "))
	main := filepath.Join(dir, "probe_main.go")
	if err := os.WriteFile(main, []byte(b.String()), 0o644); err != nil {
		return "", err
	}
	ov, err := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(virtual, "main.go"): main}})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	return overlay, os.WriteFile(overlay, ov, 0o644)
}

// buildGoProbe builds the probe for a.
func buildGoProbe(a arch.Arch, root, importPath, dir, overlay string) (string, error) {
	exe := filepath.Join(dir, "probe-"+a.GOARCH)
	cmd := exec.Command("go", "build", "-overlay", overlay, "-o", exe, importPath)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+a.GOARCH, "CGO_ENABLED=0")
	cmd.Env = append(cmd.Env, a.Env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build (GOARCH=%s) of the layout probe: %v\n%s", a.GOARCH, err, out)
	}
	return exe, nil
}

// attrGoRuntimeType is DW_AT_go_runtime_type: the address of a type's
// runtime descriptor (internal/abi.Type).
const attrGoRuntimeType dwarf.Attr = 0x2904

var qualified = regexp.MustCompile(`[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*/([A-Za-z0-9_]+\.[A-Za-z0-9_]+)`)

// shorten writes package-qualified Go names as Go source does:
// "golang.org/x/sys/unix.SysvIpcPerm" becomes "unix.SysvIpcPerm".
func shorten(name string) string { return qualified.ReplaceAllString(name, "$1") }

// readGo reads the probe executable's DWARF: the mirror types (by
// "pkg.Name"), the integer constants of the packages (DW_TAG_constant,
// which the compiler writes for every integer constant) and the string
// constants (through the probe's variables).
func readGo(a arch.Arch, exe string, pkgs []*goPkg) (*Side, error) {
	f, err := elf.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", exe, err)
	}
	syms, err := symbolData(f)
	if err != nil {
		return nil, err
	}
	// DW_AT_go_runtime_type is an offset from runtime.types.
	types, err := symbolAddr(f, "runtime.types")
	if err != nil {
		return nil, err
	}
	side := &Side{
		Arch:    a,
		Order:   f.ByteOrder,
		Structs: map[string]*Struct{},
		Consts:  map[string]Const{},
		Types:   map[string]*Type{},
	}
	prefixes := map[string]string{}
	for _, p := range pkgs {
		prefixes[p.Path+"."] = p.Short + "."
	}
	conv := newConverter(d, true)
	rtype := map[string]uint64{} // struct name -> runtime type address
	type varType struct {
		name string
		off  dwarf.Offset
	}
	var vars []varType
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		switch e.Tag {
		case dwarf.TagConstant:
			for full, short := range prefixes {
				if rest, ok := strings.CutPrefix(name, full); ok {
					v, _ := e.Val(dwarf.AttrConstValue).(int64)
					c := Const{Name: short + rest, Int: v}
					if off, ok := e.Val(dwarf.AttrType).(dwarf.Offset); ok {
						t := conv.convert(off)
						c.Type = shorten(t.Name)
						c.Signed = t.Class == Signed
					}
					side.Consts[c.Name] = c
				}
			}
		case dwarf.TagStructType:
			if addr, ok := e.Val(attrGoRuntimeType).(uint64); ok {
				rtype[name] = addr
			}
		case dwarf.TagVariable:
			if strings.HasPrefix(name, "main.ipcc") {
				if off, ok := e.Val(dwarf.AttrType).(dwarf.Offset); ok {
					vars = append(vars, varType{name, off})
				}
			}
		}
		if e.Children && e.Tag != dwarf.TagCompileUnit {
			r.SkipChildren()
		}
	}
	for _, v := range vars {
		short := strings.TrimPrefix(v.name, "main.")
		switch {
		case strings.HasPrefix(short, "ipccT_"):
			key, err := probeKey(pkgs, strings.TrimPrefix(short, "ipccT_"))
			if err != nil {
				return nil, err
			}
			t := conv.convert(v.off)
			full := t.Name
			t = shortenType(t, map[*Type]bool{})
			side.Types[key] = t
			if t.Struct != nil {
				al, err := goAlign(f, types, rtype[full], t.Size, a.PtrSize)
				if err != nil {
					return nil, fmt.Errorf("%s: %v", key, err)
				}
				t.Struct.Align = al
				side.Structs[key] = t.Struct
			}
		case strings.HasPrefix(short, "ipccS_"):
			key, err := probeKey(pkgs, strings.TrimPrefix(short, "ipccS_"))
			if err != nil {
				return nil, err
			}
			s, err := goString(f, syms[v.name], a.PtrSize)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", key, err)
			}
			side.Consts[key] = Const{Name: key, Type: "string", Str: s, IsStr: true}
		}
	}
	if conv.err != nil {
		return nil, conv.err
	}
	// An untyped constant too large for int has no DWARF on 32-bit
	// architectures; a literal's value is the same on all of them.
	for _, p := range pkgs {
		for name, v := range p.Ints {
			if _, ok := side.Consts[p.Short+"."+name]; !ok {
				side.Consts[p.Short+"."+name] = Const{Name: p.Short + "." + name, Type: "untyped literal", Int: v}
			}
		}
	}
	// The struct tags, which DWARF does not carry.
	for _, p := range pkgs {
		for key, tag := range p.Tags {
			typ, field, _ := strings.Cut(key, ".")
			if s := side.Structs[p.Short+"."+typ]; s != nil {
				for i := range s.Fields {
					if s.Fields[i].Name == field {
						s.Fields[i].Tag = tag
					}
				}
			}
		}
	}
	return side, nil
}

// probeKey turns the probe's variable suffix "<package index>_<Name>" into
// the Side's key, "short.Name".
func probeKey(pkgs []*goPkg, v string) (string, error) {
	i, name, _ := strings.Cut(v, "_")
	n, err := strconv.Atoi(i)
	if err != nil || n < 0 || n >= len(pkgs) {
		return "", fmt.Errorf("probe variable %q: no package %s", v, i)
	}
	return pkgs[n].Short + "." + name, nil
}

// shortenType rewrites the names in t (and the structs it holds) to their
// short forms, once per type.
func shortenType(t *Type, done map[*Type]bool) *Type {
	if done[t] {
		return t
	}
	done[t] = true
	t.Name = shorten(t.Name)
	if t.Elem != nil {
		shortenType(t.Elem, done)
	}
	if t.Struct != nil {
		t.Struct.Name = shorten(t.Struct.Name)
		for _, f := range t.Struct.Fields {
			shortenType(f.Type, done)
		}
	}
	return t
}

// readAt returns n bytes at virtual address addr of an executable.
func readAt(f *elf.File, addr, n uint64) ([]byte, error) {
	for _, s := range f.Sections {
		if s.Type == elf.SHT_NOBITS || s.Addr == 0 || addr < s.Addr || addr+n > s.Addr+s.Size {
			continue
		}
		b := make([]byte, n)
		if _, err := s.ReadAt(b, int64(addr-s.Addr)); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, fmt.Errorf("address %#x: in no section", addr)
}

func word(bo binary.ByteOrder, b []byte, ptrSize int) uint64 {
	if ptrSize == 4 {
		return uint64(bo.Uint32(b))
	}
	return bo.Uint64(b)
}

// goString decodes a string variable: a pointer and a length.
func goString(f *elf.File, hdr []byte, ptrSize int) (string, error) {
	if len(hdr) != 2*ptrSize {
		return "", fmt.Errorf("string variable of %d bytes", len(hdr))
	}
	ptr, n := word(f.ByteOrder, hdr, ptrSize), word(f.ByteOrder, hdr[ptrSize:], ptrSize)
	if n == 0 {
		return "", nil
	}
	b, err := readAt(f, ptr, n)
	return string(b), err
}

// goAlign reads a type's alignment from its runtime descriptor,
// internal/abi.Type: Size_ and PtrBytes (words), Hash (4 bytes), TFlag
// (1), then Align_ (1). Size_ is checked against DWARF, so that a change of
// that layout fails loudly instead of reading garbage.
func goAlign(f *elf.File, types, off uint64, size int64, ptrSize int) (int64, error) {
	if off == 0 {
		return 0, fmt.Errorf("no runtime type descriptor in the probe")
	}
	b, err := readAt(f, types+off, uint64(2*ptrSize+6))
	if err != nil {
		return 0, err
	}
	if got := word(f.ByteOrder, b, ptrSize); got != uint64(size) {
		return 0, fmt.Errorf("runtime type descriptor says size %d, dwarf %d: has internal/abi.Type changed?", got, size)
	}
	return int64(b[2*ptrSize+5]), nil
}

// symbolAddr returns the address of the symbol name in an executable.
func symbolAddr(f *elf.File, name string) (uint64, error) {
	syms, err := f.Symbols()
	if err != nil {
		return 0, err
	}
	for _, s := range syms {
		if s.Name == name {
			return s.Value, nil
		}
	}
	return 0, fmt.Errorf("no symbol %s", name)
}
