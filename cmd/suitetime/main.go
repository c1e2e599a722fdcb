// Command suitetime measures how long the suite takes to run, the way a
// user meets it, and prints a Markdown table:
//
//   - cold: go test -count=1 ./... with an empty peer cache, so every peer
//     of the host is compiled (Go's own build cache is left as it is);
//   - warm: the same again, every peer cached, every test run;
//   - unchanged: go test ./... twice with nothing changed, the second timed:
//     what go test's own cache makes of a run with no change;
//   - with -matrix, the main job over every installed architecture
//     (go run ./cmd/ipcconform -archs installed).
//   - with -baseline commit (and -matrix), the main job of that commit
//     and of this tree, back to back on the same machine, each first with
//     an empty peer cache (cold; toolchains installed) and then again
//     (warm, with the cold run's report folder, whose cell times order
//     the scenarios as in a user's second run): the baseline's in a git
//     worktree removed afterwards. The table ends with new/old ratios;
//     the go test runs are left out. -archs times a slice instead.
//
// Beside each wall time it gives the scenarios' own running time
// (TestScenarios and TestFixtures of the root package, less the peer
// builds they waited on) and the peer builds' compiler calls, and it says
// whether a warm run keeps within 1.5 times the scenarios' own time.
// Timings are reported, never asserted: the machine may be busy.
//
// Usage: go run ./cmd/suitetime [-matrix [-baseline commit]] [-archs list] [-mixed list]; make timings.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

// WarmGoal is the most a warm go test ./... may take, as a multiple of the
// scenarios' own running time.
const WarmGoal = 1.5

// A Run is one timed command.
type Run struct {
	Name      string
	Command   string
	Wall      time.Duration
	Scenarios time.Duration // TestScenarios + TestFixtures, less Build
	Build     time.Duration // peer builds logged by the harness
	Calls     int           // compiler calls of those builds
	Built     int           // peers compiled
	Cached    bool          // go test answered from its cache
	Failed    []string      // the tests that failed, in any package
	Err       error
}

func main() { os.Exit(run()) }

// run does the work of main and returns its exit status, after its
// deferred removals: 0, 1 when a timed run failed, 2 for bad usage or a
// failure of its own.
func run() int {
	matrix := flag.Bool("matrix", false, "also time the main job over every installed architecture")
	baseline := flag.String("baseline", "", "with -matrix: time the main job of this commit too, back to back, cold and warm")
	mixed := flag.String("mixed", "s390x,arm,386", "with -matrix: the architectures run against the host one role at a time")
	archs := flag.String("archs", "installed", "with -matrix: the architectures run with every role (a slice of the matrix: a GOARCH list)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: suitetime [-matrix [-baseline commit]] [-archs list] [-mixed list]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		return 2
	}
	wd, err := os.Getwd()
	if err != nil {
		return fatal(err)
	}
	root, err := harness.FindRoot(wd)
	if err != nil {
		return fatal(err)
	}
	cache, err := os.MkdirTemp("", "suitetime-peers")
	if err != nil {
		return fatal(err)
	}
	defer os.RemoveAll(cache)
	env := append(os.Environ(), "IPCCONFORM_CACHE="+cache)

	var runs []Run
	add := func(r Run) {
		runs = append(runs, r)
		status := "ok"
		if r.Err != nil {
			status = r.Err.Error()
		}
		fmt.Fprintf(os.Stderr, "suitetime: %s: %v (%s)\n", r.Name, r.Wall.Round(time.Millisecond), status)
	}
	if *baseline != "" {
		if !*matrix {
			flag.Usage()
			return 2
		}
		old, cleanup, err := worktree(root, *baseline)
		if err != nil {
			return fatal(err)
		}
		defer cleanup()
		oldCache, err := os.MkdirTemp("", "suitetime-peers-baseline")
		if err != nil {
			return fatal(err)
		}
		defer os.RemoveAll(oldCache)
		oldEnv := append(os.Environ(), "IPCCONFORM_CACHE="+oldCache)
		// Each tree's warm run writes its reports where its cold run did,
		// as a user's second run does.
		oldOut, err := os.MkdirTemp("", "suitetime-report-baseline")
		if err != nil {
			return fatal(err)
		}
		defer os.RemoveAll(oldOut)
		out, err := os.MkdirTemp("", "suitetime-report")
		if err != nil {
			return fatal(err)
		}
		defer os.RemoveAll(out)
		// Interleaved, so that a change in the machine's load between the
		// runs falls on both sides alike.
		for _, phase := range []string{"cold", "warm"} {
			add(matrixRun(old, oldEnv, *archs, *mixed, oldOut, "baseline "+*baseline+" "+phase))
			add(matrixRun(root, env, *archs, *mixed, out, "this tree "+phase))
		}
		Write(os.Stdout, runs)
		WriteRatios(os.Stdout, runs)
		return status(runs)
	}
	add(goTest(root, env, "cold", "-count=1"))
	add(goTest(root, env, "warm", "-count=1"))
	if r := goTest(root, env, "", ""); r.Err != nil {
		r.Name = "unchanged (first run)"
		add(r)
	}
	add(goTest(root, env, "unchanged", ""))
	if *matrix {
		// A fresh report folder: no earlier report orders the scenarios.
		out, err := os.MkdirTemp("", "suitetime-report")
		if err != nil {
			return fatal(err)
		}
		defer os.RemoveAll(out)
		add(matrixRun(root, env, *archs, *mixed, out, "full matrix"))
	}
	Write(os.Stdout, runs)
	return status(runs)
}

