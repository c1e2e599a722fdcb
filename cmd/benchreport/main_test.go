package main

import (
	"bytes"
	"encoding/xml"
	"math"
	"slices"
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkThroughput/pipe/size=4KiB/c-c-2         	  100	      2000 ns/op	2048.00 MB/s	         1.500 first-csw/op	         0.2500 second-csw/op
BenchmarkThroughput/pipe/size=4KiB/c-go-2        	  100	      4000 ns/op	1024.00 MB/s	         0.5000 first-csw/op	         0.7500 second-csw/op
BenchmarkThroughput/shm/size=64B/c-c-2           	  100	        10 ns/op	6400.00 MB/s	 100000000 items/s
BenchmarkThroughput/shm/size=64B/go-c-2          	  100	        20 ns/op	3200.00 MB/s	  50000000 items/s
BenchmarkLatency/tcp/c-c-2                       	  100	     10000 ns/op
BenchmarkLatency/tcp/go-go-2                     	  100	     11000 ns/op
BenchmarkMemcpy/size=64B-2                       	  100	        5 ns/op
--- FAIL: BenchmarkLatency/signals/c-go
BenchmarkThroughput/pipe/size=4KiB/c-c-2         	  100	      1000 ns/op	4096.00 MB/s
BenchmarkThroughput/pipe/size=4KiB/c-go-2        	  100	      1000 ns/op	4096.00 MB/s
BenchmarkLatency/tcp/c-c-2                       	  100	     20000 ns/op
BenchmarkLatency/tcp/go-go-2                     	  100	     20000 ns/op
`

func TestSummarize(t *testing.T) {
	res, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0] != "BenchmarkLatency/signals/c-go" {
		t.Errorf("failed: have %q", res.Failed)
	}
	sum := Summarize(res)
	if sum.Passes != 2 {
		t.Errorf("passes: have %d, want 2", sum.Passes)
	}
	pipe := sum.Rows[Throughput][0]
	if pipe.Mech != "pipe" || pipe.Bytes != 4096 {
		t.Fatalf("first row: have %+v", pipe)
	}
	// Pass ratios 0.5 and 1: median 0.75, a same-pass ratio, not a ratio of medians.
	if c := pipe.Cells[1]; math.Abs(c.Ratio-0.75) > 1e-9 || c.Lo != 0.5 || c.Hi != 1 {
		t.Errorf("pipe c-go ratio: have %v [%v, %v], want 0.75 [0.5, 1]", c.Ratio, c.Lo, c.Hi)
	}
	if met, ok := pipe.Met(pipe.Cells[1]); !ok || met {
		t.Errorf("pipe c-go goal: have met=%v ok=%v, want a missed goal", met, ok)
	}
	shm := sum.Rows[Throughput][1]
	if c := shm.Cells[2]; c.Items != 50e6 || c.Ratio != 0.5 {
		t.Errorf("shm go-c: have %v items/s ratio %v", c.Items, c.Ratio)
	}
	if shm.Bulk() {
		t.Errorf("the 64-byte ring row counts as bulk")
	}
	// memcpy at 64 B: 12.8 GB/s; C-C 6.4 GB/s.
	if math.Abs(shm.Ceiling-2) > 1e-9 {
		t.Errorf("shm ceiling: have %v, want 2", shm.Ceiling)
	}
	tcp := sum.Rows[Latency][0]
	if c := tcp.Cells[3]; math.Abs(c.Ratio-1.05) > 1e-9 {
		t.Errorf("tcp go-go latency ratio: have %v, want 1.05", c.Ratio)
	}
	if met, _ := tcp.Met(tcp.Cells[3]); !met {
		t.Errorf("tcp go-go: 1.05 should meet the latency goal")
	}

	var md, svg bytes.Buffer
	WriteMarkdown(&md, sum, Meta{})
	for _, want := range []string{"| pipe | 4KiB | 3072 | 2560 | **0.75 [0.50, 1.00]** ✗ |", "0.75 [0.50, 1.00]", ": met (go-c 50.0M", "BenchmarkLatency/signals/c-go",
		"| throughput | pipe | 4KiB | 1.500 | — | — | 0.250 | 0.750 | 3.00 |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	WriteSVG(&svg, sum)
	d := xml.NewDecoder(&svg)
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Errorf("chart is not well-formed XML: %v", err)
			}
			break
		}
	}
}

// A Go pass is compared with its anchor only when both ran with the CPUs
// placed alike; the passes left out are counted, and a -blocking row has
// no goal.
func TestSameState(t *testing.T) {
	const out = `BenchmarkThroughput/pipe/size=4KiB/c-c-2    100  800 ns/op  70 c2c-end-ns  60 c2c-start-ns  0.5 idle/op
BenchmarkThroughput/pipe/size=4KiB/c-go-2   100 2800 ns/op 390 c2c-end-ns 380 c2c-start-ns
BenchmarkThroughput/pipe-blocking/size=4KiB/c-c-2  100 800 ns/op
BenchmarkThroughput/pipe-blocking/size=4KiB/c-go-2 100 1000 ns/op
BenchmarkThroughput/pipe/size=4KiB/c-c-2    100 2800 ns/op 400 c2c-end-ns 360 c2c-start-ns
BenchmarkThroughput/pipe/size=4KiB/c-go-2   100 2900 ns/op 370 c2c-end-ns 410 c2c-start-ns
BenchmarkThroughput/pipe/size=4KiB/c-c-2    100  800 ns/op  70 c2c-end-ns  60 c2c-start-ns
BenchmarkThroughput/pipe/size=4KiB/c-go-2   100  900 ns/op 380 c2c-end-ns  65 c2c-start-ns
`
	res, err := Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	sum := Summarize(res)
	pipe := sum.Rows[Throughput][0]
	if c := pipe.Cells[1]; c.Passes != 1 || c.Apart != 2 || math.Abs(c.Ratio-2800.0/2900) > 1e-9 {
		t.Errorf("pipe c-go: have ratio %v over %d passes, %d apart; want 2800/2900 over 1, 2 apart", c.Ratio, c.Passes, c.Apart)
	}
	if len(sum.Probes) != 12 || slices.Min(sum.Probes) != 60 || slices.Max(sum.Probes) != 410 {
		t.Errorf("probes: have %v", sum.Probes)
	}
	blocking := sum.Rows[Throughput][1]
	if !blocking.Blocking() || blocking.Bulk() {
		t.Errorf("%s: Blocking %v, Bulk %v; want a row without a goal", blocking.Mech, blocking.Blocking(), blocking.Bulk())
	}
	if _, ok := blocking.Met(blocking.Cells[1]); ok {
		t.Errorf("a -blocking row has a goal")
	}
	var md bytes.Buffer
	WriteMarkdown(&md, sum, Meta{})
	for _, want := range []string{"0.97 [0.97, 0.97] (1 of 3) ✓", "core round trip 60–410 ns over 12 probes; 2 of 4 Go passes compared, 2 left out",
		"| throughput | pipe | 4KiB | 0.500 | — | — | — |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

// TestPinning: the bench's "pin:" lines reach the report, and passes that
// placed the peers differently are said to.
func TestPinning(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"pin: 0,1\n" + sample + "pin: 0,1\n", "the first role on CPU 0, the second on CPU 1"},
		{"pin: off\n" + sample, "ran unbound"},
		{"pin: 0,1\npin: off\n" + sample, "placed the peers differently (pin: 0,1; off)"},
		{sample, "not recorded"},
	} {
		res, err := Parse(strings.NewReader(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		var md bytes.Buffer
		WriteMarkdown(&md, Summarize(res), Meta{Count: 2})
		if !strings.Contains(md.String(), tc.want) {
			t.Errorf("pins %q: the report does not say %q", res.Pins, tc.want)
		}
	}
}

// TestMissEvidence: a missed goal is stated with its passes' range and
// the processor time of each Go side in the pairing against C's in the
// same role, the Go side measured facing a C peer.
func TestMissEvidence(t *testing.T) {
	r := Row{Kind: Throughput, Mech: "fifo", Size: "64KiB", Bytes: 64 << 10, Cells: [4]Cell{
		{Present: true, CPU: [2]float64{1000, 2000}},                                          // c-c
		{Present: true, CPU: [2]float64{1000, 2200}},                                          // c-go: second side 1.10
		{Present: true, CPU: [2]float64{900, 2000}},                                           // go-c: first side 0.90
		{Present: true, CPU: [2]float64{5000, 5000}, Ratio: 0.9, Lo: 0.7, Hi: 1.1, Passes: 5}, // go-go
	}}
	for p, want := range map[int]string{
		3: "0.90, passes 0.70–1.10; Go's processor time per operation against C's: first side 0.90, second side 1.10",
		2: "0.00; Go's processor time per operation against C's: first side 0.90",
		1: "0.00; Go's processor time per operation against C's: second side 1.10",
	} {
		if have := missEvidence(r, p); have != want {
			t.Errorf("%s: have %q\nwant %q", pairNames[p], have, want)
		}
	}
}

// TestGoalsNoise: a missed goal that some pass met is told apart from one
// every pass missed.
func TestGoalsNoise(t *testing.T) {
	row := Row{Kind: Throughput, Mech: "pipe", Size: "4KiB", Bytes: 4096, Cells: [4]Cell{
		{Present: true},
		{Present: true, Ratio: 0.93, Lo: 0.90, Hi: 1.00, Passes: 5}, // c-go: a pass met it
		{Present: true, Ratio: 0.85, Lo: 0.80, Hi: 0.90, Passes: 5}, // go-c: every pass missed
		{Present: true, Ratio: 0.99, Lo: 0.95, Hi: 1.02, Passes: 5}, // go-go: met
	}}
	lat := Row{Kind: Latency, Mech: "tcp", Cells: [4]Cell{
		{Present: true},
		{Present: true, Ratio: 1.20, Lo: 1.05, Hi: 1.30, Passes: 3}, // a pass met it
		{Present: true, Ratio: 1.00, Lo: 0.90, Hi: 1.05, Passes: 3},
		{Present: true, Ratio: 1.30, Lo: 1.20, Hi: 1.40, Passes: 3}, // every pass missed
	}}
	got := strings.Join(goals(&Summary{Rows: map[string][]Row{Throughput: {row}, Latency: {lat}}}), "\n")
	for _, want := range []string{
		"met by 1 of 3 pairings",
		"1 of the 2 had a pass that met the goal; missed in every pass: pipe 4KiB go-c (5 of 5)",
		"1 of the 2 had a pass that met the goal; missed in every pass: tcp go-go (3 of 3)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("goals do not say %q:\n%s", want, got)
		}
	}
}
