package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// scan takes the scenarios' time from the start and end events of
// TestScenarios and TestFixtures (a parent's Elapsed leaves out its
// parallel subtests), less the peer builds the harness logged.
func TestScan(t *testing.T) {
	const out = `{"Time":"2026-01-01T00:00:00Z","Action":"run","Package":"github.com/ipcconform/ipcconform","Test":"TestScenarios"}
{"Time":"2026-01-01T00:00:01Z","Action":"output","Package":"github.com/ipcconform/ipcconform","Test":"TestScenarios/fifo/c-c","Output":"    scenario.go:217: peers for amd64: 186 built (0 failed) in 78 compiler calls, 0 cached (4.5s); built: c/fifo\n"}
{"Time":"2026-01-01T00:00:20Z","Action":"pass","Package":"github.com/ipcconform/ipcconform","Test":"TestScenarios","Elapsed":0.01}
{"Time":"2026-01-01T00:00:20Z","Action":"run","Package":"github.com/ipcconform/ipcconform","Test":"TestFixtures"}
{"Time":"2026-01-01T00:00:30Z","Action":"fail","Package":"github.com/ipcconform/ipcconform","Test":"TestFixtures","Elapsed":0}
{"Time":"2026-01-01T00:00:30Z","Action":"run","Package":"github.com/ipcconform/ipcconform/harness","Test":"TestScenarios"}
{"Time":"2026-01-01T00:01:30Z","Action":"pass","Package":"github.com/ipcconform/ipcconform/harness","Test":"TestScenarios"}
`
	var r Run
	scan(&r, []byte(out))
	if want := 30*time.Second - 4500*time.Millisecond; r.Scenarios != want {
		t.Errorf("scenarios: have %v, want %v", r.Scenarios, want)
	}
	if len(r.Failed) != 1 || r.Failed[0] != "TestFixtures" {
		t.Errorf("failed: have %q, want TestFixtures", r.Failed)
	}
	if r.Built != 186 || r.Calls != 78 || r.Build != 4500*time.Millisecond {
		t.Errorf("builds: have %d peers, %d calls, %v", r.Built, r.Calls, r.Build)
	}
	r.Name, r.Wall = "warm", 51*time.Second
	var md bytes.Buffer
	Write(&md, []Run{r})
	if !strings.Contains(md.String(), "not met (2.00×)") {
		t.Errorf("a warm run at twice the scenarios' time passes:\n%s", md.String())
	}
}

// A run go test answered from its cache has no scenarios' time and no
// peer builds of its own (the replayed events are an earlier run's); it
// is set against the warm run's scenarios.
func TestCachedRun(t *testing.T) {
	const out = `{"Time":"2026-01-01T00:00:00Z","Action":"run","Package":"github.com/ipcconform/ipcconform","Test":"TestScenarios"}
{"Time":"2026-01-01T00:00:00Z","Action":"output","Package":"github.com/ipcconform/ipcconform","Test":"TestScenarios/fifo/c-c","Output":"    scenario.go:217: peers for amd64: 186 built (0 failed) in 78 compiler calls, 0 cached (4.5s); built: c/fifo\n"}
{"Time":"2026-01-01T00:00:01Z","Action":"pass","Package":"github.com/ipcconform/ipcconform","Test":"TestScenarios","Elapsed":0.01}
{"Time":"2026-01-01T00:00:01Z","Action":"output","Package":"github.com/ipcconform/ipcconform","Output":"ok  \tgithub.com/ipcconform/ipcconform\t(cached)\n"}
`
	r := Run{Name: "unchanged", Wall: 2 * time.Second}
	scan(&r, []byte(out))
	if !r.Cached || r.Scenarios != 0 || r.Built != 0 || r.Calls != 0 || r.Build != 0 {
		t.Errorf("cached run: have Cached %v, scenarios %v, %d built in %d calls (%v); want true and nothing of the replay's",
			r.Cached, r.Scenarios, r.Built, r.Calls, r.Build)
	}
	var md bytes.Buffer
	Write(&md, []Run{{Name: "warm", Wall: 41 * time.Second, Scenarios: 40 * time.Second}, r})
	if !strings.Contains(md.String(), "took 0.05× the scenarios' own time in the warm run") {
		t.Errorf("the unchanged run is not set against the warm run's scenarios:\n%s", md.String())
	}
}

func TestWriteRatios(t *testing.T) {
	runs := []Run{
		{Name: "baseline 6ba60c9 cold", Wall: 100 * time.Second},
		{Name: "this tree cold", Wall: 70 * time.Second},
		{Name: "baseline 6ba60c9 warm", Wall: 80 * time.Second},
		{Name: "this tree warm", Wall: 40 * time.Second},
	}
	var b strings.Builder
	WriteRatios(&b, runs)
	for _, want := range []string{
		"new warm / old warm: 0.50 (goal at most 0.5: met)",
		"new cold / old warm: 0.88 (goal at most 0.6: not met)",
		"new cold / old cold: 0.70 (goal at most 0.6: not met)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("ratios lack %q:\n%s", want, b.String())
		}
	}
	runs[3].Err = errors.New("exit status 1")
	b.Reset()
	WriteRatios(&b, runs)
	if want := "new warm / old warm: not measured: the new warm run failed (exit status 1); its wall time would give 0.50\n"; !strings.Contains(b.String(), want) {
		t.Errorf("a failed run gave a ratio, or no figure:\n%s", b.String())
	}
	if strings.Contains(b.String(), "goal at most 0.5") {
		t.Errorf("a failed run was set against the goal:\n%s", b.String())
	}
}
