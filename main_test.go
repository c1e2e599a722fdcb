package ipcconform_test

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// TestMain audits the machine after the run: every IPC object, /dev/shm
// entry and process the run's scripts created must be gone, whatever the
// tests' outcome; and none of the documents' fixed keys, names and ports
// (see documentNamesInUse) that was free before the run may be taken.
func TestMain(m *testing.M) {
	before := documentNamesInUse()
	code := harness.Main(m)
	for _, n := range documentNamesInUse() {
		if !slices.Contains(before, n) {
			fmt.Fprintf(os.Stderr, "ipcconform: the run left behind %s, a name of the documents'\n", n)
			code = 1
		}
	}
	os.Exit(code)
}
