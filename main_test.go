package ipcconform_test

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// TestMain audits the machine after the run: every IPC object, /dev/shm
// entry and process the run's scripts created must be gone, whatever the
// tests' outcome.
//
// Scenarios spend most of their time waiting on their peers (and on the
// timeouts hostile input must run into), so unless -parallel says
// otherwise, four times as many run at once as there are CPUs.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	code := m.Run()
	if left := harness.Audit(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "ipcconform: the run left behind:\n")
		for _, l := range left {
			fmt.Fprintf(os.Stderr, "\t%s\n", l)
		}
		code = 1
	}
	os.Exit(code)
}
