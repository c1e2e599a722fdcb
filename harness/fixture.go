package harness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A Fixture is a real peer plus one small defect, put in a scenario's role:
// the scenario's own checks must catch it. The defect is a unified diff
// against the real program's files, or, for a program deliberately
// rewritten, whole files in place of its own. Either way the fixture is
// built from the real program as it is today, so it cannot drift from it:
// a patch that no longer applies fails the fixture, naming the hunk.
type Fixture struct {
	// Name is the fixture's test name and its program's name in the
	// pairing (role=Name).
	Name     string
	Scenario string // the script it runs in
	Role     string // the role it plays
	Impl     Impl   // the real program's implementation; default Go
	Program  string // the real program, a configured peer
	// Want matches the failure's log: the check that caught it.
	Want string
	// PeerTimeout shortens $PEER_TIMEOUT for fixtures that are caught by
	// a peer giving up waiting.
	PeerTimeout time.Duration
	// Patch is a unified diff (diff -u, git diff) against the real
	// program's files, paths relative to the configuration's root.
	Patch []byte
	// Whole maps files of the real program (relative to the root) to the
	// files that replace them whole (absolute).
	Whole map[string]string
	// Dir is the fixture's folder, for messages; empty for a fixture
	// given in Go.
	Dir string
}

// fixtureJSON is fixture.json, read strictly.
type fixtureJSON struct {
	Scenario    string   `json:"scenario"`
	Role        string   `json:"role"`
	Impl        Impl     `json:"impl"`
	Program     string   `json:"program"`
	Want        string   `json:"want"`
	PeerTimeout Duration `json:"peerTimeout,omitzero"`
	// Whole names the real program's files (relative to the root) that
	// files of the same base name in the fixture's folder replace.
	Whole []string `json:"whole,omitempty"`
}

// FixtureFile is the name of a fixture's metadata in its folder.
const FixtureFile = "fixture.json"

