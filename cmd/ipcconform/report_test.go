package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness"
	"github.com/ipcconform/ipcconform/harness/arch"
)

func TestReason(t *testing.T) {
	for _, c := range []struct{ action, log, want string }{
		{"fail", "    > peer x\n        FAIL: /tmp/ci/testdata/script/tcp_fixed.txtar:17: peer c (tcp_fixed_client, go/mipsle): exit status 1\n", "tcp_fixed.txtar:17: peer c (tcp_fixed_client, go/mipsle): exit status 1"},
		{"fail", "    scenario.go:400: leak: removed what the peers left behind: SysV shm key 0x1 (id 2)\n", "leak: removed what the peers left behind: SysV shm key 0x1 (id 2)"},
		{"skip", "    scenario.go:369: WORK=$WORK\n        PATH=/bin\n    scenario.go:333: XFAIL: qemu-user falls short\n", "XFAIL: qemu-user falls short"},
		{"fail", "        FAIL: /tmp/ci/testdata/script/s.txtar:3: peer x: exit status 1\n    scenario.go:440: FAIL: listed as an expected failure on qemu-7.2 (s390x.txt:4), but it failed another way: its log does not match \"got\"\n", "listed as an expected failure on qemu-7.2 (s390x.txt:4), but it failed another way: its log does not match \"got\""},
		{"pass", "anything\n", ""},
	} {
		if got := reason(c.action, c.log); got != c.want {
			t.Errorf("reason(%s, %q) = %q, want %q", c.action, c.log, got, c.want)
		}
	}
}

func TestRecordCellXFail(t *testing.T) {
	r := &Report{index: map[string]int{"TestScenarios/s/a=c": 0}, Cells: []CellResult{{Scenario: "s", Pairing: "a=c", Result: "notrun"}}}
	c := r.recordCell("TestScenarios/s/a=c", "skip", "    scenario.go:1: XFAIL: why\n", 1)
	if c == nil || c.Result != "xfail" || c.Reason != "why" {
		t.Fatalf("recorded %+v, want xfail with reason why", c)
	}
	r.finish()
	if r.failed() || r.Totals.XFail != 1 {
		t.Errorf("an expected failure failed the report: %+v", r.Totals)
	}
	r.Cells = append(r.Cells, CellResult{Result: "notrun"})
	r.finish()
	if !r.failed() {
		t.Error("a cell that never ran did not fail the report")
	}
}

// An expected failure is stale only when the run had the cells it could
// match: an entry for a role left on the host needs its architecture in
// -mixed, one with every role on the architecture needs it in -archs.
func TestCheckStale(t *testing.T) {
	s390x, err := arch.Lookup("s390x")
	if err != nil {
		t.Fatal(err)
	}
	xs := []harness.XFail{
		{Arch: "s390x", Runner: "any", Pattern: "sig/sender=*@s390x,receiver=c", File: "s390x.txt", Line: 1},
		{Arch: "s390x", Runner: "any", Pattern: "sig/sender=c@s390x,receiver=c@s390x", File: "s390x.txt", Line: 2},
		{Arch: "s390x", Runner: "any", Pattern: "shm/*", File: "s390x.txt", Line: 3},
		// Known on a runner this machine does not have: this run cannot
		// tell whether it still occurs, so it is never stale here.
		{Arch: "s390x", Runner: "qemu-0.1", Pattern: "gone/*", File: "s390x.txt", Line: 4},
	}
	for _, tc := range []struct {
		name       string
		o          harness.MatrixOptions
		cells      []CellResult
		wantFailed []string
	}{
		{"all roles only", harness.MatrixOptions{Archs: []arch.Arch{s390x}}, nil, []string{"s390x.txt:2", "s390x.txt:3"}},
		{"mixed only", harness.MatrixOptions{Mixed: []arch.Arch{s390x}}, nil, []string{"s390x.txt:1", "s390x.txt:3"}},
		{"both, matched", harness.MatrixOptions{Archs: []arch.Arch{s390x}, Mixed: []arch.Arch{s390x}},
			[]CellResult{{Scenario: "sig", Pairing: "sender=go@s390x,receiver=c", Result: "xfail"},
				{Scenario: "sig", Pairing: "sender=c@s390x,receiver=c@s390x", Result: "xfail"},
				{Scenario: "shm", Pairing: "writer=c@s390x,reader=c@s390x", Result: "xfail"}}, nil},
		{"neither", harness.MatrixOptions{}, nil, nil},
	} {
		r := &Report{Cells: tc.cells}
		r.checkStale(xs, tc.o)
		var failed []string
		for _, tr := range r.Tests {
			failed = append(failed, tr.Test)
		}
		if !slices.Equal(failed, tc.wantFailed) {
			t.Errorf("%s: stale %q, want %q", tc.name, failed, tc.wantFailed)
		}
	}
}

