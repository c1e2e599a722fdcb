package main

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/harness"
	"github.com/ipcconform/ipcconform/harness/arch"
)

// Report is the conformance report: every cell of the matrix, every
// must-fail fixture, and every other test, with results and reasons.
type Report struct {
	Generated string   `json:"generated"`
	Host      string   `json:"host"`
	Archs     []string `json:"archs"`
	Mixed     []string `json:"mixed"`
	Shard     string   `json:"shard"`
	Filter    string   `json:"filter,omitempty"` // -scenario: the run covered only these`
	// NotGenerated says which cells the matrix leaves out and why (C
	// peers on an architecture without a C compiler): what the run did
	// not check, though no cell says so.
	NotGenerated []string     `json:"notGenerated,omitempty"`
	Elapsed      string       `json:"elapsed"`
	Cells        []CellResult `json:"cells"`
	Fixtures     []TestResult `json:"fixtures"`
	Tests        []TestResult `json:"tests"`
	Totals       Totals       `json:"totals"`

	index map[string]int // test name -> index in Cells
	done  int
	// prev holds an earlier run's seconds by scenario/pairing, for the
	// estimate of the time left.
	prev   map[string]float64
	accept []harness.Accepted // the configuration's accepted gaps
	// fixtureScenario maps a fixture's name to its scenario.
	fixtureScenario map[string]string
}

// CellResult is the outcome of one cell.
type CellResult struct {
	Scenario  string            `json:"scenario"`
	Pairing   string            `json:"pairing"`   // server=c@s390x,client=go
	Impls     string            `json:"impls"`     // c-go
	ArchGroup string            `json:"archGroup"` // s390x/amd64
	Roles     map[string]string `json:"roles"`     // role -> impl@arch
	Runners   map[string]string `json:"runners"`   // arch -> what runs it: native, qemu-7.2.22
	Result    string            `json:"result"`    // pass, fail, skip, xfail, or notrun
	Reason    string            `json:"reason,omitempty"`
	Seconds   float64           `json:"seconds"`
	Log       string            `json:"log,omitempty"` // kept for what did not pass

}

// TestResult is the outcome of a test that is not a cell.
type TestResult struct {
	Package string  `json:"package"`
	Test    string  `json:"test"`
	Result  string  `json:"result"`
	Reason  string  `json:"reason,omitempty"`
	Seconds float64 `json:"seconds,omitempty"`
	Log     string  `json:"log,omitempty"` // kept for what did not pass
}

// Totals counts results.
type Totals struct {
	Cells, Pass, Fail, Skip, XFail, NotRun int
	Fixtures, FixturesCaught               int
	TestFailures                           int
	// Unverified counts the skipped cells by reason; Unaccepted those whose
	// reason the configuration does not accept.
	Unverified map[string]int `json:",omitempty"`
	Unaccepted int
}

func newReport(o harness.MatrixOptions) *Report {
	return &Report{
		Generated: time.Now().UTC().Format(time.RFC3339),
		Host:      arch.Host().GOARCH,
		Archs:     strings.Split(names(o.Archs), ","),
		Mixed:     strings.Split(names(o.Mixed), ","),
		Shard:     fmt.Sprintf("%d/%d", o.Shard, o.Shards),
		index:     map[string]int{},
	}
}

func (r *Report) addCell(c harness.Cell) {
	roles, runners := map[string]string{}, map[string]string{}
	for _, b := range c.Pairing {
		roles[b.Role] = string(b.Impl) + "@" + b.Arch.GOARCH
		id, err := b.Arch.RunnerID()
		if err != nil {
			id = "unknown (" + err.Error() + ")"
		}
		runners[b.Arch.GOARCH] = id
	}
	r.index["TestScenarios/"+c.Name()] = len(r.Cells)
	r.Cells = append(r.Cells, CellResult{
		Scenario: c.Scenario.Name, Pairing: c.Pairing.Name(), Impls: harness.Impls(c.Pairing),
		ArchGroup: harness.ArchGroup(c.Pairing), Roles: roles, Runners: runners, Result: "notrun",
	})
}

