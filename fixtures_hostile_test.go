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
			// not the server's timeout; or, when filling the client's
			// buffers (autotuned to megabytes) and the client's 10 s
			// hold outlast the scenario's 15 s deadline on a busy
			// machine, it is killed before it can say it served.
			Want: `no match for .(\\Awrite: EAGAIN|served 1 clients)`,
		},
		harness.Fixture{
			Program:  "unix_stream_server_nopoll",
			Scenario: "hostile_unix_stream_server",
			Role:     "server",
			// Its read through the passed pipe ends only when the client
			// exits, 4 s later, long past its timeout: it goes on and
			// finds the client gone.
			Want: `descriptor: \s+\[stderr\]\s+sendmsg: EPIPE`,
		},
		harness.Fixture{
			Program:  "shm_sysv_struct_reader_gonan",
			Scenario: "hostile_shm_sysv_struct",
			Role:     "reader",
			Want:     `value=NaN`,
		},
		harness.Fixture{
			Program:  "ring_buffer_producer_noindex",
			Scenario: "hostile_ring_buffer",
			Role:     "producer",
			Want:     `panic: runtime error: index out of range \[84215045\]`,
		},
	)
}
