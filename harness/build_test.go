package harness

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// writeTree writes files (path -> content) under a new module root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module example.com/user\n\ngo 1.24\n"
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// treeConfig is the configuration of a tree laid out as this repository
// is: C peers in ctests, Go peers in gosides, fixtures below each.
func treeConfig(t *testing.T, root string) *Config {
	t.Helper()
	cfg := &Config{Root: root, Peers: []PeerSpec{
		{Impl: C, Glob: "ctests/*.c", Include: []string{"ctests/include"}},
		{Impl: C, Glob: "ctests/fixtures/*.c", Include: []string{"ctests/include"}, Fixture: true},
		{Impl: Go, Glob: "gosides/*"},
	}}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestBuildCache checks the cache's key: a second build with no change
// builds nothing; a change to one source, or to a shared header, rebuilds
// exactly what depends on it; a peer that does not compile fails alone.
func TestBuildCache(t *testing.T) {
	root := writeTree(t, map[string]string{
		"ctests/include/x.h":    "#define X 1\n",
		"ctests/one_a.c":        "#include \"x.h\"\nint main(void) { return X - 1; }\n",
		"ctests/two_b.c":        "int main(void) { return 0; }\n",
		"gosides/one_a/main.go": "package main\n\nimport _ \"example.com/user/gosides/lib\"\n\nfunc main() {}\n",
		"gosides/two_b/main.go": "package main\n\nfunc main() {}\n",
		"gosides/lib/lib.go":    "package lib\n",
	})
	cache := t.TempDir()
	build := func() BuildStats {
		t.Helper()
		b := &Builder{Config: treeConfig(t, root), CacheDir: cache, results: map[string]*buildResult{}, idents: map[string]string{}}
		peers, stats, err := b.Build(arch.Host())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range peers {
			if p.BuildErr == nil {
				if _, err := os.Stat(p.Path); err != nil {
					t.Errorf("%s: %v", p, err)
				}
			}
		}
		return stats
	}
	if s := build(); s.Built != 4 || s.Cached != 0 || s.Failed != 0 {
		t.Fatalf("cold build: %+v, want 4 built", s)
	}
	if s := build(); s.Built != 0 || s.Cached != 4 || !strings.Contains(s.String(), "nothing rebuilt") {
		t.Fatalf("warm build: %+v (%s), want nothing rebuilt", s, s)
	}
	// A header change rebuilds every C peer, and nothing else.
	os.WriteFile(filepath.Join(root, "ctests/include/x.h"), []byte("#define X 1 /* changed */\n"), 0o644)
	if s := build(); !slices.Equal(s.BuiltPrograms, []string{"c/one_a", "c/two_b"}) {
		t.Errorf("after a header change built %q, want both C peers", s.BuiltPrograms)
	}
	// A change to a Go package rebuilds the Go peers that import it, and
	// nothing else.
	os.WriteFile(filepath.Join(root, "gosides/lib/lib.go"), []byte("package lib\n\nconst V = 1\n"), 0o644)
	if s := build(); !slices.Equal(s.BuiltPrograms, []string{"go/one_a"}) {
		t.Errorf("after a library change built %q, want go/one_a", s.BuiltPrograms)
	}
	// A broken peer fails alone, with the compiler's message.
	os.WriteFile(filepath.Join(root, "ctests/two_b.c"), []byte("int main(void) { int unused; return 0; }\n"), 0o644)
	b := &Builder{Config: treeConfig(t, root), CacheDir: cache, results: map[string]*buildResult{}, idents: map[string]string{}}
	peers, stats, err := b.Build(arch.Host())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Failed != 1 || peers["c/two_b"].BuildErr == nil || !strings.Contains(peers["c/two_b"].BuildErr.Error(), "unused") {
		t.Errorf("broken peer: stats %+v, error %v", stats, peers["c/two_b"].BuildErr)
	}
	if peers["c/one_a"].BuildErr != nil {
		t.Errorf("a sound peer failed with the broken one: %v", peers["c/one_a"].BuildErr)
	}
}

func TestDiscoverRejectsDuplicates(t *testing.T) {
	root := writeTree(t, map[string]string{
		"ctests/x_a.c":          "int main(void) { return 0; }\n",
		"ctests/fixtures/x_a.c": "int main(void) { return 0; }\n",
	})
	if _, err := Discover(treeConfig(t, root)); err == nil || !strings.Contains(err.Error(), `two c peers named "x_a"`) {
		t.Errorf("duplicate names: %v", err)
	}
}

// TestBuildForeignOnlyStarted checks that another architecture builds only
// the programs Foreign names, while the host builds every one.
func TestBuildForeignOnlyStarted(t *testing.T) {
	foreign, err := arch.Lookup("s390x")
	if err != nil {
		t.Fatal(err)
	}
	if arch.Host().GOARCH == foreign.GOARCH {
		t.Skip("the host is s390x: no other architecture to build for")
	}
	if err := foreign.HaveCC(); err != nil {
		t.Fatalf("%v (go run ./cmd/ipcconform toolchains -archs s390x installs it)", err)
	}
	root := writeTree(t, map[string]string{
		"ctests/used_a.c":         "int main(void) { return 0; }\n",
		"ctests/bench_b.c":        "int main(void) { return 0; }\n",
		"gosides/used_a/main.go":  "package main\n\nfunc main() {}\n",
		"gosides/bench_b/main.go": "package main\n\nfunc main() {}\n",
	})
	b := &Builder{Config: treeConfig(t, root), CacheDir: t.TempDir(), results: map[string]*buildResult{}, idents: map[string]string{},
		Foreign: map[string]bool{"used_a": true}}
	for _, a := range []arch.Arch{arch.Host(), foreign} {
		peers, _, err := b.Build(a)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for k := range peers {
			got = append(got, k)
		}
		slices.Sort(got)
		want := []string{"c/bench_b", "c/used_a", "go/bench_b", "go/used_a"}
		if a.GOARCH == foreign.GOARCH {
			want = []string{"c/used_a", "go/used_a"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s built %q, want %q", a.GOARCH, got, want)
		}
	}
}

// TestSetForeign checks the programs other architectures build: those the
// scripts start, or with $IPCCONFORM_SCENARIO those of the scenarios it
// matches.
func TestSetForeign(t *testing.T) {
	cfg, err := Load("testdata/ipcconform.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		scenario string
		has      []string
		hasNot   []string
	}{
		{"", []string{"toy_server", "toy_client", "toy_listener"}, []string{"wait-peer"}},
		{"^unwaited_peer$", []string{"toy_client"}, []string{"toy_server", "toy_listener"}},
	} {
		t.Setenv(ScenarioEnv, tc.scenario)
		s, err := NewSuite(cfg)
		if err != nil {
			t.Fatal(err)
		}
		s.setForeign()
		for _, p := range tc.has {
			if !s.Builder.Foreign[p] {
				t.Errorf("%s=%q: %s not built for other architectures", ScenarioEnv, tc.scenario, p)
			}
		}
		for _, p := range tc.hasNot {
			if s.Builder.Foreign[p] {
				t.Errorf("%s=%q: %s built for other architectures", ScenarioEnv, tc.scenario, p)
			}
		}
	}
}

// TestBuildNeeds checks a C peer's library needs: one the compiler finds
// (libc.a) builds; one it does not is not built, and says which file, and
// a cell that would run it is skipped with that reason.
func TestBuildNeeds(t *testing.T) {
	if err := arch.Host().HaveCC(); err != nil {
		t.Fatal(err)
	}
	root := writeTree(t, map[string]string{
		"ctests/has_a.c":   "int main(void) { return 0; }\n",
		"ctests/lacks_b.c": "int main(void) { return 0; }\n",
	})
	cfg := &Config{Root: root, Peers: []PeerSpec{
		{Impl: C, Name: "has_a", Sources: []string{"ctests/has_a.c"}, Needs: []string{"libc.a"}},
		{Impl: C, Name: "lacks_b", Sources: []string{"ctests/lacks_b.c"}, Needs: []string{"libc.a", "libipcconform_none.a"}},
	}}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	b := &Builder{Config: cfg, CacheDir: t.TempDir(), results: map[string]*buildResult{}, idents: map[string]string{}}
	peers, stats, err := b.Build(arch.Host())
	if err != nil {
		t.Fatal(err)
	}
	if has := peers["c/has_a"]; has.Missing != "" || has.BuildErr != nil {
		t.Errorf("has_a: missing %q, build error %v", has.Missing, has.BuildErr)
	}
	lacks := peers["c/lacks_b"]
	if want := "lacks_b (c) is not built for " + arch.Host().GOARCH + ": it needs libipcconform_none.a, which "; !strings.HasPrefix(lacks.Missing, want) {
		t.Errorf("lacks_b: missing %q, want it to start %q", lacks.Missing, want)
	}
	if stats.Built != 1 {
		t.Errorf("built %d peers, want 1", stats.Built)
	}
	sc := Scenario{Name: "x", Roles: []string{"a", "b"}, Programs: []string{"has_a", "lacks_b"}}
	all := map[string]map[string]Peer{arch.Host().GOARCH: peers}
	if why := missingPeer(cfg, sc, Pairing{{Role: "a", Impl: C, Arch: arch.Host()}, {Role: "b", Impl: C, Arch: arch.Host()}}, all); why != lacks.Missing {
		t.Errorf("the C-C cell's skip %q, want %q", why, lacks.Missing)
	}
	if why := missingPeer(cfg, sc, Pairing{{Role: "a", Impl: C, Arch: arch.Host()}, {Role: "b", Impl: Go, Arch: arch.Host()}}, all); why != "" {
		t.Errorf("a cell with b in Go is skipped: %q", why)
	}
	bad := &Config{Root: root, Peers: []PeerSpec{{Impl: Go, Glob: "gosides/*", Needs: []string{"libc.a"}}}}
	if err := bad.validate(); err == nil || !strings.Contains(err.Error(), `"needs" is for C peers`) {
		t.Errorf("needs on a Go peer: %v", err)
	}
}
