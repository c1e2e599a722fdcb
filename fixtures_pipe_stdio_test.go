package ipcconform_test

import "github.com/ipcconform/ipcconform/harness"

// Fixtures of the pipe_stdio scenario.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "pipe_stdio_child_lastline",
			Scenario: "pipe_stdio",
			Role:     "child",
			Want:     `content: end of file after 208845 of 208896 bytes`,
		},
		harness.Fixture{
			Program:  "pipe_stdio_parent_oneread",
			Scenario: "pipe_stdio",
			Role:     "parent",
			// One read returns at most the pipe's 64 KiB of the 204 KiB
			// text; the parent closes on a child still writing.
			Want: `parent read [0-9]+ bytes(?s:.*)child killed by SIGPIPE`,
		},
	)
}
