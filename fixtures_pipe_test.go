package ipcconform_test

import "github.com/ipcconform/ipcconform/harness"

// Fixtures of the pipe scenarios, pipe_parent_child and pipe_stdio.
func init() {
	fixtures = append(fixtures,
		harness.Fixture{
			Program:  "pipe_parent_child_child_nonul",
			Scenario: "pipe_parent_child",
			Role:     "child",
			Want:     `message: no NUL in 18 bytes`,
		},
	)
}
