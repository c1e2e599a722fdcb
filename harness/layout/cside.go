package layout

import (
	"bufio"
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// CFlags are the flags the probe is compiled with: the C peers' language
// level, debug information for every type the headers declare, used or
// not, and no linking.
var CFlags = []string{"-std=gnu17", "-g", "-O0", "-c", "-fno-eliminate-unused-debug-types"}

// Symbol prefixes the probe defines; see ctests/layout/probe.c.
const (
	symAlign     = "ipcc_align_"  // _Alignof a struct
	symUse       = "ipcc_use_"    // a system struct, so that DWARF has it
	symSysConst  = "ipcc_const_"  // a system constant from probe.c
	symProjConst = "ipcc_pconst_" // a constant of ctests/include
	symType      = "ipcc_type_"   // a C integer type
)

// ccCommand returns the C compiler for a: $CC for the host, when set.
func ccCommand(a arch.Arch) string {
	if cc := os.Getenv("CC"); cc != "" && a.GOARCH == arch.Host().GOARCH {
		return cc
	}
	return a.CC()
}

// headers returns the ctests/include headers under root, sorted.
func headers(root string) ([]string, error) {
	hs, err := filepath.Glob(filepath.Join(root, "ctests", "include", "*.h"))
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, fmt.Errorf("no headers in %s", filepath.Join(root, "ctests", "include"))
	}
	sort.Strings(hs)
	return hs, nil
}

// A headerScan is what the preprocessor shows of ctests/include: the
// object-like macros with a value and the tagged structs, in file order.
type headerScan struct {
	macros  []string
	structs []string
	header  map[string]string // struct name -> header base name
}

var (
	lineMarker = regexp.MustCompile(`^# \d+ "([^"]*)"`)
	defineLine = regexp.MustCompile(`^#define ([A-Za-z_][A-Za-z0-9_]*)(\(?)(.*)$`)
	undefLine  = regexp.MustCompile(`^#undef ([A-Za-z_][A-Za-z0-9_]*)`)
	structDecl = regexp.MustCompile(`\bstruct\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{`)
)

// scanHeaders preprocesses every header with -dD and keeps what the
// project's own headers define, following the line markers.
func scanHeaders(cc, dir, incDir string, hs []string) (*headerScan, error) {
	src := filepath.Join(dir, "scan.c")
	var b strings.Builder
	b.WriteString("#define _GNU_SOURCE\n")
	for _, h := range hs {
		fmt.Fprintf(&b, "#include %q\n", h)
	}
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(cc, "-E", "-dD", "-std=gnu17", "-I", incDir, src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -E: %v\n%s", cc, err, stderr.Bytes())
	}
	s := &headerScan{header: map[string]string{}}
	defined := map[string]bool{}
	inProject := false
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := lineMarker.FindStringSubmatch(line); m != nil {
			cur = m[1]
			inProject = filepath.Dir(filepath.Clean(cur)) == incDir
			continue
		}
		if !inProject {
			continue
		}
		if m := defineLine.FindStringSubmatch(line); m != nil {
			name, fn, body := m[1], m[2], strings.TrimSpace(m[3])
			// Function-like macros, empty ones (include guards, feature
			// macros) and reserved names are not values.
			if fn != "" || body == "" || strings.HasPrefix(name, "_") {
				continue
			}
			if !defined[name] {
				s.macros = append(s.macros, name)
			}
			defined[name] = true
			continue
		}
		if m := undefLine.FindStringSubmatch(line); m != nil {
			delete(defined, m[1])
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, m := range structDecl.FindAllStringSubmatch(line, -1) {
			if _, ok := s.header[m[1]]; !ok {
				s.structs = append(s.structs, m[1])
				s.header[m[1]] = filepath.Base(cur)
			}
		}
	}
	var kept []string
	for _, m := range s.macros {
		if defined[m] {
			kept = append(kept, m)
		}
	}
	s.macros = kept
	return s, sc.Err()
}

