package main

import "testing"

func TestReason(t *testing.T) {
	for _, c := range []struct{ action, log, want string }{
		{"fail", "    > peer x\n        FAIL: /tmp/ci/testdata/script/tcp_fixed.txtar:17: peer c (tcp_fixed_client, go/mipsle): exit status 1\n", "tcp_fixed.txtar:17: peer c (tcp_fixed_client, go/mipsle): exit status 1"},
		{"fail", "    scenario.go:400: leak: removed what the peers left behind: SysV shm key 0x1 (id 2)\n", "leak: removed what the peers left behind: SysV shm key 0x1 (id 2)"},
		{"skip", "    scenario.go:369: WORK=$WORK\n        PATH=/bin\n    scenario.go:333: XFAIL: qemu-user falls short\n", "XFAIL: qemu-user falls short"},
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
