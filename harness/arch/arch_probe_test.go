package arch

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestI386Exit checks the probe program is the ELF it claims to be: an
// i386 executable whose entry point is its code.
func TestI386Exit(t *testing.T) {
	f, err := elf.NewFile(bytes.NewReader(i386Exit))
	if err != nil {
		t.Fatal(err)
	}
	if f.Class != elf.ELFCLASS32 || f.Machine != elf.EM_386 || f.Type != elf.ET_EXEC || len(f.Progs) != 1 {
		t.Fatalf("class %v machine %v type %v progs %d", f.Class, f.Machine, f.Type, len(f.Progs))
	}
	if p := f.Progs[0]; f.Entry != p.Vaddr+52+32 || p.Filesz != uint64(len(i386Exit)) {
		t.Errorf("entry %#x, segment %#x+%d, file %d bytes", f.Entry, p.Vaddr, p.Filesz, len(i386Exit))
	}
	t.Logf("this kernel runs i386 programs: %v", runsI386())
	// Where qemu-i386 is installed, the probe must run under it: a probe
	// that no i386 machine can run would send 386 to qemu everywhere.
	if _, err := exec.LookPath("qemu-i386"); err != nil {
		t.Skipf("qemu-i386 not installed, the probe not run: %v", err)
	}
	p := filepath.Join(t.TempDir(), "exit")
	if err := os.WriteFile(p, i386Exit, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qemu-i386", p).CombinedOutput(); err != nil {
		t.Errorf("qemu-i386 %s: %v\n%s", p, err, out)
	}
}

// TestEmulates386 checks which emulators may run the 386 matrix where the
// kernel cannot: not qemu-user 7.2, whose qemu-i386 crashes Go programs.
func TestEmulates386(t *testing.T) {
	for id, ok := range map[string]bool{"qemu-7.2.22": false, "qemu-9.2.0": false, "qemu-10.0.2": true, "qemu-11.1": true, "qemu-x": false} {
		if err := emulates386(id); (err == nil) != ok {
			t.Errorf("emulates386(%q) = %v, want ok %v", id, err, ok)
		}
	}
}