var (
	failLine = regexp.MustCompile(`(?m)^\s*(?:FAIL: \S*?([^/\s]+:\d+): (.*)|.*\b((?:leak|XPASS|cleanup): .*))$`)
	skipLine = regexp.MustCompile(`(?m)^\s+\S+\.go:\d+: (.*)$`)
	// otherWay is the harness's word on a listed cell that failed, but not
	// as its entry says: the reason, before the script's own FAIL line.
	otherWay = regexp.MustCompile(`(?m)\b(listed as an expected failure .*failed another way.*)$`)
)

// reason picks the line of a test's output that says why it failed or
// skipped.
func reason(action, log string) string {
	switch action {
	case "fail":
		if m := otherWay.FindStringSubmatch(log); m != nil {
			return m[1]
		}
		if m := failLine.FindStringSubmatch(log); m != nil {
			if m[1] != "" {
				return m[1] + ": " + m[2]
			}
			return m[3]
		}
	case "skip":
		if ms := skipLine.FindAllStringSubmatch(log, -1); ms != nil {
			return ms[len(ms)-1][1]
		}
	default:
		return ""
	}
	lines := strings.Split(strings.TrimSpace(log), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func (r *Report) recordCell(test, action, log string, secs float64) *CellResult {
	i, ok := r.index[test]
	if !ok {
		return nil
	}
	c := &r.Cells[i]
	c.Result, c.Reason, c.Seconds, c.Log = action, reason(action, log), secs, log
	if action == "skip" && strings.HasPrefix(c.Reason, "XFAIL: ") {
		c.Result, c.Reason = "xfail", strings.TrimPrefix(c.Reason, "XFAIL: ")
	}
	if action == "pass" {
		c.Log = ""
	}
	return c
}

func (r *Report) recordTest(pkg, test, action, log string) {
	if strings.HasPrefix(test, "TestScenarios") {
		return // a scenario's own subtest: its cells carry the results
	}
	tr := TestResult{Package: pkg, Test: test, Result: action, Reason: reason(action, log)}
	if action != "pass" {
		tr.Log = log
	}
	if strings.HasPrefix(test, "TestFixtures/") && strings.Count(test, "/") == 2 {
		r.Fixtures = append(r.Fixtures, tr)
		return
	}
	if strings.Count(test, "/") == 0 || action == "fail" {
		r.Tests = append(r.Tests, tr)
	}
}

// checkStale fails the run for each expected failure that matched no cell
// the run could have had: the list must not go stale. An entry whose
// pairing puts every role on its architecture needs that architecture run
// with all roles (-archs); one that leaves a role on the host needs it run
// one role at a time (-mixed); "*" needs either.
func (r *Report) checkStale(xs []harness.XFail, o harness.MatrixOptions) {
	all, mixed := map[string]bool{}, map[string]bool{}
	for _, a := range o.Archs {
		all[a.GOARCH] = true
	}
	for _, a := range o.Mixed {
		mixed[a.GOARCH] = true
	}
	for _, x := range xs {
		onArch, onHost := rolesOf(x)
		if !(onArch && all[x.Arch]) && !(onHost && mixed[x.Arch]) {
			continue
		}
		if !x.RunsHere() {
			continue // known on another runner: this run cannot tell
		}
		used := false
		for _, c := range r.Cells {
			if ok, _ := path.Match(x.Pattern, c.Scenario+"/"+c.Pairing); ok && c.Result != "notrun" {
				used = true
				break
			}
		}
		if !used {
			r.Tests = append(r.Tests, TestResult{Package: "testdata/xfail", Test: fmt.Sprintf("%s:%d", filepath.Base(x.File), x.Line),
				Result: "fail", Reason: fmt.Sprintf("stale expected failure %q: it matches no cell; remove it", x.Pattern)})
		}
	}
}

// rolesOf says which cells x's pattern can match: those with every role on
// x.Arch (onArch), and those with a role left on the host (onHost).
func rolesOf(x harness.XFail) (onArch, onHost bool) {
	_, pairing, ok := strings.Cut(x.Pattern, "/")
	if !ok || pairing == "*" {
		return true, true
	}
	for _, role := range strings.Split(pairing, ",") {
		if !strings.HasSuffix(role, "@"+x.Arch) {
			return false, true
		}
	}
	return true, false
}

// fixtureCount is one scenario's must-fail fixtures and how many of their
// cells were caught.
type fixtureCount struct {
	scenario      string
	fixtures      int
	cells, caught int
}

// fixtureCounts counts, for every scenario of the run, its must-fail
// fixtures and the cells of them caught: a scenario without one has 0, so
// that a check nobody proved can fail stands out.
func (r *Report) fixtureCounts() []fixtureCount {
	if r.fixtureScenario == nil {
		return nil
	}
	type count struct {
		fixtures      map[string]bool
		cells, caught int
	}
	by := map[string]*count{}
	for _, c := range r.Cells {
		if by[c.Scenario] == nil {
			by[c.Scenario] = &count{fixtures: map[string]bool{}}
		}
	}
	for _, f := range r.Fixtures {
		parts := strings.SplitN(f.Test, "/", 3)
		sc := r.fixtureScenario[parts[1]]
		if by[sc] == nil {
			by[sc] = &count{fixtures: map[string]bool{}}
		}
		by[sc].fixtures[parts[1]] = true
		by[sc].cells++
		if f.Result == "pass" {
			by[sc].caught++
		}
	}
	out := make([]fixtureCount, 0, len(by))
	for n, c := range by {
		out = append(out, fixtureCount{scenario: n, fixtures: len(c.fixtures), cells: c.cells, caught: c.caught})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].scenario < out[j].scenario })
	return out
}

