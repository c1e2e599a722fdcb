package ipcconform_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// TestMain audits the machine after the run: every IPC object, /dev/shm
// entry and process the run's scripts created must be gone, whatever the
// tests' outcome.
func TestMain(m *testing.M) {
	code := m.Run()
	if left := harness.Audit(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "ipcconform: the run left behind:\n")
		for _, l := range left {
			fmt.Fprintf(os.Stderr, "\t%s\n", l)
		}
		code = 1
	}
	os.Exit(code)
}
