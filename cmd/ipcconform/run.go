package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/harness"
	"github.com/ipcconform/ipcconform/harness/arch"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

const maxTestOutput = 64 << 10 // kept of one test's output, for reasons and JUnit

// maxConsoleNamed is how many failures the console's summary names; the
// reports name them all.
const maxConsoleNamed = 40

const reportFiles = "conformance.html, conformance.md, conformance.json, junit.xml"

func runMain(args []string) int {
	fs := flag.NewFlagSet("ipcconform", flag.ContinueOnError)
	archsFlag := fs.String("archs", "installed", "architectures to run every role on: GOARCH list, installed (all usable), or host")
	mixedFlag := fs.String("mixed", defaultMixed, "architectures to pair one role at a time with the host")
	shard := fs.String("shard", os.Getenv("SHARD"), "run part i of n of the matrix (i/n; also $SHARD)")
	scenario := fs.String("scenario", "", "run only scenarios matching this regexp")
	out := fs.String("out", "report", "directory for the reports: "+reportFiles)
	install := fs.Bool("install", true, "install missing cross compilers and qemu-user with apt-get when running as root")
	parallel := fs.Int("parallel", harness.MaxParallel(), "the most cells run at once: beyond one per processor, another starts while a processor is idle ($"+harness.GateEnv+"=off: -parallel alone)")
	cellsOnly := fs.Bool("cells-only", false, "run the matrix's cells alone, not the fixtures, the peer-build check or the other tests (for a run after go test ./..., which has them); the expected-failure lists are still checked")
	qemu := fs.String("qemu", os.Getenv(arch.QemuEnv), "the qemu-user that runs other architectures: system (the one on PATH), a version toolchains -qemu unpacked (10), or a folder (also $"+arch.QemuEnv+")")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// The runner is chosen before anything asks it for its version: the
	// toolchains check, the report's runners and go test all see it.
	os.Setenv(arch.QemuEnv, *qemu)
	if fs.NArg() != 0 {
		return usageExit(fs, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	wanted, err := arch.ParseList(*archsFlag)
	if err != nil {
		return usageExit(fs, err)
	}
	mixed, err := arch.ParseList(*mixedFlag)
	if err != nil {
		return usageExit(fs, err)
	}
	opts := harness.MatrixOptions{Shards: 1}
	if *shard != "" {
		if opts.Shard, opts.Shards, err = harness.ParseShard(*shard); err != nil {
			return usageExit(fs, err)
		}
	}
	var scRe *regexp.Regexp
	if *scenario != "" {
		if scRe, err = regexp.Compile(*scenario); err != nil {
			return usageExit(fs, err)
		}
	}
	suite, err := openConfig()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		return 1
	}
	root := suite.Config.Root

	// Architectures without their tools are left out, each with the reason.
	usable, leftOut := ensureToolchains(union(wanted, mixed), *install)
	opts.Archs = intersect(wanted, usable)
	opts.Mixed = intersect(mixed, usable)
	if !containsArch(opts.Archs, arch.Host()) {
		opts.Archs = append([]arch.Arch{arch.Host()}, opts.Archs...)
	}

	scs, err := suite.Scenarios()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		return 1
	}
	if scRe != nil {
		var keep []harness.Scenario
		for _, sc := range scs {
			if scRe.MatchString(sc.Name) {
				keep = append(keep, sc)
			}
		}
		scs = keep
	}
	cells := harness.Cells(scs, opts)
	rep := newReport(opts)
	rep.Filter = *scenario
	rep.NotGenerated = append(leftOut, harness.NotInMatrix(scs, opts)...)
	for _, c := range cells {
		rep.addCell(c)
	}
	xfails, err := suite.XFails()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		return 1
	}

	runPattern := "^(TestScenarios|TestFixtures|TestPeersBuild)$"
	if opts.Shard != 0 {
		runPattern = "^TestScenarios$" // fixtures and builds: the first shard's
	}
	if *cellsOnly {
		runPattern = "^TestScenarios$"
	}
	if scRe != nil {
		runPattern = "^TestScenarios$/" + *scenario
	}
	goArgs := []string{"test", "-json", "-count=1", "-timeout=60m", fmt.Sprintf("-parallel=%d", *parallel), "-run", runPattern, "."}
	if scRe == nil && opts.Shard == 0 && !*cellsOnly {
		// The harness's own tests and the layout checks run once, in the
		// first shard.
		goArgs = append(goArgs[:len(goArgs)-3], "./...")
	}
	cmd := exec.Command("go", goArgs...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"IPCCONFORM_ARCHS="+names(opts.Archs),
		"IPCCONFORM_MIXED="+names(opts.Mixed),
		fmt.Sprintf("IPCCONFORM_SHARD=%d/%d", opts.Shard, opts.Shards),
	)
	if scRe != nil {
		cmd.Env = append(cmd.Env, harness.ScenarioEnv+"="+*scenario)
	}
	// The last run's report orders the scenarios, longest first, and
	// weighs the cells in the estimate of the time left.
	if prev := filepath.Join(*out, "conformance.json"); fileExists(prev) {
		if abs, err := filepath.Abs(prev); err == nil {
			cmd.Env = append(cmd.Env, harness.TimingsEnv+"="+abs)
			rep.prev, _ = harness.LoadCellTimings(abs)
		}
	}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		return 1
	}
	start := time.Now()
	fmt.Fprintf(os.Stderr, "ipcconform: %d cells (%d scenarios; archs %s; mixed %s; shard %d/%d)\n",
		len(cells), len(scs), names(opts.Archs), names(opts.Mixed), opts.Shard, opts.Shards)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		return 1
	}
	rep.consume(stdout, os.Stderr)
	waitErr := cmd.Wait()
	rep.Elapsed = time.Since(start).Round(time.Millisecond).String()
	if opts.Shards == 1 && scRe == nil {
		rep.checkStale(xfails, opts)
	}
	rep.accept = suite.Config.Accept
	if fixtures, err := harness.LoadFixtures(suite.Config); err == nil && !*cellsOnly {
		rep.fixtureScenario = map[string]string{}
		for _, f := range fixtures {
			rep.fixtureScenario[f.Name] = f.Scenario
		}
	}
	rep.finish()
	if err := rep.write(*out); err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		return 1
	}
	// The console ends with the summary: what a CI log's tail shows.
	fmt.Print(rep.summary(maxConsoleNamed))
	fmt.Printf("reports in %s: %s\n", *out, reportFiles)
	if waitErr != nil && !rep.failed() {
		// go test failed for a reason no test shows (a build error).
		fmt.Fprintf(os.Stderr, "ipcconform: go test: %v\n", waitErr)
		return 1
	}
	if rep.failed() {
		return 1
	}
	return 0
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openConfig loads the configuration file at or above the working
// directory.
func openConfig() (*harness.Suite, error) {
	path, err := harness.FindConfig(".")
	if err != nil {
		return nil, err
	}
	return harness.OpenFile(path)
}

