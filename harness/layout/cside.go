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
	"strconv"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// CFlags are the flags the probe is compiled with, before a Config's own:
// the C peers' language level, debug information for every type the
// headers declare, used or not, and no linking.
var CFlags = []string{"-std=gnu17", "-g", "-O0", "-c", "-fno-eliminate-unused-debug-types"}

// Symbol prefixes the probe defines; see probeMacros.
const (
	symAlign     = "ipcc_align_"  // _Alignof a struct
	symUse       = "ipcc_use_"    // a system struct, so that DWARF has it
	symTypeUse   = "ipcc_tuse_"   // a struct known by its typedef name
	symSysConst  = "ipcc_const_"  // a system constant from the probe
	symProjConst = "ipcc_pconst_" // a constant of the headers
	symType      = "ipcc_type_"   // a C integer type
)

// probeMacros are the lines a probe file uses, defined before it is
// included. They are spelled exactly as ctests/layout/probe.c spells them,
// so that a probe defining them itself redefines them identically, which C
// allows.
const probeMacros = `#define IPCC_STRUCT(name) \
	const unsigned ipcc_align_##name = _Alignof(struct name); \
	struct name ipcc_use_##name;
#define IPCC_CONST(name) const __typeof__(name) ipcc_const_##name = name;
#define IPCC_TYPE(goname, ctype) ctype ipcc_type_##goname;
#define IPCC_STRUCT_TYPE(name) \
	const unsigned ipcc_align_##name = _Alignof(name); \
	name ipcc_tuse_##name;
`

// ccCommand returns the C compiler for a: $CC for the host, when set.
func ccCommand(a arch.Arch) string {
	if cc := os.Getenv("CC"); cc != "" && a.GOARCH == arch.Host().GOARCH {
		return cc
	}
	return a.CC()
}

// A headerScan is what the preprocessor shows of the headers: the
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
// headers themselves define (not what they include from elsewhere),
// following the line markers.
func scanHeaders(cc, dir string, flags, hs []string) (*headerScan, error) {
	s := &headerScan{header: map[string]string{}}
	if len(hs) == 0 {
		return s, nil
	}
	own := map[string]bool{}
	for _, h := range hs {
		own[h] = true
	}
	src := filepath.Join(dir, "scan.c")
	var b strings.Builder
	b.WriteString("#define _GNU_SOURCE\n")
	for _, h := range hs {
		fmt.Fprintf(&b, "#include %q\n", h)
	}
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(cc, append(append([]string{"-E", "-dD", "-std=gnu17"}, flags...), src)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -E: %v\n%s", cc, err, stderr.Bytes())
	}
	defined := map[string]bool{}
	inProject := false
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := lineMarker.FindStringSubmatch(line); m != nil {
			cur = m[1]
			inProject = own[filepath.Clean(cur)]
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
// header, an alignment global per header struct, a constant global per
// header macro (except those in skip), then the probe file, if any.
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
	if probeC != "" {
		for _, l := range strings.Split(strings.TrimSuffix(probeMacros, "\n"), "\n") {
			emit("%s", l)
		}
		emit("#include %q", probeC)
	}
	return lines, os.WriteFile(path, []byte(b.String()), 0o644)
}

var (
	diagLine      = regexp.MustCompile(`probe_gen\.c:(\d+):\d+: error`)
	diagExpansion = regexp.MustCompile(`probe_gen\.c:(\d+):\d+: note: in expansion of macro`)
	diagKind      = regexp.MustCompile(`:\d+:\d+: (error|warning):`)
)

// errorLines returns the probe's lines that compiler output blames for an
// error: where it is reported, or, for an error inside a header macro,
// where the macro was expanded.
func errorLines(out string) []int {
	var lines []int
	inError := false
	for _, l := range strings.Split(out, "\n") {
		if m := diagLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			lines = append(lines, n)
		}
		if m := diagKind.FindStringSubmatch(l); m != nil {
			inError = m[1] == "error"
		}
		if m := diagExpansion.FindStringSubmatch(l); m != nil && inError {
			n, _ := strconv.Atoi(m[1])
			lines = append(lines, n)
		}
	}
	return lines
}

// compileProbe compiles the probe for a, leaving out (with a note) any
// header macro that is not a constant expression.
func compileProbe(a arch.Arch, cfg *Config, dir string) (obj string, scan *headerScan, notes []string, err error) {
	cc := ccCommand(a)
	var flags []string
	for _, inc := range cfg.includeDirs(a) {
		flags = append(flags, "-I", inc)
	}
	flags = append(flags, cfg.CFlags...)
	hs, err := cfg.headerFiles()
	if err != nil {
		return "", nil, nil, err
	}
	scan, err = scanHeaders(cc, dir, flags, hs)
	if err != nil {
		return "", nil, nil, err
	}
	src := filepath.Join(dir, "probe_gen.c")
	obj = filepath.Join(dir, "probe.o")
	probeC := ""
	switch {
	case cfg.ProbeSource != "":
		probeC = filepath.Join(dir, "probe_source.c")
		if err := os.WriteFile(probeC, []byte(cfg.ProbeSource), 0o644); err != nil {
			return "", nil, nil, err
		}
	case cfg.Probe != "":
		probeC = cfg.path(cfg.Probe)
	}
	skip := map[string]bool{}
	for _, m := range scan.macros {
		if why, ok := cfg.Skip[m]; ok {
			skip[m] = true
			notes = append(notes, fmt.Sprintf("%s: not compared: %s", m, why))
		}
	}
	for attempt := 0; ; attempt++ {
		lines, err := writeProbe(src, hs, scan, skip, probeC)
		if err != nil {
			return "", nil, nil, err
		}
		args := append(append(append([]string{}, CFlags...), flags...), "-o", obj, src)
		out, err := exec.Command(cc, args...).CombinedOutput()
		if err == nil {
			break
		}
		dropped := false
		for _, n := range errorLines(string(out)) {
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
func readC(a arch.Arch, cfg *Config, dir string) (*Side, error) {
	obj, scan, notes, err := compileProbe(a, cfg, dir)
	if err != nil {
		return nil, err
	}
	hs, err := cfg.headerFiles()
	if err != nil {
		return nil, err
	}
	own := map[string]bool{}
	for _, h := range hs {
		own[h] = true
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
				own[filepath.Clean(files[fi].Name)] {
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
	// Structs: the headers', from the scan, and the probe's system
	// structs, by tag or by typedef name.
	structNames := append([]string{}, scan.structs...)
	typedefs := map[string]bool{}
	for _, v := range varOrder {
		if s, ok := strings.CutPrefix(v, symUse); ok {
			structNames = append(structNames, s)
			side.SysStructs = append(side.SysStructs, s)
		}
		if s, ok := strings.CutPrefix(v, symTypeUse); ok {
			structNames = append(structNames, s)
			side.SysStructs = append(side.SysStructs, s)
			typedefs[s] = true
		}
	}
	for _, name := range structNames {
		var t *Struct
		if typedefs[name] {
			ty := conv.convert(vars[symTypeUse+name])
			if ty.Struct == nil {
				return nil, fmt.Errorf("IPCC_STRUCT_TYPE(%s): not a struct type", name)
			}
			// An untagged struct is known by its typedef name alone.
			cp := *ty.Struct
			cp.Name = name
			t = &cp
		} else if t, err = conv.structByName(name); err != nil {
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
