package arch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunnerMatches(t *testing.T) {
	for _, c := range []struct {
		id, want string
		ok       bool
	}{
		{"qemu-7.2.22", "qemu-7.2", true},
		{"qemu-7.2.22", "qemu-7", true},
		{"qemu-10.0.2", "qemu-10.0", true},
		{"qemu-10.0.2", "qemu-10", true},
		{"qemu-10.0.2", "qemu-1", false},
		{"qemu-10.0.2", "qemu-7.2", false},
		{"qemu-7.2.22", "qemu-10.0", false},
		{"native", "native", true},
		{"native", "qemu-7.2", false},
	} {
		if got := RunnerMatches(c.id, c.want); got != c.ok {
			t.Errorf("RunnerMatches(%q, %q) = %v, want %v", c.id, c.want, got, c.ok)
		}
	}
}

// TestSelectQemu checks how $IPCCONFORM_QEMU picks an emulator: the PATH's
// by default, the newest unpacked version with the prefix asked for, and
// an error naming the command that installs a missing one.
func TestSelectQemu(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"10.0.2", "10.0.10", "9.2.1", "10.1.0-partial"} {
		if err := os.MkdirAll(filepath.Join(root, "qemu-"+v, "usr", "bin"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := func(v string) string { return filepath.Join(root, "qemu-"+v, "usr", "bin") }
	for _, c := range []struct{ sel, want string }{
		{"", ""},
		{"system", ""},
		{"10", bin("10.0.10")},
		{"10.0", bin("10.0.10")},
		{"10.0.2", bin("10.0.2")},
		{"9", bin("9.2.1")},
		{"/some/folder", "/some/folder"},
	} {
		got, err := selectQemu(c.sel, root)
		if err != nil || got != c.want {
			t.Errorf("selectQemu(%q) = %q, %v; want %q", c.sel, got, err, c.want)
		}
	}
	if _, err := selectQemu("11", root); err == nil || !strings.Contains(err.Error(), "ipcconform toolchains -qemu 11") {
		t.Errorf("selectQemu(11) = %v, want an error naming ipcconform toolchains -qemu 11", err)
	}
	if _, err := selectQemu("ten", root); err == nil {
		t.Error(`selectQemu("ten") is not an error`)
	}
}

// TestLoong64 checks the architecture without a C compiler: Go alone,
// under qemu-loongarch64, with no package to install for C.
func TestLoong64(t *testing.T) {
	a, err := Lookup("loong64")
	if err != nil {
		t.Fatal(err)
	}
	if a.NoCC == "" || a.Triple != "" || a.CCPackages() != nil || a.HaveCC() == nil {
		t.Errorf("loong64: NoCC %q, Triple %q, CCPackages %q, HaveCC %v; want no C compiler", a.NoCC, a.Triple, a.CCPackages(), a.HaveCC())
	}
	if r := a.Runner(); Host().GOARCH != "loong64" && (len(r) != 1 || !strings.HasSuffix(r[0], "qemu-loongarch64")) {
		t.Errorf("loong64 runner %q, want qemu-loongarch64", r)
	}
}
