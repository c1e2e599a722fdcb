package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// The tests' own module, which shares nothing with the repository: its
// headers, probe, right mirrors (mirror), wrong ones (fixtures) and a
// stand-in for x/sys (sys).
const testModule = "example.com/layoutcheck"

func testRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("testdata", "module"))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// mirrorConfig checks testdata/module against its right mirrors.
func mirrorConfig(t *testing.T) Config {
	return Config{
		Name:    "mirror",
		Root:    testRoot(t),
		Headers: []string{"include/*.h"},
		Include: []string{"include"},
		Probe:   "probe.c",
		Package: testModule + "/mirror",
		System:  testModule + "/sys",
		Prefix:  "lt_",
		Renames: map[string]string{
			"lt_message.seq_no": "Sequence",
			"div_t":             testModule + "/sys.DivT",
			"div_t.quot":        "Quot",
			"div_t.rem":         "Rem",
		},
		Opaque: map[string]string{"lt_message.addr": "4 bytes in network order, held as a uint32"},
		Skip:   map[string]string{"lt_message.reserved": "reserved, a blank field in go"},
		Known: []Known{{
			Diff: "div_t.rem: have unsigned 4 (uint32), want signed 4 (int)",
			Why:  "sys.DivT declares Rem unsigned, to prove a known difference is expected",
		}},
	}
}

// fixturesConfig checks the same headers against the wrong mirrors.
func fixturesConfig(t *testing.T) Config {
	return Config{
		Name:    "fixtures",
		Root:    testRoot(t),
		Headers: []string{"include/*.h"},
		Include: []string{"include"},
		Package: testModule + "/fixtures",
		System:  testModule + "/sys",
		Subset:  true,
	}
}

var (
	checkersMu sync.Mutex
	checkers   = map[string]*Checker{}
)