// writeProbe writes the translation unit the C side is read from: every
// header, an alignment global per project struct, a constant global per
// project macro (except those in skip), then ctests/layout/probe.c.
func writeProbe(path string, hs []string, scan *headerScan, skip map[string]bool, probeC string) (map[int]string, error) {
	var b strings.Builder
	line := 1
	emit := func(format string, args ...any) {
		fmt.Fprintf(&b, format+"\n", args...)
		line++
	}
	emit("#define _GNU_SOURCE")
	for _, h := range hs {
		emit("#include %q", h)
	}
	for _, s := range scan.structs {
		emit("const unsigned %s%s = _Alignof(struct %s);", symAlign, s, s)
	}
	lines := map[int]string{}
	for _, m := range scan.macros {
		if skip[m] {
			continue
		}
		lines[line] = m
		emit("const __typeof__(%s) %s%s = %s;", m, symProjConst, m, m)
	}
	emit("#include %q", probeC)
	return lines, os.WriteFile(path, []byte(b.String()), 0o644)
}

var diagLine = regexp.MustCompile(`probe_gen\.c:(\d+):\d+: error`)

// compileProbe compiles the probe for a, leaving out (with a note) any
// macro of ctests/include that is not a constant expression.
func compileProbe(a arch.Arch, root, dir string) (obj string, scan *headerScan, notes []string, err error) {
	cc := ccCommand(a)
	incDir := filepath.Join(root, "ctests", "include")
	hs, err := headers(root)
	if err != nil {
		return "", nil, nil, err
	}
	scan, err = scanHeaders(cc, dir, incDir, hs)
	if err != nil {
		return "", nil, nil, err
	}
	src := filepath.Join(dir, "probe_gen.c")
	obj = filepath.Join(dir, "probe.o")
	probeC := filepath.Join(root, "ctests", "layout", "probe.c")
	skip := map[string]bool{}
	for attempt := 0; ; attempt++ {
		lines, err := writeProbe(src, hs, scan, skip, probeC)
		if err != nil {
			return "", nil, nil, err
		}
		args := append(append([]string{}, CFlags...), "-I", incDir, "-o", obj, src)
		out, err := exec.Command(cc, args...).CombinedOutput()
		if err == nil {
			break
		}
		dropped := false
		for _, m := range diagLine.FindAllStringSubmatch(string(out), -1) {
			n, _ := strconv.Atoi(m[1])
			if name, ok := lines[n]; ok && !skip[name] {
				skip[name] = true
				dropped = true
				notes = append(notes, fmt.Sprintf("%s: not a constant expression, not compared", name))
			}
		}
		if !dropped || attempt > 0 {
			return "", nil, nil, fmt.Errorf("%s %s: %v\n%s", cc, strings.Join(args, " "), err, out)
		}
	}
	var kept []string
	for _, m := range scan.macros {
		if !skip[m] {
			kept = append(kept, m)
		}
	}
	scan.macros = kept
	return obj, scan, notes, nil
}

// readC compiles the probe for a in dir and reads its DWARF and symbols.
func readC(a arch.Arch, root, dir string) (*Side, error) {
	obj, scan, notes, err := compileProbe(a, root, dir)
	if err != nil {
		return nil, err
	}
	f, err := elf.Open(obj)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", obj, err)
	}
	syms, err := symbolData(f)
	if err != nil {
		return nil, err
	}
	side := &Side{
		Arch:    a,
		Order:   f.ByteOrder,
		Structs: map[string]*Struct{},
		Consts:  map[string]Const{},
		Types:   map[string]*Type{},
		Notes:   notes,
	}
	conv := newConverter(d, false)
	incDir := filepath.Join(root, "ctests", "include")
	r := d.Reader()
	var files []*dwarf.LineFile
	vars := map[string]dwarf.Offset{} // variable name -> type offset
	var varOrder []string
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		switch e.Tag {
		case dwarf.TagCompileUnit:
			lr, err := d.LineReader(e)
			if err != nil {
				return nil, err
			}
			if lr != nil {
				files = lr.Files()
			}
			continue
		case dwarf.TagStructType:
			name, _ := e.Val(dwarf.AttrName).(string)
			fi, ok := e.Val(dwarf.AttrDeclFile).(int64)
			if ok && fi >= 0 && int(fi) < len(files) && files[fi] != nil &&
				filepath.Dir(filepath.Clean(files[fi].Name)) == incDir {
				if name == "" {
					return nil, fmt.Errorf("%s: an untagged struct; give it a tag so that it can have a go mirror", filepath.Base(files[fi].Name))
				}
				if _, ok := scan.header[name]; !ok {
					return nil, fmt.Errorf("struct %s: in the debug information but not found by the header scan", name)
				}
			}
		case dwarf.TagVariable:
			name, _ := e.Val(dwarf.AttrName).(string)
			if t, ok := e.Val(dwarf.AttrType).(dwarf.Offset); ok && strings.HasPrefix(name, "ipcc_") {
				vars[name] = t
				varOrder = append(varOrder, name)
			}
		}
		if e.Children {
			r.SkipChildren()
		}
	}
	// Structs: the project's, from the scan, and probe.c's system structs.
	structNames := append([]string{}, scan.structs...)
	for _, v := range varOrder {
		if s, ok := strings.CutPrefix(v, symUse); ok {
			structNames = append(structNames, s)
			side.SysStructs = append(side.SysStructs, s)
		}
	}
	for _, name := range structNames {
		t, err := conv.structByName(name)
		if err != nil {
			return nil, err
		}
		al, ok := syms[symAlign+name]
		if !ok {
			return nil, fmt.Errorf("struct %s: no %s%s symbol", name, symAlign, name)
		}
		t.Align = int64(uintFrom(f.ByteOrder, al))
		t.Header = scan.header[name]
		side.Structs[name] = t
	}
	// Constants and types.
	for _, v := range varOrder {
		switch {
		case strings.HasPrefix(v, symSysConst), strings.HasPrefix(v, symProjConst):
			name := strings.TrimPrefix(strings.TrimPrefix(v, symSysConst), symProjConst)
			t := conv.convert(vars[v])
			c, err := constFrom(name, t, syms[v], f.ByteOrder)
			if err != nil {
				return nil, err
			}
			side.Consts[name] = c
			if strings.HasPrefix(v, symSysConst) {
				side.SysConsts = append(side.SysConsts, name)
			} else {
				side.ProjConsts = append(side.ProjConsts, name)
			}
		case strings.HasPrefix(v, symType):
			side.Types[strings.TrimPrefix(v, symType)] = conv.convert(vars[v])
		}
	}
	if conv.err != nil {
		return nil, conv.err
	}
	return side, nil
}

