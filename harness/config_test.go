package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), ConfigFile)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLoadDefaults checks that a configuration naming only its peers gets
// the documented defaults.
func TestLoadDefaults(t *testing.T) {
	p := writeConfig(t, `{"peers": [{"impl": "c", "glob": "c/*.c"}]}`)
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Root != filepath.Dir(p) || cfg.Scripts != "testdata/script" || cfg.XFail != "" {
		t.Errorf("root %q scripts %q xfail %q", cfg.Root, cfg.Scripts, cfg.XFail)
	}
	if time.Duration(cfg.Timeouts.Peer) != 10*time.Second || time.Duration(cfg.Timeouts.PeerDeadline) != time.Minute || time.Duration(cfg.Timeouts.Script) != 5*time.Minute {
		t.Errorf("timeouts %+v", cfg.Timeouts)
	}
	for program, role := range map[string]string{"shm_sysv_server": "server", "tcp_fixed_client": "client", "noseparator": ""} {
		if got := cfg.RoleOf(program); got != role {
			t.Errorf("RoleOf(%q) = %q, want %q", program, got, role)
		}
	}
}

// TestLoadErrors checks that every kind of bad configuration is refused
// with a message naming the file and the key.
func TestLoadErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "scirpts": "x"}`, `unknown field "scirpts"`},
		{`{"peers": [{"impl": "c", "glob": "*.c", "cflag": []}]}`, `unknown field "cflag"`},
		{`{"peers": []}`, `key "peers": no peers`},
		{`{"peers": [{"impl": "rust", "glob": "*.rs"}]}`, `key "impl": "rust": an implementation other than c and go needs "run"`},
		{`{"peers": [{"glob": "*.c"}]}`, `key "impl": missing`},
		{`{"peers": [{"impl": "c", "name": "x"}]}`, `needs "sources" or "build"`},
		{`{"peers": [{"impl": "c", "name": "x", "build": "make"}]}`, `key "build" needs "dir"`},
		{`{"peers": [{"impl": "c", "name": "x", "sources": ["a.c"], "build": "make", "dir": "."}]}`, `give one way to build`},
		{`{"peers": [{"impl": "go", "name": "x"}]}`, `needs "package"`},
		{`{"peers": [{"impl": "go", "glob": "*", "cflags": ["-O2"]}]}`, `a Go peer takes only`},
		{`{"peers": [{"impl": "c", "glob": "*.c", "name": "x"}]}`, `give one of "name"`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "role": "_[a-z]+$"}`, `key "role": "_[a-z]+$" has no group`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "role": "("}`, `key "role": error parsing`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "timeouts": {"peer": "soon"}}`, `want a positive duration such as "10s", found "soon"`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "timeouts": {"peer": 10}}`, `want a duration such as "10s", found 10`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "scripts": 3}`, `key "scripts": want string, found number`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}],` + "\n" + `"scripts": "x",,}`, `line 2: invalid character ','`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}]} {}`, `more than one JSON value`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "layout": [{"package": "x"}]}`, `layout[0]: key "name": missing`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "accept": [{"skip": ".*", "why": "x"}]}`, `accept[0]: key "skip": want a regular expression that matches some skip reasons, not every one`},
		{`{"peers": [{"impl": "c", "glob": "*.c"}], "accept": [{"skip": "x"}]}`, `accept[0]: key "why": missing`},
	} {
		p := writeConfig(t, c.text)
		_, err := Load(p)
		if err == nil || !strings.HasPrefix(err.Error(), p+": ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%s): %v; want an error starting with the file's name and holding %q", c.text, err, c.want)
		}
	}
}

// TestBuildSpecs builds a program from several sources with a library
// and flags of its own, one by a build command (make, in a copy of its
// folder), and a Go peer named by import path; each runs.
func TestBuildSpecs(t *testing.T) {
	if err := arch.Host().HaveCC(); err != nil {
		t.Fatal(err)
	}
	root := writeTree(t, map[string]string{
		"multi/main.c":        "#include \"sum.h\"\n#include <math.h>\n#include <stdio.h>\nint main(void) { printf(\"%d %.0f\\n\", sum(2, 3), sqrt(GREETING)); return 0; }\n",
		"multi/sum.c":         "#include \"sum.h\"\nint sum(int a, int b) { return a + b; }\n",
		"multi/sum.h":         "int sum(int a, int b);\n",
		"made/Makefile":       "prog: prog.c\n\t$(CC) $(CFLAGS) -o prog prog.c\n",
		"made/prog.c":         "#include <stdio.h>\nint main(void) { puts(\"made\"); return 0; }\n",
		"cmd/hello/main.go":   "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n",
		"cmd/hello/README.md": "not Go\n",
	})
	cfg := &Config{Root: root, Peers: []PeerSpec{
		{Impl: C, Name: "multi_a", Sources: []string{"multi/main.c", "multi/sum.c"}, CFlags: []string{"-O1", "-Wall", "-Werror", "-static", "-DGREETING=16"}, Libs: []string{"-lm"}},
		{Impl: C, Name: "made_b", Dir: "made", Build: `make CC="$CC" CFLAGS="$CFLAGS" && cp prog "$OUT"`},
		{Impl: Go, Name: "hello_c", Package: "example.com/user/cmd/hello"},
	}}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	b := &Builder{Config: cfg, CacheDir: t.TempDir(), results: map[string]*buildResult{}, idents: map[string]string{}}
	peers, stats, err := b.Build(arch.Host())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Built != 3 || stats.Failed != 0 {
		for _, p := range peers {
			if p.BuildErr != nil {
				t.Error(p.BuildErr)
			}
		}
		t.Fatalf("%s", stats)
	}
	for key, want := range map[string]string{"c/multi_a": "5 4\n", "c/made_b": "made\n", "go/hello_c": "hello\n"} {
		out, err := exec.Command(peers[key].Path).Output()
		if err != nil || string(out) != want {
			t.Errorf("%s: %q, %v; want %q", key, out, err, want)
		}
	}
	// The build command ran in a copy: the user's folder holds no object.
	if _, err := os.Stat(filepath.Join(root, "made", "prog")); err == nil {
		t.Error("the build command wrote into the configured folder, not a copy of it")
	}
	// A change under the build folder rebuilds that peer alone.
	os.WriteFile(filepath.Join(root, "made", "prog.c"), []byte("#include <stdio.h>\nint main(void) { puts(\"remade\"); return 0; }\n"), 0o644)
	b = &Builder{Config: cfg, CacheDir: b.CacheDir, results: map[string]*buildResult{}, idents: map[string]string{}}
	_, stats, err = b.Build(arch.Host())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stats.BuiltPrograms, []string{"c/made_b"}) {
		t.Errorf("after a change in made/ built %q, want c/made_b", stats.BuiltPrograms)
	}
	// A build command that writes nothing to $OUT fails, saying so.
	cfg.Peers = []PeerSpec{{Impl: C, Name: "lazy_d", Dir: "made", Build: "true"}}
	b = &Builder{Config: cfg, CacheDir: b.CacheDir, results: map[string]*buildResult{}, idents: map[string]string{}}
	peers, _, err = b.Build(arch.Host())
	if err != nil {
		t.Fatal(err)
	}
	if e := peers["c/lazy_d"].BuildErr; e == nil || !strings.Contains(e.Error(), "wrote no executable to $OUT") {
		t.Errorf("a build writing nothing: %v", e)
	}
}

