package ipcconform_test

import "github.com/ipcconform/ipcconform/harness"

// Fixtures of the hostile_* scenarios: Go sides as they were before the
// hostile peer found them out.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "udp_datagram_receiver_eintr",
			Scenario: "hostile_udp_datagram",
			Role:     "receiver",
			Want:     `recvfrom: EINTR`,
		},
		harness.Fixture{
			Program:  "tcp_select_server_nosndtimeo",
			Scenario: "hostile_tcp_select",
			Role:     "server",
			// Its write waits until the client gives up and resets,
			// not the server's timeout.
			Want: `no match for .\\Awrite: EAGAIN`,
		},
	)
}