func status(runs []Run) int {
	for _, r := range runs {
		if r.Err != nil {
			return 1
		}
	}
	return 0
}

// matrixRun times the main job in the tree at dir, with its reports in
// out: the last report there orders the scenarios, longest first.
func matrixRun(dir string, env []string, archs, mixed, out, name string) Run {
	args := []string{"run", "./cmd/ipcconform", "-archs", archs, "-mixed", mixed}
	r := Run{Name: name, Command: "go " + strings.Join(args, " ")}
	start := time.Now()
	cmd := exec.Command("go", append(args, "-out", out)...)
	cmd.Dir, cmd.Env = dir, env
	var summary, log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &summary, &log
	r.Err = cmd.Run()
	r.Wall = time.Since(start)
	if r.Err != nil {
		// The summary's first line has the counts; without it, the error.
		why := lastLine(log.String())
		if first, _, _ := strings.Cut(summary.String(), "\n"); strings.HasPrefix(first, "FAIL:") {
			why = first
		}
		r.Err = fmt.Errorf("%v: %s", r.Err, why)
	}
	return r
}

// worktree checks commit out into a temporary git worktree of root's
// repository, and returns it with the function that removes it.
func worktree(root, commit string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "suitetime-baseline")
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command("git", "worktree", "add", "--detach", dir, commit)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("git worktree add %s: %v: %s", commit, err, lastLine(string(out)))
	}
	return dir, func() {
		rm := exec.Command("git", "worktree", "remove", "--force", dir)
		rm.Dir = root
		rm.Run()
		os.RemoveAll(dir)
	}, nil
}

// WriteRatios prints this tree's wall time over the baseline's, cold and
// warm, against the goals: warm at most 0.5, cold at most 0.6 of the
// baseline's warm run. A run that failed gives no ratio, only the figure
// its wall time would give, with its failure: it may have stopped early
// (a build), or failed on this machine alone (the baseline's 386 checks
// where the kernel runs no i386 programs).
func WriteRatios(w io.Writer, runs []Run) {
	wall := map[string]time.Duration{}
	failed := map[string]error{}
	for _, r := range runs {
		phase := r.Name[strings.LastIndexByte(r.Name, ' ')+1:]
		side := "new"
		if strings.HasPrefix(r.Name, "baseline ") {
			side = "old"
		}
		wall[side+" "+phase] = r.Wall
		if r.Err != nil {
			failed[side+" "+phase] = r.Err
		}
	}
	ratio := func(a, b string, goal float64) {
		if wall[a] == 0 || wall[b] == 0 {
			fmt.Fprintf(w, "%s / %s: not measured (a run is missing)\n", a, b)
			return
		}
		x := wall[a].Seconds() / wall[b].Seconds()
		for _, side := range []string{a, b} {
			if err := failed[side]; err != nil {
				fmt.Fprintf(w, "%s / %s: not measured: the %s run failed (%v); its wall time would give %.2f\n", a, b, side, err, x)
				return
			}
		}
		verdict := "met"
		if x > goal {
			verdict = "not met"
		}
		fmt.Fprintf(w, "%s / %s: %.2f (goal at most %.1f: %s)\n", a, b, x, goal, verdict)
	}
	fmt.Fprintln(w)
	ratio("new warm", "old warm", 0.5)
	ratio("new cold", "old warm", 0.6)
	ratio("new cold", "old cold", 0.6)
}

