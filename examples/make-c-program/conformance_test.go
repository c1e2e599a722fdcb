package makecprogram_test

import (
	"os"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

const config = "ipcconform.json"

// TestScenarios runs the readings scenario over every pairing of the C
// program (built by c/Makefile) and the Go peers.
func TestScenarios(t *testing.T) { harness.Open(t, config).RunScenarios(t) }

// TestPeersBuild fails for every peer that does not build for the host.
func TestPeersBuild(t *testing.T) { harness.Open(t, config).CheckPeersBuild(t) }

// TestLayout compares c/include/proto.h with package proto on every
// architecture with a C compiler.
func TestLayout(t *testing.T) { harness.Open(t, config).CheckLayout(t) }

func TestMain(m *testing.M) { os.Exit(harness.Main(m)) }