// fixturesByScenario tables fixtureCounts.
func (r *Report) fixturesByScenario() string {
	counts := r.fixtureCounts()
	if counts == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("## Must-fail fixtures by scenario\n\n| scenario | fixtures | cells caught |\n|---|---|---|\n")
	for _, c := range counts {
		caught := fmt.Sprintf("%d of %d", c.caught, c.cells)
		if c.fixtures == 0 || c.caught < c.cells {
			caught = "**" + caught + "**"
		}
		fmt.Fprintf(&b, "| %s | %d | %s |\n", c.scenario, c.fixtures, caught)
	}
	return b.String() + "\n"
}

// runnersOf says what ran each architecture of an arch group's cells.
func (r *Report) runnersOf(group string) string {
	seen := map[string]bool{}
	var parts []string
	for _, c := range r.Cells {
		if c.ArchGroup != group {
			continue
		}
		for a, id := range c.Runners {
			if !seen[a] {
				seen[a] = true
				parts = append(parts, a+" "+id)
			}
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func (r *Report) finish() {
	t := Totals{Cells: len(r.Cells), Fixtures: len(r.Fixtures)}
	for _, c := range r.Cells {
		switch c.Result {
		case "pass":
			t.Pass++
		case "fail":
			t.Fail++
		case "skip":
			t.Skip++
		case "xfail":
			t.XFail++
		default:
			t.NotRun++
		}
	}
	for _, f := range r.Fixtures {
		if f.Result == "pass" {
			t.FixturesCaught++
		}
	}
	for _, tr := range r.Tests {
		if tr.Result == "fail" {
			t.TestFailures++
		}
	}
	r.Totals = t
	r.countUnverified(r.accept)
}

func (r *Report) failed() bool {
	t := r.Totals
	return t.Fail > 0 || t.NotRun > 0 || t.TestFailures > 0 || t.FixturesCaught < t.Fixtures || t.Unaccepted > 0
}

// countUnverified counts the cells that were skipped, by reason, and
// those the configuration's accepted gaps do not cover: a check that could
// not run is never a pass, and unless accepted, not a green run either.
func (r *Report) countUnverified(accept []harness.Accepted) {
	t := &r.Totals
	t.Unverified, t.Unaccepted = map[string]int{}, 0
	for _, c := range r.Cells {
		if c.Result != "skip" {
			continue
		}
		t.Unverified[c.Reason]++
		ok := false
		for _, a := range accept {
			ok = ok || a.Matches(c.Reason)
		}
		if !ok {
			t.Unaccepted++
		}
	}
}

// unverifiedSummary says what the run did not verify and why, in a few
// lines.
func (r *Report) unverifiedSummary(accept []harness.Accepted) string {
	t := r.Totals
	if len(t.Unverified) == 0 {
		return ""
	}
	reasons := make([]string, 0, len(t.Unverified))
	for reason := range t.Unverified {
		reasons = append(reasons, reason)
	}
	sort.Slice(reasons, func(i, j int) bool { return t.Unverified[reasons[i]] > t.Unverified[reasons[j]] })
	var b strings.Builder
	fmt.Fprintf(&b, "Not verified: %d cells skipped (%d not accepted by the configuration's \"accept\"):\n\n", t.Skip, t.Unaccepted)
	for _, reason := range reasons {
		why := "NOT ACCEPTED"
		for _, a := range accept {
			if a.Matches(reason) {
				why = "accepted: " + a.Why
				break
			}
		}
		fmt.Fprintf(&b, "- %d: %s (%s)\n", t.Unverified[reason], reason, why)
	}
	return b.String() + "\n"
}

// verdictOrder ranks results for listing: what failed first.
var verdictOrder = map[string]int{"fail": 0, "notrun": 1, "xfail": 2, "skip": 3, "pass": 4}

// summary says in a few lines what the run found: the counts, every cell,
// fixture and test that failed, by name and reason (the first maxNamed of
// them), and what was not verified. It ends the console output and leads
// the Markdown report.
func (r *Report) summary(maxNamed int) string {
	var b strings.Builder
	t := r.Totals
	verdict := "PASS"
	if r.failed() {
		verdict = "FAIL"
	}
	fmt.Fprintf(&b, "%s: %d cells: %d pass, %d fail, %d xfail, %d skip, %d not run; fixtures caught %d of %d; other test failures %d; %s\n",
		verdict, t.Cells, t.Pass, t.Fail, t.XFail, t.Skip, t.NotRun, t.FixturesCaught, t.Fixtures, t.TestFailures, r.Elapsed)
	var failures []string
	for _, c := range r.Cells {
		if c.Result == "fail" || c.Result == "notrun" {
			failures = append(failures, fmt.Sprintf("%s %s/%s: %s", strings.ToUpper(c.Result), c.Scenario, c.Pairing, c.Reason))
		}
	}
	for _, f := range r.Fixtures {
		if f.Result != "pass" {
			failures = append(failures, fmt.Sprintf("NOT CAUGHT fixture %s: %s", strings.TrimPrefix(f.Test, "TestFixtures/"), f.Reason))
		}
	}
	for _, tr := range r.Tests {
		if tr.Result == "fail" {
			failures = append(failures, fmt.Sprintf("FAIL %s %s: %s", tr.Package, tr.Test, tr.Reason))
		}
	}
	for i, f := range failures {
		if maxNamed > 0 && i == maxNamed {
			fmt.Fprintf(&b, "- and %d more: see the reports\n", len(failures)-i)
			break
		}
		fmt.Fprintf(&b, "- %s\n", f)
	}
	if t.Unaccepted > 0 {
		fmt.Fprintf(&b, "- %d skipped cells not accepted by the configuration's \"accept\"\n", t.Unaccepted)
	}
	for _, n := range r.NotGenerated {
		fmt.Fprintf(&b, "- not checked: %s\n", n)
	}
	return b.String()
}

// groupOrder lists the arch groups of the cells: all-one-architecture
// groups first, the host's first of all, then the mixed ones.
func (r *Report) groupOrder() []string {
	var order []string
	seen := map[string]bool{}
	for _, c := range r.Cells {
		if !seen[c.ArchGroup] {
			seen[c.ArchGroup] = true
			order = append(order, c.ArchGroup)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		ci, cj := strings.Contains(order[i], "/"), strings.Contains(order[j], "/")
		if ci != cj {
			return !ci
		}
		if (order[i] == r.Host) != (order[j] == r.Host) {
			return order[i] == r.Host
		}
		return order[i] < order[j]
	})
	return order
}

// resultsByGroup counts the cells of each arch group by result.
func (r *Report) resultsByGroup() map[string]map[string]int {
	by := map[string]map[string]int{}
	for _, c := range r.Cells {
		if by[c.ArchGroup] == nil {
			by[c.ArchGroup] = map[string]int{}
		}
		by[c.ArchGroup][c.Result]++
	}
	return by
}

// notPassing lists the cells that did not pass, failures first, each
// verdict's cells in run order.
func (r *Report) notPassing() []CellResult {
	var out []CellResult
	for _, c := range r.Cells {
		if c.Result != "pass" {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return verdictOrder[out[i].Result] < verdictOrder[out[j].Result] })
	return out
}

// markdown renders the report for reading in a terminal or a code
// review: the summary, a line of counts per architecture group, then in
// full only what did not pass. The grid of every cell is the HTML
// report's.
func (r *Report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# ipcconform conformance report\n\n")
	fmt.Fprintf(&b, "host %s; archs %s; mixed %s; shard %s; generated %s\n\n", r.Host, strings.Join(r.Archs, ","), strings.Join(r.Mixed, ","), r.Shard, r.Generated)
	b.WriteString(r.summary(0))
	b.WriteString("\n")
	b.WriteString(r.unverifiedSummary(r.accept))

	counts := r.resultsByGroup()
	b.WriteString("## Architecture groups\n\nA group names each role's architecture in the order of the script's roles (s390x/amd64: the first role on s390x, the second on the host).\n\n")
	b.WriteString("| group | runners | cells | pass | fail | xfail | skip | not run |\n|---|---|---|---|---|---|---|---|\n")
	for _, g := range r.groupOrder() {
		n := counts[g]
		cells := 0
		for _, k := range n {
			cells += k
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %s | %d | %d | %s |\n", g, r.runnersOf(g), cells, n["pass"], bold(n["fail"]), n["xfail"], n["skip"], bold(n["notrun"]))
	}
	b.WriteString("\n")

	if np := r.notPassing(); len(np) > 0 {
		b.WriteString("## Cells that did not pass\n\n")
		for _, c := range np {
			fmt.Fprintf(&b, "- %s `%s/%s` (%s): %s\n", mdMark[c.Result], c.Scenario, c.Pairing, runnersText(c.Runners), c.Reason)
		}
		b.WriteString("\n")
	}
	if len(r.Fixtures) > 0 {
		b.WriteString(r.fixturesByScenario())
		var missed []string
		for _, f := range r.Fixtures {
			if f.Result != "pass" {
				missed = append(missed, fmt.Sprintf("- `%s`: %s", strings.TrimPrefix(f.Test, "TestFixtures/"), f.Reason))
			}
		}
		if len(missed) > 0 {
			fmt.Fprintf(&b, "## Must-fail fixtures not caught\n\n%s\n\n", strings.Join(missed, "\n"))
		}
	}
	var fails []string
	for _, tr := range r.Tests {
		if tr.Result == "fail" {
			fails = append(fails, fmt.Sprintf("- %s %s: %s", tr.Package, tr.Test, tr.Reason))
		}
	}
	if len(fails) > 0 {
		fmt.Fprintf(&b, "## Other failures\n\n%s\n", strings.Join(fails, "\n"))
	}
	return b.String()
}

var mdMark = map[string]string{"pass": "pass", "fail": "**FAIL**", "skip": "skip", "xfail": "xfail", "notrun": "**not run**"}

func bold(n int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("**%d**", n)
}

// runnersText names what ran each architecture of a cell.
func runnersText(runners map[string]string) string {
	parts := make([]string, 0, len(runners))
	for a, id := range runners {
		parts = append(parts, a+" "+id)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Class   string        `xml:"classname,attr"`
	Name    string        `xml:"name,attr"`
	Time    string        `xml:"time,attr"`
	Failure *junitMessage `xml:"failure,omitempty"`
	Skipped *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func (r *Report) junit() ([]byte, error) {
	suites := map[string]*junitSuite{}
	var order []string
	add := func(suite, name, result, reason, log string, secs float64) {
		s := suites[suite]
		if s == nil {
			s = &junitSuite{Name: suite}
			suites[suite] = s
			order = append(order, suite)
		}
		c := junitCase{Class: "ipcconform." + suite, Name: name, Time: fmt.Sprintf("%.3f", secs)}
		switch result {
		case "fail", "notrun":
			c.Failure = &junitMessage{Message: result + ": " + reason, Text: log}
			s.Failures++
		case "skip", "xfail":
			c.Skipped = &junitMessage{Message: result + ": " + reason}
			s.Skipped++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	for _, c := range r.Cells {
		add(c.Scenario, c.Pairing, c.Result, c.Reason, c.Log, c.Seconds)
	}
	for _, f := range r.Fixtures {
		add("fixtures", strings.TrimPrefix(f.Test, "TestFixtures/"), f.Result, f.Reason, f.Log, f.Seconds)
	}
	for _, tr := range r.Tests {
		add("tests", tr.Package+"."+tr.Test, tr.Result, tr.Reason, tr.Log, tr.Seconds)
	}
	var out junitSuites
	for _, name := range order {
		out.Suites = append(out.Suites, *suites[name])
	}
	data, err := xml.MarshalIndent(out, "", "  ")
	return append([]byte(xml.Header), data...), err
}

func (r *Report) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	ju, err := r.junit()
	if err != nil {
		return err
	}
	page, err := r.html()
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		"conformance.md":   []byte(r.markdown()),
		"conformance.html": page,
		"conformance.json": append(js, '\n'),
		"junit.xml":        ju,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// mergeMain merges the JSON reports of a sharded run into one.
func mergeMain(args []string) int {
	fs := flag.NewFlagSet("ipcconform merge", flag.ContinueOnError)
	out := fs.String("out", "report", "directory for the merged reports")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		return usageExit(fs, fmt.Errorf("no reports to merge"))
	}
	var merged *Report
	filtered := false
	for _, f := range fs.Args() {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ipcconform merge: %v\n", err)
			return 1
		}
		var r Report
		if err := json.Unmarshal(data, &r); err != nil {
			fmt.Fprintf(os.Stderr, "ipcconform merge: %s: %v\n", f, err)
			return 1
		}
		filtered = filtered || r.Filter != ""
		if merged == nil {
			merged = &r
			merged.Shard = "merged"
			continue
		}
		merged.Cells = append(merged.Cells, r.Cells...)
		merged.Fixtures = append(merged.Fixtures, r.Fixtures...)
		merged.Tests = append(merged.Tests, r.Tests...)
		merged.Archs = mergeNames(merged.Archs, r.Archs)
		merged.Mixed = mergeNames(merged.Mixed, r.Mixed)
		merged.NotGenerated = mergeNames(merged.NotGenerated, r.NotGenerated)
	}
	// Expected failures go stale only against the whole matrix: a part run
	// with -scenario covers too little to tell.
	suite, err := openConfig()
	if err == nil && !filtered {
		var xs []harness.XFail
		if xs, err = suite.XFails(); err == nil {
			var o harness.MatrixOptions
			for _, n := range append(append([]string(nil), merged.Archs...), merged.Mixed...) {
				if a, err := arch.Lookup(n); err == nil {
					o.Archs = append(o.Archs, a)
				}
			}
			merged.checkStale(xs, o)
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform merge: %v\n", err)
		return 1
	}
	merged.accept = suite.Config.Accept
	merged.finish()
	if err := merged.write(*out); err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform merge: %v\n", err)
		return 1
	}
	fmt.Print(merged.summary(maxConsoleNamed))
	fmt.Printf("reports in %s: %s\n", *out, reportFiles)
	if merged.failed() {
		return 1
	}
	return 0
}

func mergeNames(a, b []string) []string {
	set := map[string]bool{}
	for _, x := range append(append([]string(nil), a...), b...) {
		if x != "" {
			set[x] = true
		}
	}
	var out []string
	for x := range set {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}