// goTest times go test ./... with the extra flag, if any.
func goTest(root string, env []string, name, extra string) Run {
	args := []string{"test", "-json"}
	if extra != "" {
		args = append(args, extra)
	}
	args = append(args, "./...")
	r := Run{Name: name, Command: "go test " + strings.TrimSpace(extra+" ./...")}
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = root, env
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	start := time.Now()
	err := cmd.Run()
	r.Wall = time.Since(start)
	scan(&r, out.Bytes())
	if err != nil {
		var failed strings.Builder
		for _, t := range r.Failed {
			fmt.Fprintf(&failed, "FAIL %s; ", t)
		}
		r.Err = fmt.Errorf("%v: %s%s", err, failed.String(), lastLine(stderr.String()))
	}
	return r
}

// event is the part of go test -json's output read here.
type event struct {
	Time    time.Time
	Action  string
	Package string
	Test    string
	Output  string
}

const rootPackage = "github.com/ipcconform/ipcconform"

var buildLog = regexp.MustCompile(`peers for \S+: (?:(\d+) built \(\d+ failed\) in (\d+) compiler calls, \d+ cached|\d+ cached, nothing rebuilt) \(([^)]+)\)`)

// scan reads the scenarios' time, the peer builds and the failed tests
// from go test -json.
func scan(r *Run, out []byte) {
	// A parent test's Elapsed leaves out its parallel subtests, so the
	// scenarios' time runs from each test's start event to its end event.
	var scenarios time.Duration
	started := map[string]time.Time{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		if ev.Action == "fail" && ev.Test != "" {
			r.Failed = append(r.Failed, ev.Test)
		}
		if ev.Package != rootPackage {
			continue
		}
		switch {
		case ev.Action == "output" && ev.Test == "" && strings.Contains(ev.Output, "(cached)"):
			r.Cached = true
		case ev.Action == "output":
			if m := buildLog.FindStringSubmatch(ev.Output); m != nil {
				built, _ := strconv.Atoi(m[1])
				calls, _ := strconv.Atoi(m[2])
				d, _ := time.ParseDuration(m[3])
				r.Built += built
				r.Calls += calls
				r.Build += d
			}
		case ev.Test == "TestScenarios" || ev.Test == "TestFixtures":
			switch ev.Action {
			case "run":
				started[ev.Test] = ev.Time
			case "pass", "fail":
				if t, ok := started[ev.Test]; ok {
					scenarios += ev.Time.Sub(t)
				}
			}
		}
	}
	r.Scenarios = max(scenarios-r.Build, 0)
	if r.Cached {
		// go test replayed the saved output: the events' times are the
		// replay's, not the scenarios', and the peer builds it logs were
		// an earlier run's.
		r.Scenarios, r.Built, r.Calls, r.Build = 0, 0, 0, 0
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// Write prints the table of runs and the warm run's verdict.
func Write(w io.Writer, runs []Run) {
	fmt.Fprintf(w, "| run | command | wall | scenarios' own time | wall / scenarios | peers compiled | compiler calls | peer builds |\n")
	fmt.Fprintf(w, "|---|---|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range runs {
		scen, ratio := "—", "—"
		if r.Scenarios > 0 {
			scen = seconds(r.Scenarios)
			ratio = fmt.Sprintf("%.2f", r.Wall.Seconds()/r.Scenarios.Seconds())
		}
		wall := seconds(r.Wall)
		if r.Cached {
			wall += " (go test's cache)"
		}
		if r.Err != nil {
			wall += " (failed)"
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %d | %d | %s |\n", r.Name, r.Command, wall, scen, ratio, r.Built, r.Calls, seconds(r.Build))
	}
	var warm time.Duration
	for _, r := range runs {
		if r.Name != "warm" || r.Scenarios == 0 {
			continue
		}
		warm = r.Scenarios
		ratio := r.Wall.Seconds() / r.Scenarios.Seconds()
		verdict := "met"
		if ratio > WarmGoal {
			verdict = "not met"
		}
		fmt.Fprintf(w, "\nWarm go test ./... within %.1f× the scenarios' own time: %s (%.2f×).\n", WarmGoal, verdict, ratio)
	}
	for _, r := range runs {
		if r.Name != "unchanged" || warm == 0 {
			continue
		}
		fmt.Fprintf(w, "With nothing changed, go test ./... took %.2f× the scenarios' own time in the warm run.\n", r.Wall.Seconds()/warm.Seconds())
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

func fatal(err error) int {
	fmt.Fprintf(os.Stderr, "suitetime: %v\n", err)
	return 2
}