// LoadFixtures reads the fixtures of the folder the configuration names
// ("fixtures"): one folder each, named after the fixture, holding
// fixture.json and either <name>.patch or the whole files its "whole"
// key names. Any other file is an error, as is an unknown key.
func LoadFixtures(cfg *Config) ([]Fixture, error) {
	if cfg.Fixtures == "" {
		return nil, nil
	}
	root := filepath.Join(cfg.Root, cfg.Fixtures)
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("fixtures: %w", err)
	}
	var out []Fixture
	for _, e := range entries {
		if !e.IsDir() {
			return nil, fmt.Errorf("%s: a file among the fixture folders", filepath.Join(root, e.Name()))
		}
		f, err := loadFixture(filepath.Join(root, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func loadFixture(dir string) (Fixture, error) {
	name := filepath.Base(dir)
	meta := filepath.Join(dir, FixtureFile)
	data, err := os.ReadFile(meta)
	if err != nil {
		return Fixture{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j fixtureJSON
	if err := dec.Decode(&j); err != nil {
		return Fixture{}, fmt.Errorf("%s: %v", meta, strings.TrimPrefix(err.Error(), "json: "))
	}
	f := Fixture{Name: name, Dir: dir, Scenario: j.Scenario, Role: j.Role, Impl: j.Impl, Program: j.Program,
		Want: j.Want, PeerTimeout: time.Duration(j.PeerTimeout)}
	files, err := os.ReadDir(dir)
	if err != nil {
		return Fixture{}, err
	}
	for _, e := range files {
		switch n := e.Name(); {
		case n == FixtureFile:
		case n == name+".patch":
			if f.Patch, err = os.ReadFile(filepath.Join(dir, n)); err != nil {
				return Fixture{}, err
			}
		case slices.ContainsFunc(j.Whole, func(w string) bool { return filepath.Base(w) == n }):
		default:
			return Fixture{}, fmt.Errorf("%s: %q is neither %s, %s.patch nor a file \"whole\" names", dir, n, FixtureFile, name)
		}
	}
	for _, w := range j.Whole {
		if f.Whole == nil {
			f.Whole = map[string]string{}
		}
		f.Whole[filepath.ToSlash(filepath.Clean(w))] = filepath.Join(dir, filepath.Base(w))
	}
	if err := f.validate(); err != nil {
		return Fixture{}, fmt.Errorf("%s: %w", meta, err)
	}
	return f, nil
}

// validate checks what can be checked without the configuration's peers
// and fills in the default implementation.
func (f *Fixture) validate() error {
	if f.Impl == "" {
		f.Impl = Go
	}
	switch {
	case f.Name == "":
		return errors.New("a fixture needs a name")
	case f.Impl != C && f.Impl != Go:
		return fmt.Errorf("key \"impl\": %q: want \"c\" or \"go\"", f.Impl)
	case f.Scenario == "":
		return errors.New("key \"scenario\": missing")
	case f.Role == "":
		return errors.New("key \"role\": missing")
	case f.Program == "":
		return errors.New("key \"program\": missing (the real program the fixture changes)")
	case f.Want == "":
		return errors.New("key \"want\": missing (the failure the scenario must report)")
	case (len(f.Patch) > 0) == (len(f.Whole) > 0):
		return fmt.Errorf("give one change: %s.patch or \"whole\" files", f.Name)
	}
	if _, err := regexp.Compile(f.Want); err != nil {
		return fmt.Errorf("key \"want\": %v", err)
	}
	for w, file := range f.Whole {
		if _, err := os.Stat(file); err != nil {
			return fmt.Errorf("key \"whole\": %q: %v", w, err)
		}
	}
	return nil
}

// where names a fixture in messages: its folder, or its name.
func (f Fixture) where() string {
	if f.Dir != "" {
		return f.Dir
	}
	return "fixture " + f.Name
}

// RunFixtures runs every fixture of the configured folder, and extra ones
// given in Go, each in its scenario with the other roles over every
// implementation, and wants each run to fail with a log matching the
// fixture's Want. A fixture whose change does not apply or build fails,
// and so does one whose scenario passes or fails some other way.
func (s *Suite) RunFixtures(t *testing.T, extra ...Fixture) {
	fixtures, err := LoadFixtures(s.Config)
	if err != nil {
		t.Fatal(err)
	}
	for i := range extra {
		if err := extra[i].validate(); err != nil {
			t.Fatalf("%s: %v", extra[i].where(), err)
		}
	}
	fixtures = append(fixtures, extra...)
	host := arch.Host()
	s.Peers(t, host)
	built, stats, err := s.Builder.BuildFixtures(host, fixtures)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", stats)
	// The other roles are played by every implementation their scenario
	// pairs, third languages too.
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	impls := map[string]map[string][]Impl{}
	for _, sc := range scs {
		impls[sc.Name] = sc.Impls
	}
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			if err := built[f.Name].BuildErr; err != nil {
				t.Fatalf("%s: %v", f.where(), err)
			}
			sc, err := ParseScenario(filepath.Join(s.Config.Root, s.Config.Scripts, f.Scenario+".txtar"))
			if err != nil {
				t.Fatalf("%s: %v", f.where(), err)
			}
			want := regexp.MustCompile(f.Want) // validate compiled it
			var others []string
			for _, r := range sc.Roles {
				if r != f.Role {
					others = append(others, r)
				}
			}
			if len(others) == len(sc.Roles) {
				t.Fatalf("%s: scenario %s has no role %q (roles %q)", f.where(), sc.Name, f.Role, sc.Roles)
			}
			for _, p := range PairingsOf(others, impls[sc.Name], host) {
				full := make(Pairing, 0, len(sc.Roles))
				for _, r := range sc.Roles {
					if r == f.Role {
						full = append(full, Binding{Role: r, Impl: f.Impl, Arch: host, Program: f.Name})
					} else {
						b, _ := p.binding(r)
						full = append(full, b)
					}
				}
				s.Run(t, sc, full, Options{WantFail: want, PeerTimeout: f.PeerTimeout})
			}
		})
	}
}
