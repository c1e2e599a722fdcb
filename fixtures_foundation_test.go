package ipcconform_test

import (
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

// Fixtures of the foundation scenarios, tcp_fixed and shm_sysv_handshake.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "shm_sysv_client_nostar",
			Scenario: "shm_sysv_handshake",
			Role:     "client",
			Want:     `timeout: no '\*' from the client after 2 s`,
			// The server gives up after $PEER_TIMEOUT: keep the wait short.
			PeerTimeout: 2 * time.Second,
		},
		harness.Fixture{
			Program:  "tcp_fixed_client_short",
			Scenario: "tcp_fixed",
			Role:     "client",
			Want:     `read: short read: 13 of 14 bytes`,
		},
		harness.Fixture{
			Program:  "tcp_fixed_server_oneread",
			Scenario: "tcp_fixed",
			Role:     "server",
			Want:     `read: short read: [1-9][0-9]* of 14 bytes`,
		},
	)
}
