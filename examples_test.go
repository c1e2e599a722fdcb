package ipcconform_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// copiedScript is the first line of an example's script that is a copy of
// one of the suite's, unchanged below its first paragraph.
var copiedScript = regexp.MustCompile(`^# Copied from ipcconform's (testdata/script/\S+\.txtar), unchanged below this`)

// TestExampleCopiesCurrent fails when an example module's copy of a suite
// script has drifted from it: a change to the suite's script (and to what
// its peers do) must reach the copy too.
func TestExampleCopiesCurrent(t *testing.T) {
	files, err := filepath.Glob("examples/*/testdata/script/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := copiedScript.FindSubmatch(data)
		if m == nil {
			continue
		}
		copies++
		orig, err := os.ReadFile(string(m[1]))
		if err != nil {
			t.Errorf("%s: copied from %s: %v", f, m[1], err)
			continue
		}
		_, body, ok := strings.Cut(string(data), "\n#\n")
		if !ok {
			t.Errorf("%s: no \"#\" line ends its first paragraph", f)
			continue
		}
		if body != string(orig) {
			t.Errorf("%s differs from %s below its first paragraph: copy the suite's script again", f, m[1])
		}
	}
	if copies == 0 {
		t.Error("no example script says it is a copy: the check has nothing to check")
	}
}
