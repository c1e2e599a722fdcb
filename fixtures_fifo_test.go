package ipcconform_test

import "github.com/ipcconform/ipcconform/harness"

// Fixtures of the fifo scenario.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "fifo_writer_split",
			Scenario: "fifo",
			Role:     "writer",
			// Another writer's record inside this one's shows as a bad
			// checksum, or as a header read from the middle of a payload.
			Want: `record [0-9]+: (bad magic|length [0-9]+ out of range|writer [0-9]+ out of range|writer [0-9]+ record [0-9]+: bad checksum|writer [0-9]+ sent record)`,
		},
	)
}
