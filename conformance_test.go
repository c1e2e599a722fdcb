package ipcconform_test

import (
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// config is this repository's configuration, passed to the harness as any
// user's module passes its own.
const config = "ipcconform.json"

// TestScenarios runs every script of testdata/script over every pairing of
// C and Go peers.
func TestScenarios(t *testing.T) {
	harness.Open(t, config).RunScenarios(t)
}

// TestFixtures proves the checks can fail: each fixture of fixtures/, a
// real peer with one small defect applied, must make its scenario fail
// with the failure its fixture.json names.
func TestFixtures(t *testing.T) {
	harness.Open(t, config).RunFixtures(t)
}

// TestPeersBuild fails for every C peer or Go side that does not build,
// used by a scenario or not.
func TestPeersBuild(t *testing.T) {
	harness.Open(t, config).CheckPeersBuild(t)
}

// TestLayout compares every struct, constant and integer type of
// ctests/include (and ctests/layout/probe.c) with gosides/wire and
// golang.org/x/sys/unix, on every architecture with a C compiler.
func TestLayout(t *testing.T) {
	harness.Open(t, config).CheckLayout(t)
}
