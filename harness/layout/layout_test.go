package layout

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/wire"
	"github.com/ipcconform/ipcconform/harness/arch"
)

var (
	checkerOnce sync.Once
	checker     *Checker
	checkerErr  error
)

// sharedChecker builds each architecture's probes once for the whole test
// run; TestMain removes them.
func sharedChecker(t *testing.T) *Checker {
	t.Helper()
	checkerOnce.Do(func() {
		root, err := FindRoot(".")
		if err != nil {
			checkerErr = err
			return
		}
		checker, checkerErr = NewChecker(Config{Root: root, Fixtures: true})
	})
	if checkerErr != nil {
		t.Fatal(checkerErr)
	}
	return checker
}

func TestMain(m *testing.M) {
	code := m.Run()
	if checker != nil {
		if err := checker.Close(); err != nil {
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

// TestLayout checks every struct, constant and integer type of
// ctests/include (and probe.c) against gosides/wire and x/sys.
func TestLayout(t *testing.T) {
	k := sharedChecker(t)
	forEachArch(t, func(t *testing.T, a arch.Arch) {
		rep, err := k.Check(a, Options{Pkg: "wire"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Pairs) == 0 || len(rep.Consts) == 0 || rep.Types == 0 {
			t.Fatalf("nothing compared: %s", rep.Summary())
		}
		for _, d := range rep.Diffs {
			t.Error(d)
		}
		if t.Failed() {
			var b strings.Builder
			rep.Write(&b, false)
			t.Log("\n" + b.String())
		}
		t.Log(rep.Summary())
	})
}

// TestFixtures checks that each wrong mirror in testdata/fixtures fails,
// where it must and with the message it must.
func TestFixtures(t *testing.T) {
	k := sharedChecker(t)
	forEachArch(t, func(t *testing.T, a arch.Arch) {
		rep, err := k.Check(a, Options{Pkg: "fixtures", Subset: true})
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

// TestMissingMirror checks that a C struct or constant without a Go mirror
// is an error, not a silent skip.
func TestMissingMirror(t *testing.T) {
	k := sharedChecker(t)
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
	c2.SysConsts = nil
	c2.Types = nil
	rep := Compare(&c2, g, Options{Pkg: "wire"})
	var msgs []string
	for _, d := range rep.Diffs {
		if d.Subject != "known difference" {
			msgs = append(msgs, d.Error())
		}
	}
	sort.Strings(msgs)
	want := []string{
		"UNMIRRORED_CONST: no go constant wire.UnmirroredConst [" + h.GOARCH + "]",
		"unmirrored_thing: no go mirror wire.UnmirroredThing [" + h.GOARCH + "]",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("have %q, want %q", msgs, want)
	}
}

// TestHostMatchesReflect checks the DWARF reading of the Go side against
// what reflect says on the host: offsets, sizes and alignment.
func TestHostMatchesReflect(t *testing.T) {
	k := sharedChecker(t)
	h := arch.Host()
	if err := h.HaveCC(); err != nil {
		t.Skip(err)
	}
	_, g, err := k.Sides(h)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{
		wire.AlignmentNatural{}, wire.AlignmentPacked{}, wire.AlignmentMixed{},
		wire.Msgbuf{}, wire.SomeDataStructure{}, wire.RingHeader{}, wire.RingItem{}, wire.FrameHeader{},
	} {
		rt := reflect.TypeOf(v)
		s := g.Structs["wire."+rt.Name()]
		if s == nil {
			t.Errorf("wire.%s: not read from the probe", rt.Name())
			continue
		}
		if s.Size != int64(rt.Size()) || s.Align != int64(rt.Align()) {
			t.Errorf("wire.%s: have size %d align %d, want %d and %d", rt.Name(), s.Size, s.Align, rt.Size(), rt.Align())
		}
		if len(s.Fields) != rt.NumField() {
			t.Errorf("wire.%s: have %d fields, want %d", rt.Name(), len(s.Fields), rt.NumField())
			continue
		}
		for i, f := range s.Fields {
			rf := rt.Field(i)
			if f.Name != rf.Name || f.Offset != int64(rf.Offset) || f.Type.Size != int64(rf.Type.Size()) {
				t.Errorf("wire.%s field %d: have %s at %d size %d, want %s at %d size %d",
					rt.Name(), i, f.Name, f.Offset, f.Type.Size, rf.Name, rf.Offset, rf.Type.Size())
			}
		}
	}
	if got, want := g.Types["wire.KeyT"].Size, int64(unsafe.Sizeof(wire.KeyT(0))); got != want {
		t.Errorf("wire.KeyT: have size %d, want %d", got, want)
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
