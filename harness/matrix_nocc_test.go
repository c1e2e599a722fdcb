package harness

import (
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// TestCellsWithoutCC checks that an architecture without a C compiler
// gets the cells of its Go peers alone, all roles there and one role at a
// time against the host's C and Go, and that the matrix says how many it
// left out and why.
func TestCellsWithoutCC(t *testing.T) {
	loong64, err := arch.Lookup("loong64")
	if err != nil {
		t.Fatal(err)
	}
	if loong64.NoCC == "" {
		t.Skip("loong64 has a C compiler here")
	}
	scs := []Scenario{{Name: "a", Roles: []string{"x", "y"}}, {Name: "b", Roles: []string{"z"}}}
	o := MatrixOptions{Archs: []arch.Arch{loong64}, Mixed: []arch.Arch{loong64}, Shards: 1}
	var names []string
	for _, c := range Cells(scs, o) {
		names = append(names, c.Name())
		for _, b := range c.Pairing {
			if b.Impl == C && b.Arch.GOARCH == "loong64" {
				t.Errorf("cell %s has a C peer on loong64", c.Name())
			}
		}
	}
	want := []string{
		"a/x=go@loong64,y=go@loong64",
		// One role on loong64 (Go), the other on the host (C or Go).
		"a/x=go@loong64,y=c", "a/x=go@loong64,y=go",
		"a/x=c,y=go@loong64", "a/x=go,y=go@loong64",
		"b/z=go@loong64",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("cells:\n\t%s\nwant\n\t%s", strings.Join(names, "\n\t"), strings.Join(want, "\n\t"))
	}
	// Left out: a's 3 all-loong64 pairings with C, 2 roles x 2 mixed ones
	// with C on loong64; b's C pairing.
	notRun := NotInMatrix(scs, o)
	if len(notRun) != 1 || !strings.HasPrefix(notRun[0], "8 cells with a C peer on loong64 are not run: ") || !strings.Contains(notRun[0], loong64.NoCC) {
		t.Errorf("NotInMatrix = %q, want 8 cells on loong64 and why", notRun)
	}
	if err := loong64.HaveCC(); err == nil || !strings.Contains(err.Error(), loong64.NoCC) {
		t.Errorf("HaveCC() = %v, want an error saying %q", err, loong64.NoCC)
	}
}
