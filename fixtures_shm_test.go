package ipcconform_test

import (
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

// Fixtures of the shared-storage scenarios: shm_sysv_struct, shm_posix,
// mmap_file, ring_buffer and sem_sysv.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "shm_struct_reader_nopad",
			Scenario: "shm_sysv_struct",
			Role:     "reader",
			Want:     `(?s)-name=\s+\+name=some_data.*stdout and reader\.out differ`,
		},
		harness.Fixture{
			Program:  "shm_posix_consumer_nounlink",
			Scenario: "shm_posix",
			Role:     "consumer",
			Want:     `shm_posix\.txtar:\d+: file /dev/shm/ipcconform\.[0-9.]+ unexpectedly exists`,
		},
		harness.Fixture{
			Program:  "mmap_file_writer_private",
			Scenario: "mmap_file",
			Role:     "writer",
			Want:     `mmap_file\.txtar:\d+: peer mmap_file_reader .*exit status 1(?s:.*)header: have , want mmap_file: 00008 records; ack n`,
		},
		harness.Fixture{
			Program:  "sem_sysv_second_noundo",
			Scenario: "sem_sysv",
			Role:     "second",
			Want:     `(?s)> kill-peer holder.*> peer sem_sysv_second -key \$UKEY -n 1000 .*semtimedop: EAGAIN`,
			// The next process waits $PEER_TIMEOUT for the lost mutex.
			PeerTimeout: 2 * time.Second,
		},
		harness.Fixture{
			Program:  "ring_consumer_loses",
			Scenario: "ring_buffer",
			Role:     "consumer",
			Want:     `> peer ring_buffer_producer .*\n\s*\[stderr\]\n\s*consumed: have 999999, want 1000000\n`,
		},
	)
}
