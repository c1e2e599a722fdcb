package ipcconform_test

import (
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

// Fixtures of the signals scenarios, signals_kill and signals_sigqueue.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "signals_receiver_nousr2",
			Scenario: "signals_kill",
			Role:     "receiver",
			Want:     `timeout: no acknowledgement of SIGUSR2 after 2 s`,
			// The sender gives up after $PEER_TIMEOUT: keep the wait short.
			PeerTimeout: 2 * time.Second,
		},
		harness.Fixture{
			Program:  "signals_sender_kill",
			Scenario: "signals_sigqueue",
			Role:     "sender",
			Want:     `\| got SIGUSR1\n`,
		},
		harness.Fixture{
			Program:  "signals_receiver_ptr",
			Scenario: "signals_sigqueue",
			Role:     "receiver",
			// -2147483648 read as a pointer: 2147483648, or more.
			Want: `\| got SIGUSR2 value [1-9][0-9]{9,}\n`,
		},
	)
}
