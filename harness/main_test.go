package harness

import (
	"fmt"
	"os"
	"testing"
)

// TestMain audits what the harness's own scripts left behind.
func TestMain(m *testing.M) {
	if os.Getenv("IPCCONFORM_TEST_KILLED_RUN") == "1" {
		killedRun()
	}
	code := m.Run()
	if err := removeRunDir(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	if left := Audit(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "harness: the run left behind:\n")
		for _, l := range left {
			fmt.Fprintf(os.Stderr, "\t%s\n", l)
		}
		code = 1
	}
	os.Exit(code)
}
