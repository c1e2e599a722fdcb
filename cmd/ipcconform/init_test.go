package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// TestInitFreshModule follows a new user from an empty folder: go mod
// init, ipcconform init, go test ./..., then the matrix on the host and on
// big-endian s390x (every role there, and one role at a time against the
// host). Then it breaks the Go mirror the way a careless edit would, and
// the layout check must fail naming the field. Nothing but what `ipcconform
// init` writes is in the module; go.mod points at this repository.
func TestInitFreshModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a fresh module: not in -short mode")
	}
	s390x, err := arch.Lookup("s390x")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []arch.Arch{arch.Host(), s390x} {
		if err := a.HaveCC(); err != nil {
			t.Skipf("%v (go run ./cmd/ipcconform toolchains -archs s390x installs it)", err)
		}
		if err := a.HaveRunner(); err != nil {
			t.Skipf("%v (go run ./cmd/ipcconform toolchains -archs s390x installs it)", err)
		}
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	exe := filepath.Join(tmp, "ipcconform")
	run(t, repo, "go", "build", "-o", exe, "./cmd/ipcconform")

	mod := filepath.Join(tmp, "fresh")
	if err := os.Mkdir(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, mod, "go", "mod", "init", "example.com/fresh")
	// The version that go install would fetch is this checkout.
	run(t, mod, "go", "mod", "edit", "-require="+selfModule+"@v0.0.0", "-replace="+selfModule+"="+repo)
	run(t, mod, exe, "init")
	if out, err := command(mod, exe, "init"); err == nil || !strings.Contains(out, "would write over") {
		t.Errorf("a second ipcconform init: %v, want a refusal to write over files\n%s", err, out)
	}
	run(t, mod, "go", "test", "-count=1", "./...")

	report := filepath.Join(tmp, "report")
	run(t, mod, exe, "-archs", "host,s390x", "-mixed", "s390x", "-install=false", "-out", report)
	data, err := os.ReadFile(filepath.Join(report, "conformance.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	// 4 pairings on the host, 4 all on s390x, 2 roles x 4 pairings mixed.
	passed := map[string]int{}
	for _, c := range rep.Cells {
		if c.Result != "pass" {
			t.Errorf("cell %s/%s: %s %s", c.Scenario, c.Pairing, c.Result, c.Reason)
		}
		passed[c.ArchGroup]++
	}
	host := arch.Host().GOARCH
	for _, g := range []string{host, "s390x", host + "/s390x", "s390x/" + host} {
		if passed[g] != 4 {
			t.Errorf("%s: %d cells passed, want 4 (all: %v)", g, passed[g], passed)
		}
	}

	// A careless edit: two fields of the mirror trade places.
	mirror := filepath.Join(mod, "greeting", "greeting.go")
	src, err := os.ReadFile(mirror)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "\tVersion uint16\n\tFlags   uint16\n", "\tFlags   uint16\n\tVersion uint16\n", 1)
	if broken == string(src) {
		t.Fatal("the template's mirror no longer declares Version then Flags")
	}
	if err := os.WriteFile(mirror, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := command(mod, "go", "test", "-count=1", "-run", "^TestLayout$/greeting/"+host+"$", ".")
	want := "greeting.version: have offset 6, want 4 [" + host + "]"
	if err == nil || !strings.Contains(out, want) {
		t.Errorf("layout check after swapping Version and Flags: %v, want a failure naming %q\n%s", err, want, out)
	}
}

func command(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	if out, err := command(dir, name, args...); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
