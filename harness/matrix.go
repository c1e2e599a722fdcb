package harness

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A Cell is one run of one scenario under one pairing: the unit of the
// conformance matrix.
type Cell struct {
	Scenario Scenario
	Pairing  Pairing
}

// Name is the cell's subtest path below TestScenarios.
func (c Cell) Name() string { return c.Scenario.Name + "/" + c.Pairing.Name() }

// ArchGroup names where a pairing's roles run: one GOARCH when they all
// share it, otherwise each role's GOARCH in role order ("s390x/amd64").
func ArchGroup(p Pairing) string {
	same := true
	parts := make([]string, len(p))
	for i, b := range p {
		parts[i] = b.Arch.GOARCH
		same = same && b.Arch.GOARCH == p[0].Arch.GOARCH
	}
	if same && len(p) > 0 {
		return parts[0]
	}
	return strings.Join(parts, "/")
}

// Impls names a pairing's implementations in role order ("c-go").
func Impls(p Pairing) string {
	parts := make([]string, len(p))
	for i, b := range p {
		parts[i] = string(b.Impl)
	}
	return strings.Join(parts, "-")
}

// MatrixOptions choose the cells of a run.
type MatrixOptions struct {
	// Archs: each scenario runs with all its roles on each of these.
	Archs []arch.Arch
	// Mixed: each scenario also runs with one role on each of these and
	// the other roles on the host (a big-endian s390x peer against a
	// little-endian host, a 32-bit peer against a 64-bit one).
	Mixed []arch.Arch
	// Shard and Shards pick every Shards-th cell starting at Shard.
	Shard, Shards int
}

// MatrixFromEnv reads the matrix of a run from the environment:
//
//	IPCCONFORM_ARCHS  comma-separated GOARCHs ("host" among them), or "all" (default: the host's)
//	IPCCONFORM_MIXED  comma-separated GOARCHs to pair one role at a time with the host
//	IPCCONFORM_SHARD  i/n: run the i-th of n parts (0 <= i < n)
func MatrixFromEnv() (MatrixOptions, error) {
	var o MatrixOptions
	var err error
	if o.Archs, err = arch.ParseList(os.Getenv("IPCCONFORM_ARCHS")); err != nil {
		return o, fmt.Errorf("IPCCONFORM_ARCHS: %v", err)
	}
	if len(o.Archs) == 0 {
		o.Archs = []arch.Arch{arch.Host()}
	}
	if o.Mixed, err = arch.ParseList(os.Getenv("IPCCONFORM_MIXED")); err != nil {
		return o, fmt.Errorf("IPCCONFORM_MIXED: %v", err)
	}
	o.Shards = 1
	if s := os.Getenv("IPCCONFORM_SHARD"); s != "" {
		if o.Shard, o.Shards, err = ParseShard(s); err != nil {
			return o, fmt.Errorf("IPCCONFORM_SHARD: %v", err)
		}
	}
	return o, nil
}

// ParseShard parses "i/n".
func ParseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("shard %q: want i/n with 0 <= i < n", s)
	}
	return i, n, nil
}

// Cells expands scenarios into the cells of a run, in a stable order,
// keeping the chosen shard's. A pairing that puts a C peer on an
// architecture without a C compiler (Arch.NoCC) is not a cell: NotInMatrix
// counts those.
func Cells(scs []Scenario, o MatrixOptions) []Cell {
	all, _ := expand(scs, o)
	if o.Shards <= 1 {
		return all
	}
	var out []Cell
	for i, c := range all {
		if i%o.Shards == o.Shard {
			out = append(out, c)
		}
	}
	return out
}

// expand returns the cells of every shard, and the pairings left out for
// want of a C compiler.
func expand(scs []Scenario, o MatrixOptions) (cells, noCC []Cell) {
	host := arch.Host()
	add := func(c Cell) {
		if c.Pairing.lacksCC() {
			noCC = append(noCC, c)
		} else {
			cells = append(cells, c)
		}
	}
	for _, sc := range scs {
		for _, a := range o.Archs {
			// A third language runs on the host alone, so its pairings
			// are the host's.
			ps := Pairings(sc.Roles, a)
			if a.GOARCH == host.GOARCH && sc.Impls != nil {
				ps = PairingsOf(sc.Roles, sc.Impls, a)
			}
			for _, p := range ps {
				add(Cell{sc, p})
			}
		}
		if len(sc.Roles) < 2 {
			continue // one role has no counterpart to mix with
		}
		for _, m := range o.Mixed {
			if m.GOARCH == host.GOARCH {
				continue
			}
			for i := range sc.Roles {
				for _, p := range Pairings(sc.Roles, host) {
					p[i].Arch = m
					add(Cell{sc, p})
				}
			}
		}
	}
	return cells, noCC
}

// lacksCC reports whether p puts a C peer on an architecture without a C
// compiler (Arch.NoCC).
func (p Pairing) lacksCC() bool {
	for _, b := range p {
		if b.Impl == C && b.Arch.NoCC != "" {
			return true
		}
	}
	return false
}

