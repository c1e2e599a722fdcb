package harness

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
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
// keeping the chosen shard's.
func Cells(scs []Scenario, o MatrixOptions) []Cell {
	host := arch.Host()
	var all []Cell
	for _, sc := range scs {
		for _, a := range o.Archs {
			for _, p := range Pairings(sc.Roles, a) {
				all = append(all, Cell{sc, p})
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
					all = append(all, Cell{sc, p})
				}
			}
		}
	}
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

// An XFail is a cell expected to fail, with the reason.
type XFail struct {
	Arch    string // the list's architecture: it covers cells with a role there
	Pattern string // path.Match pattern over Cell.Name()
	Reason  string
	File    string // testdata/xfail/<goarch>.txt
	Line    int
}

// LoadXFails reads the expected-failure lists, one a architecture:
// dir/<goarch>.txt, each line a cell pattern, whitespace, and the reason.
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
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			pat, reason, _ := strings.Cut(line, " ")
			reason = strings.TrimSpace(reason)
			if _, err := path.Match(pat, ""); err != nil || reason == "" {
				fh.Close()
				return nil, fmt.Errorf("%s:%d: want `<cell pattern> <reason>`, found %q", f, n, line)
			}
			out = append(out, XFail{Arch: goarch, Pattern: pat, Reason: reason, File: f, Line: n})
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MatchXFail returns the expected failure that covers c, if any: one from
// the list of an architecture a role of c runs on, whose pattern matches.
func MatchXFail(xs []XFail, c Cell) (XFail, bool) {
	for _, x := range xs {
		if ok, _ := path.Match(x.Pattern, c.Name()); ok && c.uses(x.Arch) {
			return x, true
		}
	}
	return XFail{}, false
}

func (c Cell) uses(goarch string) bool {
	for _, b := range c.Pairing {
		if b.Arch.GOARCH == goarch {
			return true
		}
	}
	return false
}
