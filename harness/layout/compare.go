package layout

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A Diff is one nonconformance: what Go has against what C wants.
type Diff struct {
	Arch    string
	Subject string // "sockaddr_in.sin_port", "SIGUSR1", "key_t"
	Msg     string // "have offset 4, want 2"
}

func (d Diff) Error() string { return fmt.Sprintf("%s: %s [%s]", d.Subject, d.Msg, d.Arch) }

// A Pair is a C struct and its Go mirror, compared.
type Pair struct {
	C, Go   *Struct
	Diffs   []Diff
	Known   []Diff // differences on the known list
	Notes   []string
	foreign bool              // mirrored outside Package: only renamed fields
	cField  map[string]string // C field -> Go field
}

// A ConstPair is a constant on both sides.
type ConstPair struct {
	Name   string // C name
	GoName string
	C, Go  Const
	Found  bool
}

// A Report is the comparison of one architecture's C and Go sides.
type Report struct {
	Arch   arch.Arch
	Pairs  []*Pair
	Consts []ConstPair
	Diffs  []Diff
	Known  []KnownDiff
	Notes  []string
	Fields int // fields compared
	Types  int // integer types compared
}

// Camel turns a C name into its Go mirror's: sin_port is SinPort,
// FRAME_MAX_PAYLOAD is FrameMaxPayload.
func Camel(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if part == "" {
			continue
		}
		r := []rune(strings.ToLower(part))
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// Fold is the form in which a C name and its Go mirror's are equal: lower
// case without underscores, so that Go may keep its initialisms
// (TCP_FIXED_PORT is TCPFixedPort, some_id is SomeID) and the C names of
// system constants (MSG_NOERROR).
func Fold(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

// names applies a Config's naming rule and renames, with its packages'
// short names (the prefixes of a Side's keys).
type names struct {
	cfg     *Config
	pkg     string            // Package's name
	sys     string            // System's name
	renames map[string]string // C name -> "short.Name"; "s.f" -> Go field
}

// structName is the Go mirror of C struct name as the rule or a rename
// spells it, and whether a rename placed it outside Package.
func (n *names) structName(name string) (goName string, foreign bool) {
	if r, ok := n.renames[name]; ok {
		return r, !strings.HasPrefix(r, n.pkg+".")
	}
	return n.pkg + "." + Camel(n.cfg.stripPrefix(name)), false
}

// lookup finds the Go declaration in m that mirrors C name in package
// pkg: "pkg.Name" with Fold(Name) == Fold(name), or, in another package
// p (not the system package), Fold(p+Name) == Fold(name) (PEER_EXIT_FAIL
// is peer.ExitFail).
func lookup[V any](m map[string]V, pkg, sys, name string) (string, V, bool) {
	want := Fold(name)
	var keys []string
	for k := range m {
		p, n, _ := strings.Cut(k, ".")
		if p == pkg && Fold(n) == want {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		for k := range m {
			p, n, _ := strings.Cut(k, ".")
			if p != sys && p != pkg && Fold(p+n) == want {
				keys = append(keys, k)
			}
		}
	}
	var zero V
	if len(keys) != 1 {
		return "", zero, false
	}
	return keys[0], m[keys[0]], true
}

// compare checks g's mirrors against c's declarations.
func compare(c, g *Side, n *names) *Report {
	cfg := n.cfg
	pkg := n.pkg
	rep := &Report{Arch: c.Arch, Notes: append([]string{}, c.Notes...)}
	diff := func(subject, format string, args ...any) {
		rep.Diffs = append(rep.Diffs, Diff{c.Arch.GOARCH, subject, fmt.Sprintf(format, args...)})
	}
	// Structs: the headers' first, in header order, then the system ones.
	var names []string
	for n := range c.Structs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := c.Structs[names[i]], c.Structs[names[j]]
		if (a.Header == "") != (b.Header == "") {
			return a.Header != ""
		}
		if a.Header != b.Header {
			return a.Header < b.Header
		}
		return names[i] < names[j]
	})
	checked := map[string]bool{}
	for _, s := range names {
		if why, ok := cfg.Skip[s]; ok {
			rep.Notes = append(rep.Notes, fmt.Sprintf("struct %s: not compared: %s", s, why))
			continue
		}
		checked[s] = true
	}
	for _, s := range names {
		if !checked[s] {
			continue
		}
		gn, foreign := n.structName(s)
		gs := g.Structs[gn]
		if _, renamed := n.renames[s]; !renamed {
			if k, st, ok := lookup(g.Structs, pkg, n.sys, cfg.stripPrefix(s)); ok && strings.HasPrefix(k, pkg+".") {
				gn, gs = k, st
			}
		}
		if gs == nil {
			if !cfg.Subset {
				diff(s, "no go mirror %s", gn)
			}
			continue
		}
		p := &Pair{C: c.Structs[s], Go: gs, foreign: foreign, cField: map[string]string{}}
		pdiff := func(subject, format string, args ...any) {
			p.Diffs = append(p.Diffs, Diff{c.Arch.GOARCH, subject, fmt.Sprintf(format, args...)})
		}
		p.compare(s, p.C, gs, c.Arch, checked, n, pdiff)
		rep.Pairs = append(rep.Pairs, p)
		rep.Diffs = append(rep.Diffs, p.Diffs...)
		rep.Fields += len(p.cField)
	}
	// Constants: the probe's, from the system package or a gap-filler in
	// Package; then the headers', from Package.
	for _, name := range c.SysConsts {
		if skipConst(rep, cfg, name) {
			continue
		}
		cp := ConstPair{Name: name, C: c.Consts[name], GoName: n.sys + "." + name}
		want := n.sys + "." + name + " or " + pkg + "." + name
		if r, ok := n.renames[name]; ok {
			cp.GoName, want = r, r
			cp.Go, cp.Found = g.Consts[r]
		} else {
			cp.Go, cp.Found = g.Consts[cp.GoName]
			if !cp.Found {
				cp.GoName, cp.Go, cp.Found = lookup(g.Consts, pkg, n.sys, name)
			}
		}
		if !cp.Found && cfg.Subset {
			continue
		}
		rep.addConst(cp, diff, want)
	}
	for _, name := range c.ProjConsts {
		cp := ConstPair{Name: name, C: c.Consts[name]}
		want := pkg + "." + Camel(cfg.stripPrefix(name))
		if r, ok := n.renames[name]; ok {
			cp.GoName, want = r, r
			cp.Go, cp.Found = g.Consts[r]
		} else {
			cp.GoName, cp.Go, cp.Found = lookup(g.Consts, pkg, n.sys, cfg.stripPrefix(name))
		}
		if !cp.Found && cfg.Subset {
			continue
		}
		rep.addConst(cp, diff, want)
	}
	// Integer types.
	var tnames []string
	for n := range c.Types {
		tnames = append(tnames, n)
	}
	sort.Strings(tnames)
	for _, name := range tnames {
		ct := c.Types[name]
		if why, ok := cfg.Skip[name]; ok {
			rep.Notes = append(rep.Notes, fmt.Sprintf("type %s: not compared: %s", name, why))
			continue
		}
		_, gt, ok := lookup(g.Types, pkg, n.sys, name)
		if !ok {
			if !cfg.Subset {
				diff(ct.Name, "no go mirror %s.%s", pkg, name)
			}
			continue
		}
		rep.Types++
		if ct.Class != gt.Class || ct.Size != gt.Size {
			diff(ct.Name, "have %s (%s), want %s", gt.Kind(), gt.Name, ct.Kind())
		}
	}
	rep.applyKnown(cfg.Known)
	return rep
}

// skipConst reports whether a probe constant is skipped, noting why.
func skipConst(rep *Report, cfg *Config, name string) bool {
	why, ok := cfg.Skip[name]
	if ok {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s: not compared: %s", name, why))
	}
	return ok
}

func (rep *Report) addConst(cp ConstPair, diff func(string, string, ...any), want string) {
	rep.Consts = append(rep.Consts, cp)
	switch {
	case !cp.Found:
		diff(cp.Name, "no go constant %s", want)
	case !cp.C.Equal(cp.Go):
		diff(cp.Name, "have %s (%s), want %s", cp.Go, cp.GoName, cp.C)
	}
}

// goFieldName returns the Go field that mirrors field cf of C struct cs,
// and why it is opaque, or ok false for a field not compared: padding (a
// name starting with '_'), a skipped field, or a field of a struct
// mirrored outside Package that no rename names.
func (p *Pair) goFieldName(n *names, cs, cf string) (name, opaque string, ok bool) {
	key := cs + "." + cf
	if _, skip := n.cfg.Skip[key]; skip {
		return "", "", false
	}
	opaque = n.cfg.Opaque[key]
	if r, ok := n.renames[key]; ok {
		return r, opaque, true
	}
	if p.foreign || strings.HasPrefix(cf, "_") {
		return "", "", false
	}
	return Camel(cf), opaque, true
}

// compare compares one struct and its mirror: size, alignment, each
// named field's presence, offset, size and kind, field order, and (for
// Package's mirrors) that Go leaves no hole implicit.
func (p *Pair) compare(subject string, cs, gs *Struct, a arch.Arch, checked map[string]bool, n *names, diff func(string, string, ...any)) {
	if gs.Size != cs.Size {
		diff(subject, "have size %d, want %d", gs.Size, cs.Size)
	}
	if cs.Align != 0 && gs.Align != 0 && gs.Align != cs.Align {
		if a.PtrSize == 4 && gs.Align == 4 && cs.Align == 8 {
			p.Notes = append(p.Notes, fmt.Sprintf("%s: go aligns it to 4, c to 8 (go has no 8-byte alignment on %s); place it at 8-aligned addresses", subject, a.GOARCH))
		} else {
			diff(subject, "have align %d, want %d", gs.Align, cs.Align)
		}
	}
	gByName := map[string]int{}
	for i, f := range gs.Fields {
		if !f.Pad() {
			gByName[Fold(f.Name)] = i
		}
	}
	used := map[string]bool{}
	var cOrder []string
	var gIdx []int
	for _, cf := range cs.Fields {
		gname, opaque, ok := p.goFieldName(n, cs.Name, cf.Name)
		if !ok {
			if why, skip := n.cfg.Skip[cs.Name+"."+cf.Name]; skip {
				p.Notes = append(p.Notes, fmt.Sprintf("%s.%s: not compared: %s", subject, cf.Name, why))
			}
			continue
		}
		fs := subject + "." + cf.Name
		gi, found := gByName[Fold(gname)]
		if !found {
			diff(fs, "no go field %s", gname)
			continue
		}
		gf := gs.Fields[gi]
		used[gf.Name] = true
		if subject == cs.Name && p.cField != nil {
			p.cField[cf.Name] = gf.Name
		}
		cOrder = append(cOrder, cf.Name)
		gIdx = append(gIdx, gi)
		if gf.Offset != cf.Offset {
			diff(fs, "have offset %d, want %d", gf.Offset, cf.Offset)
		}
		if gf.Type.Size != cf.Type.Size {
			diff(fs, "have size %d, want %d", gf.Type.Size, cf.Type.Size)
			continue
		}
		if opaque != "" {
			continue
		}
		if why := p.kindDiff(fs, cf.Type, gf.Type, gf.Tag, a, checked, n, diff); why != "" {
			diff(fs, "have %s (%s), want %s (%s)", why, gf.Type.Name, cf.Type.Kind(), cf.Type.Name)
		}
	}
	for _, gf := range gs.Fields {
		if !gf.Pad() && !used[gf.Name] {
			diff(subject, "go field %s has no c field", gf.Name)
		}
	}
	if !sort.IntsAreSorted(gIdx) {
		// Go's order, in C's names.
		order := make([]int, len(gIdx))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(i, j int) bool { return gIdx[order[i]] < gIdx[order[j]] })
		gOrder := make([]string, len(order))
		for i, o := range order {
			gOrder[i] = cOrder[o]
		}
		diff(subject, "field order: have [%s], want [%s]", strings.Join(gOrder, " "), strings.Join(cOrder, " "))
	}
	if !p.foreign && !n.cfg.ImplicitPadding && strings.HasPrefix(gs.Name, n.pkg+".") {
		for _, h := range holes(gs) {
			diff(subject, "go leaves %d bytes at offset %d implicit; spell them as a blank field", h.size, h.offset)
		}
	}
}