// sharedChecker builds each configuration's probes once per architecture
// for the whole test run; TestMain removes them.
func sharedChecker(t *testing.T, cfg Config) *Checker {
	t.Helper()
	checkersMu.Lock()
	defer checkersMu.Unlock()
	if k := checkers[cfg.Name]; k != nil {
		return k
	}
	k, err := NewChecker(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkers[cfg.Name] = k
	return k
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, k := range checkers {
		if err := k.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// forEachArch runs f in parallel for every architecture, skipping (with
// the install command) those without a C compiler.
func forEachArch(t *testing.T, f func(t *testing.T, a arch.Arch)) {
	for _, a := range arch.All() {
		t.Run(a.GOARCH, func(t *testing.T) {
			t.Parallel()
			if err := a.HaveCC(); err != nil {
				t.Skip(err)
			}
			f(t, a)
		})
	}
}

// TestMirror runs the test helper on the right mirrors: every
// architecture passes.
func TestMirror(t *testing.T) {
	Test(t, mirrorConfig(t))
}

// TestMirrorReport checks what the right mirrors' check compared and
// noted, so that a pass is not a pass of nothing.
func TestMirrorReport(t *testing.T) {
	k := sharedChecker(t, mirrorConfig(t))
	forEachArch(t, func(t *testing.T, a arch.Arch) {
		rep, err := k.Check(a)
		if err != nil {
			t.Fatal(err)
		}
		var pairs []string
		for _, p := range rep.Pairs {
			pairs = append(pairs, p.C.Name+"="+p.Go.Name)
		}
		wantPairs := []string{
			"alignment_mixed=mirror.AlignmentMixed", "alignment_natural=mirror.AlignmentNatural",
			"frame_header=mirror.FrameHeader", "lt_message=mirror.Message", "div_t=sys.DivT",
		}
		if !reflect.DeepEqual(pairs, wantPairs) {
			t.Errorf("pairs: have %q, want %q", pairs, wantPairs)
		}
		var consts []string
		for _, c := range rep.Consts {
			consts = append(consts, c.Name+"="+c.GoName)
		}
		wantConsts := []string{
			"AF_UNIX=sys.AF_UNIX", "SIGINT=sys.SIGINT",
			"FRAME_MAX_PAYLOAD=mirror.FrameMaxPayload", "FRAME_GREETING=mirror.FrameGreeting", "LT_VERSION=mirror.Version",
		}
		if !reflect.DeepEqual(consts, wantConsts) {
			t.Errorf("constants: have %q, want %q", consts, wantConsts)
		}
		if rep.Types != 2 {
			t.Errorf("types: have %d compared, want 2", rep.Types)
		}
		// 3 + 3 + 3 + 4 (reserved skipped) + 2 (renamed only).
		if rep.Fields != 15 {
			t.Errorf("fields: have %d compared, want 15", rep.Fields)
		}
		if len(rep.Known) != 1 || rep.Known[0].Diff.Subject != "div_t.rem" {
			t.Errorf("known: have %v, want the div_t.rem difference", rep.Known)
		}
		if len(rep.Diffs) != 0 {
			t.Errorf("differences: have %v, want none", rep.Diffs)
		}
		notes := strings.Join(rep.Notes, "\n")
		if !strings.Contains(notes, "LT_NOT_A_CONSTANT: not a constant expression, not compared") {
			t.Errorf("notes: have %q, want LT_NOT_A_CONSTANT noted as not compared", notes)
		}
		if p := rep.Pair("lt_message"); p == nil || !strings.Contains(strings.Join(p.Notes, "\n"), "lt_message.reserved: not compared: reserved") {
			t.Errorf("lt_message: want the skipped field noted")
		}
	})
}

// TestFixtures checks that each wrong mirror in testdata/module/fixtures
// fails, where it must and with the message it must.
func TestFixtures(t *testing.T) {
	k := sharedChecker(t, fixturesConfig(t))
	forEachArch(t, func(t *testing.T, a arch.Arch) {
		rep, err := k.Check(a)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, d := range rep.Diffs {
			got[d.Error()] = true
		}
		want := []string{
			"frame_header.type: have offset 6, want 4",
			"frame_header.flags: have offset 4, want 6",
			"frame_header: field order: have [length flags type], want [length type flags]",
			"FRAME_MAX_PAYLOAD: have 65535 (fixtures.FrameMaxPayload), want 65536",
			"alignment_natural: go leaves 2 bytes at offset 6 implicit; spell them as a blank field",
		}
		switch {
		case a.PtrSize == 8:
			want = append(want, "alignment_mixed: go leaves 7 bytes at offset 1 implicit; spell them as a blank field")
		case a.GOARCH == "386":
			want = append(want, "alignment_mixed: go leaves 3 bytes at offset 1 implicit; spell them as a blank field")
		default: // arm, mips, mipsle: the trap
			want = append(want,
				"alignment_mixed: have size 20, want 24",
				"alignment_mixed.count: have offset 4, want 8",
				"alignment_mixed.ratio: have offset 12, want 16",
				"alignment_mixed: go leaves 3 bytes at offset 1 implicit; spell them as a blank field",
			)
		}
		for _, w := range want {
			w += " [" + a.GOARCH + "]"
			if !got[w] {
				t.Errorf("fixture not caught: want %q", w)
			}
			delete(got, w)
		}
		for d := range got {
			t.Errorf("unexpected difference: %s", d)
		}
		if t.Failed() {
			var b strings.Builder
			rep.Write(&b, true)
			t.Log("\n" + b.String())
		}
	})
}

// TestStaleKnown checks that a known difference that does not occur fails
// the check, so that the list cannot go stale.
func TestStaleKnown(t *testing.T) {
	h := arch.Host()
	if err := h.HaveCC(); err != nil {
		t.Skip(err)
	}
	cfg := mirrorConfig(t)
	cfg.Name = "stale"
	cfg.Known = append(cfg.Known, Known{Arches: []string{h.GOARCH}, Diff: "alignment_natural: have size 10, want 12", Why: "no longer true"})
	k := sharedChecker(t, cfg)
	rep, err := k.Check(h)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, d := range rep.Diffs {
		msgs = append(msgs, d.Error())
	}
	want := []string{`known difference: "alignment_natural: have size 10, want 12" no longer occurs; remove it from the list [` + h.GOARCH + "]"}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("have %q, want %q", msgs, want)
	}
}

// TestMissingMirror checks that a C struct or constant without a Go mirror
// is an error, not a silent skip.
func TestMissingMirror(t *testing.T) {
	k := sharedChecker(t, mirrorConfig(t))
	h := arch.Host()
	if err := h.HaveCC(); err != nil {
		t.Skip(err)
	}
	c, g, err := k.Sides(h)
	if err != nil {
		t.Fatal(err)
	}
	c2 := *c
	c2.Structs = map[string]*Struct{"unmirrored_thing": {Name: "unmirrored_thing", Size: 4, Align: 4, Header: "x.h"}}
	c2.ProjConsts = []string{"UNMIRRORED_CONST"}
	c2.Consts = map[string]Const{"UNMIRRORED_CONST": {Name: "UNMIRRORED_CONST", Int: 1}}
	c2.SysConsts = []string{"SIGQUIT"}
	c2.Consts["SIGQUIT"] = Const{Name: "SIGQUIT", Int: 3}
	c2.Types = map[string]*Type{"OffT": {Class: Signed, Name: "off_t", Size: 8}}
	rep := compare(&c2, g, &k.names)
	var msgs []string
	for _, d := range rep.Diffs {
		if d.Subject != "known difference" {
			msgs = append(msgs, d.Error())
		}
	}
	sort.Strings(msgs)
	want := []string{
		"SIGQUIT: no go constant sys.SIGQUIT or mirror.SIGQUIT [" + h.GOARCH + "]",
		"UNMIRRORED_CONST: no go constant mirror.UnmirroredConst [" + h.GOARCH + "]",
		"off_t: no go mirror mirror.OffT [" + h.GOARCH + "]",
		"unmirrored_thing: no go mirror mirror.UnmirroredThing [" + h.GOARCH + "]",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("have %q, want %q", msgs, want)
	}
}

// TestLoadConfigs checks that a configuration file's layout entries are
// read strictly, each error naming the entry and the key.
func TestLoadConfigs(t *testing.T) {
	good := `{"name": "wire", "headers": ["include/*.h"], "package": "example.com/m/wire"}`
	for _, tc := range []struct{ entry, want string }{
		{good, ""},
		{`{"name": "wire", "headers": ["include/*.h"], "package": "example.com/m/wire", "pkg": "x"}`, `layout[0]: unknown field "pkg"`},
		{`{"headers": ["include/*.h"], "package": "example.com/m/wire"}`, `layout[0]: key "name": missing`},
		{`{"name": "wire", "headers": ["include/*.h"]}`, `layout[0]: key "package": missing`},
		{`{"name": "wire", "package": "example.com/m/wire"}`, `layout[0]: keys "headers" and "probe": both empty`},
		{`{"name": "wire", "headers": ["include/[.h"], "package": "example.com/m/wire"}`, `layout[0]: key "headers": "include/[.h"`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "renames": {"a.b": "not a name"}}`, `layout[0]: key "renames": "a.b": "not a name": want a go field name`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "renames": {"a b": "X"}}`, `layout[0]: key "renames": "a b": want a c name`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "skip": {"a.b": ""}}`, `layout[0]: key "skip": "a.b": give the reason`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "opaque": {"a": "why"}}`, `layout[0]: key "opaque": "a": want "struct.field"`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "known": [{"diff": "a: b"}]}`, `layout[0]: key "known"[0] ("a: b"): "why" missing`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "known": [{"arches": ["vax"], "diff": "a: b", "why": "c"}]}`, `layout[0]: key "known"[0] ("a: b"): arches:`},
		{`{"name": "wire", "headers": ["a.h"], "package": "example.com/m/wire", "include": ["{arch}"]}`, `layout[0]: key "include": "{arch}": the only placeholder is {triple}`},
		{`{"name": "wire", "headers": "a.h", "package": "example.com/m/wire"}`, `layout[0]: `},
	} {
		dir := t.TempDir()
		file := filepath.Join(dir, "ipcconform.json")
		if err := os.WriteFile(file, []byte(`{"peers": [], "layout": [`+tc.entry+`]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		cfgs, err := LoadConfigs(file)
		if tc.want == "" {
			if err != nil || len(cfgs) != 1 || cfgs[0].Root != dir {
				t.Errorf("%s: have %v, %v; want one entry with root %s", tc.entry, cfgs, err, dir)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), file+": "+tc.want) {
			t.Errorf("%s: have error %v, want %q", tc.entry, err, file+": "+tc.want+"…")
		}
	}
}

// TestNoModule checks that a Root outside any module is an error naming
// the go.mod it needs.
func TestNoModule(t *testing.T) {
	cfg := mirrorConfig(t)
	cfg.Root = "/"
	if _, err := NewChecker(cfg); err == nil || !strings.Contains(err.Error(), "no go.mod at or above /") {
		t.Errorf("have %v, want an error about the missing go.mod", err)
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ c, g string }{
		{"TCP_FIXED_PORT", "TCPFixedPort"},
		{"sin_port", "SinPort"},
		{"MSG_NOERROR", "MSG_NOERROR"},
		{"SHMSZ", "SHMSZ"},
		{"msgbuf", "Msgbuf"},
	} {
		if Fold(tc.c) != Fold(tc.g) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want equal", tc.c, Fold(tc.c), tc.g, Fold(tc.g))
		}
	}
	if Fold("in") == Fold("int") {
		t.Error("Fold conflates distinct names")
	}
	if got := Camel("FRAME_MAX_PAYLOAD"); got != "FrameMaxPayload" {
		t.Errorf("Camel: have %q, want %q", got, "FrameMaxPayload")
	}
}

// TestXSysKernel checks golang.org/x/sys/unix against the kernel's UAPI
// headers on every architecture, this module being one that requires it.
func TestXSysKernel(t *testing.T) {
	cfg := XSysKernel()
	cfg.Root = "."
	Test(t, cfg)
}

// TestXSysGlibc checks the x/sys types that the kernel's UAPI lacks
// against glibc on every architecture.
func TestXSysGlibc(t *testing.T) {
	cfg := XSysGlibc()
	cfg.Root = "."
	Test(t, cfg)
}