func TestGoBatches(t *testing.T) {
	srcs := []Source{{Package: "./a/server"}, {Package: "example.com/b/server"}, {Package: "example.com/c/v2"}, {Package: "./client"}}
	var got [][]string
	for _, b := range goBatches(srcs) {
		var names []string
		for _, s := range b {
			names = append(names, exeName(s.Package))
		}
		got = append(got, names)
	}
	if want := [][]string{{"server", "c", "client"}, {"server"}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("batches %q, want %q", got, want)
	}
}

// recordTB records how a check ended instead of ending the test.
type recordTB struct {
	testing.TB
	fatal, skip string
}

type stopped struct{}

func (r *recordTB) Helper()                      {}
func (r *recordTB) Logf(string, ...any)          {}
func (r *recordTB) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...); panic(stopped{}) }
func (r *recordTB) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...); panic(stopped{}) }

// TestMissingToolsFail checks that a missing emulator or C compiler fails
// the run with what to install, and is a skip only when the switch asks.
func TestMissingToolsFail(t *testing.T) {
	cfg := &Config{Root: t.TempDir(), Peers: []PeerSpec{{Impl: C, Glob: "*.c"}}}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	s, err := NewSuite(cfg)
	if err != nil {
		t.Fatal(err)
	}
	nowhere := arch.Arch{GOARCH: "nowhere", Triple: "nowhere-linux-gnu", Qemu: "nowhere", DebArch: "nowhere", PtrSize: 8}
	build := func() *recordTB {
		r := &recordTB{TB: t}
		func() {
			defer func() {
				if v := recover(); v != nil && v != (stopped{}) {
					panic(v)
				}
			}()
			s.build(r, []arch.Arch{nowhere})
		}()
		return r
	}
	r := build()
	// The runner's message depends on the emulator selected
	// ($IPCCONFORM_QEMU): the PATH's, or one under /opt/ipcconform.
	missing := nowhere.HaveRunner()
	if missing == nil || !strings.Contains(missing.Error(), "qemu-nowhere not found") {
		t.Fatalf("HaveRunner: %v; want qemu-nowhere not found", missing)
	}
	if want := missing.Error() + "; or set IPCCONFORM_SKIP_MISSING_TOOLS=1"; !strings.HasPrefix(r.fatal, want) || r.skip != "" {
		t.Errorf("fatal %q, skip %q; want a failure %q", r.fatal, r.skip, want)
	}
	t.Setenv(SkipMissingTools, "1")
	if r := build(); r.fatal != "" || !strings.Contains(r.skip, "(skipped: IPCCONFORM_SKIP_MISSING_TOOLS=1)") {
		t.Errorf("with the switch: fatal %q, skip %q; want a skip naming the switch", r.fatal, r.skip)
	}
}

// TestMissingInterpreterSkips checks that a cell of a third language whose
// interpreter is missing is skipped, naming what is missing, and that C
// and Go cells do not need it.
func TestMissingInterpreterSkips(t *testing.T) {
	cfg := &Config{Root: t.TempDir(), Peers: []PeerSpec{
		{Impl: C, Glob: "*.c"},
		{Impl: "py", Name: "x_server", Sources: []string{"x.py"}, Run: `no-such-python "$DIR/x.py"`, Needs: []string{"no-such-python"}},
	}}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	s, err := NewSuite(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := arch.Host()
	err = s.needs(Pairing{{Role: "server", Impl: "py", Arch: h}, {Role: "client", Impl: C, Arch: h}})
	if want := "the py implementation needs no-such-python, which is not on PATH"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("needs: %v, want %q", err, want)
	}
	if err := s.needs(Pairing{{Role: "server", Impl: C, Arch: h}, {Role: "client", Impl: Go, Arch: h}}); err != nil {
		t.Errorf("a C-Go cell needs the interpreter: %v", err)
	}
}