// consume reads go test's JSON events, records each result, and shows
// progress on w.
func (r *Report) consume(rd io.Reader, w io.Writer) {
	var first time.Time   // when the first cell ended: builds come before it
	var started time.Time // when the first cell started
	outputs := map[string]*strings.Builder{}
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue // not an event: go test's own diagnostics
		}
		key := ev.Package + " " + ev.Test
		switch ev.Action {
		case "output":
			b := outputs[key]
			if b == nil {
				b = &strings.Builder{}
				outputs[key] = b
			}
			if b.Len() < maxTestOutput {
				b.WriteString(ev.Output)
			}
			if ev.Test == "" && strings.HasPrefix(ev.Output, "FAIL") && strings.Contains(ev.Output, "[build failed]") {
				r.Tests = append(r.Tests, TestResult{Package: ev.Package, Test: "(build)", Result: "fail", Reason: strings.TrimSpace(ev.Output)})
			}
		case "run":
			if name, ok := strings.CutPrefix(ev.Test, "TestScenarios/"); ok && !strings.Contains(name, "/") {
				if started.IsZero() {
					started = time.Now()
				}
				fmt.Fprintf(w, "[%4d/%d] running %s\n", r.done, len(r.Cells), name)
			}
		case "pass", "fail", "skip":
			if ev.Test == "" {
				continue
			}
			var log string
			if b := outputs[key]; b != nil {
				log = b.String()
			}
			delete(outputs, key)
			if c := r.recordCell(ev.Test, ev.Action, log, ev.Elapsed); c != nil {
				r.done++
				if r.done == 1 {
					first = time.Now()
				}
				fmt.Fprintf(w, "[%4d/%d%s] %-5s %s (%.2fs)\n", r.done, len(r.Cells), r.eta(time.Since(first), time.Since(started)), c.Result, c.Scenario+"/"+c.Pairing, ev.Elapsed)
				continue
			}
			r.recordTest(ev.Package, ev.Test, ev.Action, log)
		}
	}
}

// eta estimates the time left, once enough cells are done to tell. With
// an earlier run's cell times (prev) it measures the work by them: the
// work left, at the rate this run has done work since its first cell
// started. The matrix starts its longest cells first, so counting cells
// would at first take every cell left for a long one; and a cell's own
// time depends on how many share the processors with it, so this run's
// times are not set against the earlier run's. Without them it counts
// cells, at their rate since the first ended (builds come before it).
func (r *Report) eta(sinceFirst, sinceStart time.Duration) string {
	if r.done < 10 || r.done >= len(r.Cells) {
		return ""
	}
	left := sinceFirst * time.Duration(len(r.Cells)-r.done) / time.Duration(r.done-1)
	if len(r.prev) > 0 {
		var known float64
		for _, s := range r.prev {
			known += s
		}
		mean := known / float64(len(r.prev))
		var done, todo float64
		for _, c := range r.Cells {
			s, ok := r.prev[c.Scenario+"/"+c.Pairing]
			if !ok {
				s = mean
			}
			if c.Result == "notrun" {
				todo += s
			} else {
				done += s
			}
		}
		if done > 0 {
			left = time.Duration(todo / done * float64(sinceStart))
		}
	}
	return fmt.Sprintf(", ~%s left", left.Round(time.Second))
}

func union(a, b []arch.Arch) []arch.Arch {
	out := append([]arch.Arch(nil), a...)
	for _, x := range b {
		if !containsArch(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func intersect(a, b []arch.Arch) []arch.Arch {
	var out []arch.Arch
	for _, x := range a {
		if containsArch(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func containsArch(as []arch.Arch, a arch.Arch) bool {
	for _, x := range as {
		if x.GOARCH == a.GOARCH {
			return true
		}
	}
	return false
}

func names(as []arch.Arch) string {
	var out []string
	for _, a := range as {
		out = append(out, a.GOARCH)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