func TestUnverified(t *testing.T) {
	cfg, err := harness.ParseConfig([]byte(`{"accept": [{"skip": "one byte order", "why": "by design"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	r := &Report{Cells: []CellResult{
		{Result: "pass"},
		{Result: "skip", Reason: "shared between processes of one byte order"},
		{Result: "skip", Reason: "the py implementation needs python3, which is not on PATH"},
	}}
	r.accept = acceptOf(t, cfg)
	r.finish()
	if r.Totals.Unaccepted != 1 || !r.failed() {
		t.Errorf("unaccepted %d, failed %v; want 1 and a failed run", r.Totals.Unaccepted, r.failed())
	}
	sum := r.unverifiedSummary(r.accept)
	for _, want := range []string{"Not verified: 2 cells skipped (1 not accepted", "- 1: the py implementation needs python3, which is not on PATH (NOT ACCEPTED)", "(accepted: by design)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
}

// acceptOf validates a parsed configuration's accepted gaps, as Load does.
func acceptOf(t *testing.T, cfg *harness.Config) []harness.Accepted {
	t.Helper()
	cfg.Peers = []harness.PeerSpec{{Impl: harness.C, Glob: "*.c"}}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg.Accept
}

func TestFixturesByScenario(t *testing.T) {
	r := &Report{
		Cells:           []CellResult{{Scenario: "a"}, {Scenario: "b"}},
		Fixtures:        []TestResult{{Test: "TestFixtures/a_x/s=a_x", Result: "pass"}, {Test: "TestFixtures/a_x/s=a_x,c=go", Result: "fail"}},
		fixtureScenario: map[string]string{"a_x": "a"},
	}
	got := r.fixturesByScenario()
	for _, want := range []string{"| a | 1 | **1 of 2** |", "| b | 0 | **0 of 0** |"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}

// The matrix starts its longest cells first: with an earlier run's times
// the estimate weighs the cells left by them, where counting cells would
// take each short cell left for as long as the long ones done.
func TestETAWeighsCellsLeft(t *testing.T) {
	r := &Report{prev: map[string]float64{"long/a=c": 100}}
	for i := 0; i < 20; i++ {
		c := CellResult{Scenario: "short", Pairing: "a=" + strconv.Itoa(i), Result: "notrun"}
		r.prev[c.Scenario+"/"+c.Pairing] = 1
		if i < 9 {
			c.Result = "pass"
		}
		r.Cells = append(r.Cells, c)
	}
	r.Cells = append(r.Cells, CellResult{Scenario: "long", Pairing: "a=c", Result: "pass"})
	r.done = 10
	// The done cells took 109 s in the earlier run, and this run did them
	// in 109 s: the 11 s left take 11 s.
	if got, want := r.eta(109*time.Second, 109*time.Second), ", ~11s left"; got != want {
		t.Errorf("eta with earlier times = %q, want %q", got, want)
	}
	// Done in half the time: what is left takes half as long.
	if got, want := r.eta(50*time.Second, 54500*time.Millisecond), ", ~6s left"; got != want {
		t.Errorf("eta at two cells at a time = %q, want %q", got, want)
	}
	// A cell the earlier run did not have counts as its mean.
	r.Cells = append(r.Cells, CellResult{Scenario: "new", Pairing: "a=c", Result: "notrun"})
	mean := 120.0 / 21
	want := fmt.Sprintf(", ~%s left", time.Duration((11+mean)*float64(time.Second)).Round(time.Second))
	if got := r.eta(109*time.Second, 109*time.Second); got != want {
		t.Errorf("eta with a new cell = %q, want %q", got, want)
	}
	// Without earlier times: cells counted (12 of 22 left, 9 done since
	// the first), at their rate since the first ended.
	r.prev = nil
	if got, want := r.eta(90*time.Second, 109*time.Second), ", ~2m0s left"; got != want {
		t.Errorf("eta by count = %q, want %q", got, want)
	}
	r.done = 9
	if got := r.eta(90*time.Second, 109*time.Second); got != "" {
		t.Errorf("eta after 9 cells = %q, want none", got)
	}
}
