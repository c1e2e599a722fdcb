package ipcconform_test

import (
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

// Fixtures of the socket scenarios: udp_datagram, unix_stream, unix_dgram,
// tcp_select_server, tcp_fork_server and tcp_framing.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "tcp_framing_writer_nohtonl",
			Scenario: "tcp_framing",
			Role:     "writer",
			Want:     `frame 2: length 16777216 exceeds the maximum 65536`,
		},
		harness.Fixture{
			Program:  "tcp_framing_reader_onerecv",
			Scenario: "tcp_framing",
			Role:     "reader",
			Want:     `frame [0-9]+: (unknown type|length [0-9]+ exceeds|payload byte)`,
		},
		harness.Fixture{
			Program:  "udp_datagram_receiver_notrunc",
			Scenario: "udp_datagram",
			Role:     "receiver",
			Want:     `datagram 3: the receiver saw 100 bytes, want 8000`,
		},
		harness.Fixture{
			Program:  "unix_stream_client_nofd",
			Scenario: "unix_stream",
			Role:     "client",
			Want:     `recvmsg: no descriptor`,
		},
		harness.Fixture{
			Program:  "unix_dgram_sender_nogather",
			Scenario: "unix_dgram",
			Role:     "sender",
			Want:     `recvmsg: 7 bytes, want 27`,
		},
		harness.Fixture{
			Program:  "tcp_select_server_iterative",
			Scenario: "tcp_select_server",
			Role:     "server",
			Want:     `connection 3: no answer after 2 s`,
			// The client gives up after $PEER_TIMEOUT: keep the wait short.
			PeerTimeout: 2 * time.Second,
		},
		harness.Fixture{
			Program:  "tcp_fork_server_noreap",
			Scenario: "tcp_fork_server",
			Role:     "server",
			Want:     `zombies: [1-9]`,
		},
	)
}
