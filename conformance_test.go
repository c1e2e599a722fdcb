package ipcconform_test

import (
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

// TestScenarios runs every script of testdata/script over every pairing of
// C and Go peers.
func TestScenarios(t *testing.T) {
	harness.RunScenarios(t, "testdata/script")
}

// fixtures are deliberately broken programs that the scenarios' own checks
// must catch; each names the check by the failure it reports.
var fixtures = []harness.Fixture{
	{
		Program:  "shm_sysv_client_nostar",
		Scenario: "shm_sysv_handshake",
		Role:     "client",
		Want:     `timeout: no '\*' from the client after 2 s`,
		// The server gives up after $PEER_TIMEOUT: keep the wait short.
		PeerTimeout: 2 * time.Second,
	},
	{
		Program:  "tcp_fixed_client_short",
		Scenario: "tcp_fixed",
		Role:     "client",
		Want:     `read: short read: 13 of 14 bytes`,
	},
	{
		Program:  "tcp_fixed_server_oneread",
		Scenario: "tcp_fixed",
		Role:     "server",
		Want:     `read: short read: [1-9][0-9]* of 14 bytes`,
	},
}

// TestFixtures proves the checks can fail: each fixture must make its
// scenario fail, with the failure it names.
func TestFixtures(t *testing.T) {
	harness.RunFixtures(t, "testdata/script", fixtures)
}
