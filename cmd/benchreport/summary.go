package main

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Result is what go test printed: each benchmark's samples in the order
// they came, and the benchmarks that failed.
type Result struct {
	Samples map[string][]Sample
	Order   []string // benchmark names, first seen first
	Failed  []string
	// Pins are the bench's "pin:" configuration lines, one per pass:
	// the first role's CPU and the second's ("0,1"), or "off".
	Pins []string
}

// Sample is one result line of a benchmark.
type Sample struct {
	NsPerOp float64
	Metrics map[string]float64 // unit -> value: "MB/s", "items/s", "msgs/s"
}

var (
	benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+([0-9.e+]+) ns/op((?:\s+[0-9.e+]+ \S+)*)\s*$`)
	metric    = regexp.MustCompile(`([0-9.e+]+) (\S+)`)
	failLine  = regexp.MustCompile(`^\s*--- FAIL: (Benchmark\S+)`)
	pinLine   = regexp.MustCompile(`^pin: (\S+)\s*$`)
)

// Parse reads go test -bench output. The k-th sample of a benchmark
// belongs to the k-th pass, whether passes were separate runs or one run
// with -count.
func Parse(r io.Reader) (*Result, error) {
	res := &Result{Samples: map[string][]Sample{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := failLine.FindStringSubmatch(line); m != nil {
			if !slices.Contains(res.Failed, m[1]) {
				res.Failed = append(res.Failed, m[1])
			}
			continue
		}
		if m := pinLine.FindStringSubmatch(line); m != nil {
			res.Pins = append(res.Pins, m[1])
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			continue
		}
		s := Sample{NsPerOp: ns, Metrics: map[string]float64{}}
		for _, mm := range metric.FindAllStringSubmatch(m[4], -1) {
			if v, err := strconv.ParseFloat(mm[1], 64); err == nil {
				s.Metrics[mm[2]] = v
			}
		}
		name := m[1]
		if _, ok := res.Samples[name]; !ok {
			res.Order = append(res.Order, name)
		}
		res.Samples[name] = append(res.Samples[name], s)
	}
	return res, sc.Err()
}

// The pairings in table order: the anchor, then the three with Go.
var pairNames = []string{"c-c", "c-go", "go-c", "go-go"}

// Kinds of benchmark, in report order.
const (
	Throughput = "Throughput"
	Rate       = "Rate"
	Latency    = "Latency"
)

// Goals of issue 8: Go reaches this share of C's bulk throughput, at most
// this multiple of C's round-trip latency, and moves this many 64-byte
// ring items a second between C and Go.
const (
	ThroughputGoal = 0.95
	LatencyGoal    = 1.10
	ItemsGoal      = 10e6
)

// Cell is one pairing's figures for one row.
type Cell struct {
	Present bool
	Value   float64 // median: bytes/s (throughput), messages/s (rate), ns (latency)
	Items   float64 // median items/s, when reported
	// CPU is the median processor time per operation of each side, first
	// and second role, in ns (user and system).
	CPU [2]float64
	// CPULo and CPUHi are each side's cheapest and dearest pass.
	CPULo, CPUHi [2]float64
	// CSW is the median context switches per operation of each side,
	// every thread's, voluntary and involuntary.
	CSW [2]float64
	// Idle is the median times a CPU went idle per operation, machine-wide;
	// -1 when the run did not report it.
	Idle   float64
	Ratio  float64 // median over passes of the pass's ratio to C-C; NaN-free: 0 when unknown
	Lo, Hi float64 // the smallest and largest pass ratio
	Passes int     // passes the ratio is made of
	// Apart is the passes left out of the ratio because they and their
	// anchor did not run in the same machine state (SameState).
	Apart int
}

// Row is one mechanism at one size.
type Row struct {
	Kind, Mech, Size string
	Bytes            int64
	Cells            [4]Cell // by pairNames
	// Ceiling is memcpy's bandwidth over C-C's, for the shared-memory
	// rows: how far above C's figure a copy-bound ring could go.
	Ceiling float64
	Memcpy  float64 // memcpy bytes/s at this size, for the shared-memory rows
}

// Summary is every row, by kind, and memcpy's bandwidth by size.
type Summary struct {
	Rows   map[string][]Row
	Memcpy map[string]float64 // size -> bytes/s
	Failed []string
	Passes int
	Probes []float64 // every core round trip the run reported, ns
	Pins   []string  // where each pass ran its peers (Result.Pins)
}

// SizeLabel is r's size as the tables show it: "—" for none.
func (r Row) SizeLabel() string {
	if r.Size == "" {
		return "—"
	}
	return r.Size
}

// Bulk reports whether r is a bulk transfer row, the kind the throughput
// goal is about (the 64-byte ring row is the items goal's; a -blocking
// row is a comparison, see Blocking).
func (r Row) Bulk() bool { return r.Kind == Throughput && r.Bytes >= 1024 && !r.Blocking() }

// Blocking reports whether r's Go sides ran with -blocking: plain blocking
// unix.Read and unix.Write, beside the row of the same mechanism whose Go
// sides take the non-blocking fast path.
func (r Row) Blocking() bool { return strings.HasSuffix(r.Mech, "-blocking") }

// StateSpread is how far apart two core round trips (bench's
// coreRoundTrip, reported as c2c-start-ns and c2c-end-ns) may be for the
// CPUs to count as placed alike. On a virtual machine the host moves the
// virtual CPUs between cores that share a cache and cores far apart; every
// transfer between two processes then costs several times more, C's and
// Go's alike (on a 2-CPU AMD EPYC guest, 48–100 ns against 340–1020 ns,
// and 4 KiB pipe transfers 0.8 µs against 2.8 µs). The two states are
// three times or more apart; a state's own jitter stays within that.
const StateSpread = 3.0

// SameState reports whether two passes ran with the CPUs placed alike:
// each pass's probes, before and after, within StateSpread of one another,
// and of the other pass's. A pass without probes (older output) counts as
// alike.
func SameState(a, b Sample) bool {
	probes := append(a.Probes(), b.Probes()...)
	return len(probes) == 0 || slices.Max(probes) <= StateSpread*slices.Min(probes)
}

// Probes are the sample's core round trips, before and after its run, in
// ns: none in older output, and none the bench could not measure (0).
func (s Sample) Probes() []float64 {
	var out []float64
	for _, unit := range []string{"c2c-start-ns", "c2c-end-ns"} {
		if v := s.Metrics[unit]; v > 0 {
			out = append(out, v)
		}
	}
	return out
}

// Summarize turns samples into rows: medians of figures, and medians of
// each pass's ratio to the C-C anchor of the same pass.
func Summarize(res *Result) *Summary {
	sum := &Summary{Rows: map[string][]Row{}, Memcpy: map[string]float64{}, Failed: res.Failed, Pins: res.Pins}
	index := map[string]bool{} // kind/mech/size seen
	for _, name := range res.Order {
		parts := strings.Split(strings.TrimPrefix(name, "Benchmark"), "/")
		if len(parts) == 2 && parts[0] == "Memcpy" {
			size := strings.TrimPrefix(parts[1], "size=")
			var v []float64
			for _, s := range res.Samples[name] {
				v = append(v, float64(sizeBytes(size))*1e9/s.NsPerOp)
			}
			sum.Memcpy[size] = median(v)
			continue
		}
		if len(parts) < 3 {
			continue
		}
		kind, mech := parts[0], parts[1]
		size := ""
		if len(parts) == 4 {
			size = strings.TrimPrefix(parts[2], "size=")
		}
		key := kind + "/" + mech + "/" + size
		if !index[key] {
			index[key] = true
			sum.Rows[kind] = append(sum.Rows[kind], Row{Kind: kind, Mech: mech, Size: size, Bytes: sizeBytes(size)})
		}
	}
	for kind, rows := range sum.Rows {
		for i := range rows {
			r := &rows[i]
			prefix := "Benchmark" + kind + "/" + r.Mech + "/"
			if r.Size != "" {
				prefix += "size=" + r.Size + "/"
			}
			anchor := res.Samples[prefix+"c-c"]
			for j, p := range pairNames {
				samples := res.Samples[prefix+p]
				if len(samples) == 0 {
					continue
				}
				c := &r.Cells[j]
				c.Present = true
				var vals, items, ratios []float64
				var cpu, csw [2][]float64
				var idle []float64
				for k, s := range samples {
					vals = append(vals, r.value(s.NsPerOp))
					if v, ok := s.Metrics["items/s"]; ok {
						items = append(items, v)
					}
					if v, ok := s.Metrics["idle/op"]; ok {
						idle = append(idle, v)
					}
					for side, role := range []string{"first", "second"} {
						if v, ok := s.Metrics[role+"-cpu-ns/op"]; ok {
							cpu[side] = append(cpu[side], v)
						}
						if v, ok := s.Metrics[role+"-csw/op"]; ok {
							csw[side] = append(csw[side], v)
						}
					}
					if k < len(anchor) {
						if !SameState(anchor[k], s) {
							c.Apart++
							continue
						}
						ratios = append(ratios, r.ratio(anchor[k].NsPerOp, s.NsPerOp))
					}
				}
				c.Value = median(vals)
				c.Items = median(items)
				c.CPU = [2]float64{median(cpu[0]), median(cpu[1])}
				for side := range cpu {
					if len(cpu[side]) > 0 {
						c.CPULo[side], c.CPUHi[side] = slices.Min(cpu[side]), slices.Max(cpu[side])
					}
				}
				c.CSW = [2]float64{median(csw[0]), median(csw[1])}
				c.Idle = -1
				if len(idle) > 0 {
					c.Idle = median(idle)
				}
				c.Passes = len(ratios)
				if len(ratios) > 0 {
					c.Ratio = median(ratios)
					c.Lo, c.Hi = slices.Min(ratios), slices.Max(ratios)
				}
			}
			if m, ok := sum.Memcpy[r.Size]; ok && r.Kind == Throughput && (r.Mech == "shm" || r.Mech == "mmap") {
				r.Memcpy = m
				if r.Cells[0].Value > 0 {
					r.Ceiling = m / r.Cells[0].Value
				}
			}
		}
	}
	for _, name := range res.Order {
		samples := res.Samples[name]
		sum.Passes = max(sum.Passes, len(samples))
		for _, s := range samples {
			sum.Probes = append(sum.Probes, s.Probes()...)
		}
	}
	return sum
}

// value is a row's figure for a time per operation.
func (r Row) value(ns float64) float64 {
	switch r.Kind {
	case Throughput:
		return float64(r.Bytes) * 1e9 / ns
	case Rate:
		return 1e9 / ns
	}
	return ns
}

// ratio is Go's figure relative to C's, for one pass: throughput and rate
// as Go's over C's (higher is better), latency as Go's time over C's
// (lower is better).
func (r Row) ratio(cc, goNs float64) float64 {
	if r.Kind == Latency {
		return goNs / cc
	}
	return cc / goNs
}

// Met says whether a Go pairing's ratio meets the row's goal, and whether
// the row has one.
func (r Row) Met(c Cell) (met, hasGoal bool) {
	switch {
	case r.Bulk():
		return c.Ratio >= ThroughputGoal, true
	case r.Kind == Latency:
		return c.Ratio <= LatencyGoal, true
	}
	return false, false
}

// MissedEveryPass reports whether every pass that made c's ratio missed
// r's goal: a miss that no pass's noise reaches back from.
func (r Row) MissedEveryPass(c Cell) bool {
	switch {
	case c.Passes == 0:
		return false
	case r.Bulk():
		return c.Hi < ThroughputGoal
	case r.Kind == Latency:
		return c.Lo > LatencyGoal
	}
	return false
}

func sizeBytes(s string) int64 {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "KiB"):
		mult, s = 1<<10, strings.TrimSuffix(s, "KiB")
	case strings.HasSuffix(s, "MiB"):
		mult, s = 1<<20, strings.TrimSuffix(s, "MiB")
	default:
		s = strings.TrimSuffix(s, "B")
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n * mult
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