// kindDiff returns "" when the Go type g can mirror the C type c, and
// otherwise g's kind for the message. Nested structs are compared in
// place unless they are checked on their own.
func (p *Pair) kindDiff(subject string, c, g *Type, tag string, a arch.Arch, checked map[string]bool, n *names, diff func(string, string, ...any)) string {
	if tag == "sint" || tag == "uint" || tag == "float" {
		if g.Class == Array && g.Elem.Size == 1 && g.Elem.Class == Unsigned {
			cl := map[string]Class{"sint": Signed, "uint": Unsigned, "float": Float}[tag]
			g = &Type{Class: cl, Name: g.Name, Size: g.Size}
		}
	}
	switch {
	case c.Class == Char && g.Size == 1 && (g.Class == Signed || g.Class == Unsigned):
		return ""
	case c.Class == Array && g.Class == Array:
		if c.Len != g.Len {
			return g.Kind()
		}
		if p.kindDiff(subject, c.Elem, g.Elem, "", a, checked, n, diff) != "" {
			return g.Kind()
		}
		return ""
	case c.Class == StructClass && g.Class == StructClass:
		want, _ := n.structName(c.Struct.Name)
		if Fold(g.Struct.Name) != Fold(want) {
			return g.Kind()
		}
		if !checked[c.Struct.Name] {
			p.compare(subject, c.Struct, g.Struct, a, checked, n, diff)
		}
		return ""
	case c.Class == g.Class && c.Size == g.Size && c.Class != Other:
		return ""
	}
	return g.Kind()
}

type hole struct{ offset, size int64 }

// holes lists the bytes of s that no field (named or blank) covers.
func holes(s *Struct) []hole {
	var out []hole
	end := int64(0)
	for _, f := range s.Fields {
		if f.Offset > end {
			out = append(out, hole{end, f.Offset - end})
		}
		if e := f.Offset + f.Type.Size; e > end {
			end = e
		}
	}
	if s.Size > end {
		out = append(out, hole{end, s.Size - end})
	}
	return out
}