// NotInMatrix says, for each architecture of o without a C compiler, how
// many of the matrix's pairings (all shards') Cells leaves out because they
// put a C peer there, and why: what a run did not check.
func NotInMatrix(scs []Scenario, o MatrixOptions) []string {
	_, noCC := expand(scs, o)
	count := map[string]int{}
	var order []arch.Arch
	for _, c := range noCC {
		for _, b := range c.Pairing {
			if b.Impl == C && b.Arch.NoCC != "" {
				if count[b.Arch.GOARCH] == 0 {
					order = append(order, b.Arch)
				}
				count[b.Arch.GOARCH]++
				break
			}
		}
	}
	var out []string
	for _, a := range order {
		out = append(out, fmt.Sprintf("%d cells with a C peer on %s are not run: %s", count[a.GOARCH], a.GOARCH, a.NoCC))
	}
	return out
}

// An XFail is a cell expected to fail on one runner, in one way, and why.
type XFail struct {
	Arch    string // the list's architecture: it covers cells with a role there
	Pattern string // path.Match pattern over Cell.Name()
	// Runner is what runs the list's architecture when the failure occurs:
	// "native", or an emulator and version ("qemu-7.2"), matched as
	// arch.RunnerMatches does, or "any" for a failure no runner causes (a
	// peer that does not build). On another runner the entry does not
	// apply.
	Runner string
	// Want matches the failing cell's log: a cell that fails another way
	// is a failure, not this expected one.
	Want   *regexp.Regexp
	Reason string
	File   string // testdata/xfail/<goarch>.txt
	Line   int
}

// Where returns the entry's file and line.
func (x XFail) Where() string { return fmt.Sprintf("%s:%d", filepath.Base(x.File), x.Line) }

var runnerName = regexp.MustCompile(`^(any|native|qemu-[0-9]+(\.[0-9]+)*)$`)

// LoadXFails reads the expected-failure lists, one an architecture:
// dir/<goarch>.txt, each line a cell pattern, the runner, the failure's
// pattern as a Go-quoted regular expression, and the reason:
//
//	signals_sigqueue/sender=*@s390x,receiver=c qemu-7.2 "got SIGUSR1 value 0" qemu-user 7.2 converts...
func LoadXFails(dir string) ([]XFail, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	var out []XFail
	for _, f := range files {
		goarch := strings.TrimSuffix(filepath.Base(f), ".txt")
		if _, err := arch.Lookup(goarch); err != nil {
			return nil, fmt.Errorf("%s: not named after an architecture: %v", f, err)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for n, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			x, err := parseXFail(line)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v; want `<cell pattern> <runner> \"<failure regexp>\" <reason>`", f, n+1, err)
			}
			x.Arch, x.File, x.Line = goarch, f, n+1
			out = append(out, x)
		}
	}
	return out, nil
}

func parseXFail(line string) (XFail, error) {
	var x XFail
	pat, rest, _ := strings.Cut(line, " ")
	if _, err := path.Match(pat, ""); err != nil {
		return x, fmt.Errorf("cell pattern %q: %v", pat, err)
	}
	runner, rest, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if !runnerName.MatchString(runner) {
		return x, fmt.Errorf("runner %q: want any, native or qemu-<version>", runner)
	}
	rest = strings.TrimSpace(rest)
	quoted, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return x, fmt.Errorf("no quoted failure pattern at %q", rest)
	}
	expr, _ := strconv.Unquote(quoted)
	want, err := regexp.Compile(expr)
	if err != nil {
		return x, fmt.Errorf("failure pattern %s: %v", quoted, err)
	}
	if expr == "" || want.MatchString("") {
		return x, fmt.Errorf("failure pattern %s matches any log", quoted)
	}
	reason := strings.TrimSpace(rest[len(quoted):])
	if reason == "" {
		return x, fmt.Errorf("no reason")
	}
	return XFail{Pattern: pat, Runner: runner, Want: want, Reason: reason}, nil
}

// MatchXFail returns the expected failure that covers c, if any: one from
// the list of an architecture a role of c runs on, whose pattern matches
// and whose runner is the one that runs that architecture here.
func MatchXFail(xs []XFail, c Cell) (XFail, bool) {
	for _, x := range xs {
		if ok, _ := path.Match(x.Pattern, c.Name()); ok && c.uses(x.Arch) && x.RunsHere() {
			return x, true
		}
	}
	return XFail{}, false
}

// RunsHere reports whether the list's architecture runs on x's runner on
// this machine.
func (x XFail) RunsHere() bool {
	a, err := arch.Lookup(x.Arch)
	if err != nil {
		return false
	}
	if x.Runner == "any" {
		return true
	}
	id, err := a.RunnerID()
	return err == nil && arch.RunnerMatches(id, x.Runner)
}

func (c Cell) uses(goarch string) bool {
	for _, b := range c.Pairing {
		if b.Arch.GOARCH == goarch {
			return true
		}
	}
	return false
}
