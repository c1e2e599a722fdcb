package ipcconform_test

import "github.com/ipcconform/ipcconform/harness"

// Fixtures of the errno_parity scenario.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "errno_prober_enxio",
			Scenario: "errno_parity",
			Role:     "prober",
			// "fifo-open-enxio: open: ENOENT" where cases.out has ENXIO:
			// the first difference is the errno's third letter.
			Want: `stdout and cases\.out differ at byte 665 `,
		},
	)
}
