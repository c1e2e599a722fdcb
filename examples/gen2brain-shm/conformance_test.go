package gen2brainshm_test

import (
	"os"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

const config = "ipcconform.json"

// TestScenarios runs the SysV scenarios over every pairing of ipcconform's
// C peers and this module's Go peers built on github.com/gen2brain/shm.
func TestScenarios(t *testing.T) { harness.Open(t, config).RunScenarios(t) }

// TestPeersBuild fails for every peer that does not build for the host.
func TestPeersBuild(t *testing.T) { harness.Open(t, config).CheckPeersBuild(t) }

func TestMain(m *testing.M) { os.Exit(harness.Main(m)) }
