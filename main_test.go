package ipcconform_test

import (
	"os"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// TestMain audits the machine after the run: every IPC object, /dev/shm
// entry and process the run's scripts created must be gone, whatever the
// tests' outcome.
func TestMain(m *testing.M) { os.Exit(harness.Main(m)) }