// symbolData returns each defined symbol's bytes, for a relocatable object
// (values are section offsets) or an executable (values are addresses).
func symbolData(f *elf.File) (map[string][]byte, error) {
	syms, err := f.Symbols()
	if err != nil {
		return nil, err
	}
	data := map[int][]byte{}
	out := map[string][]byte{}
	for _, s := range syms {
		if s.Section == elf.SHN_UNDEF || int(s.Section) >= len(f.Sections) || s.Size == 0 {
			continue
		}
		sec := f.Sections[s.Section]
		if sec.Type == elf.SHT_NOBITS {
			continue
		}
		b, ok := data[int(s.Section)]
		if !ok {
			if b, err = sec.Data(); err != nil {
				return nil, err
			}
			data[int(s.Section)] = b
		}
		off := s.Value
		if f.Type != elf.ET_REL {
			off -= sec.Addr
		}
		if off+s.Size > uint64(len(b)) {
			continue
		}
		out[s.Name] = b[off : off+s.Size]
	}
	return out, nil
}

func uintFrom(bo binary.ByteOrder, b []byte) uint64 {
	switch len(b) {
	case 4:
		return uint64(bo.Uint32(b))
	case 8:
		return bo.Uint64(b)
	}
	return 0
}

// constFrom decodes a constant global of type t from its bytes.
func constFrom(name string, t *Type, b []byte, bo binary.ByteOrder) (Const, error) {
	c := Const{Name: name, Type: t.Name}
	base := t
	if base.Class == Array && base.Elem != nil && (base.Elem.Class == Char || base.Elem.Size == 1) {
		c.IsStr = true
		c.Str = string(bytes.TrimRight(b, "\x00"))
		return c, nil
	}
	if int64(len(b)) != base.Size {
		return c, fmt.Errorf("constant %s: %d bytes of data for a %d-byte %s", name, len(b), base.Size, base.Name)
	}
	c.Signed = base.Class == Signed
	switch base.Size {
	case 1:
		c.Int = int64(b[0])
		if base.Class == Signed {
			c.Int = int64(int8(b[0]))
		}
	case 2:
		c.Int = int64(bo.Uint16(b))
		if base.Class == Signed {
			c.Int = int64(int16(bo.Uint16(b)))
		}
	case 4:
		c.Int = int64(bo.Uint32(b))
		if base.Class == Signed {
			c.Int = int64(int32(bo.Uint32(b)))
		}
	case 8:
		c.Int = int64(bo.Uint64(b))
	default:
		return c, fmt.Errorf("constant %s: a %d-byte %s is not an integer", name, base.Size, base.Name)
	}
	return c, nil
}
