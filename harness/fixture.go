package harness

import (
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A Fixture is a deliberately broken program put in a scenario's role: the
// scenario's own checks must catch it.
type Fixture struct {
	Program  string // a configured peer, normally one marked "fixture"
	Impl     Impl   // default Go
	Scenario string // the script it runs in
	Role     string // the role it plays
	// Want matches the failure's log: the check that caught it.
	Want string
	// PeerTimeout shortens $PEER_TIMEOUT for fixtures that are caught by
	// a peer giving up waiting.
	PeerTimeout time.Duration
}

// RunFixtures runs each fixture in its scenario, with the other roles over
// every implementation, and wants each run to fail with a matching log.
func (s *Suite) RunFixtures(t *testing.T, fixtures []Fixture) {
	host := arch.Host()
	s.Peers(t, host)
	for _, f := range fixtures {
		t.Run(f.Program, func(t *testing.T) {
			t.Parallel()
			sc, err := ParseScenario(filepath.Join(s.Config.Root, s.Config.Scripts, f.Scenario+".txtar"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := regexp.Compile(f.Want)
			if err != nil {
				t.Fatal(err)
			}
			impl := f.Impl
			if impl == "" {
				impl = Go
			}
			var others []string
			for _, r := range sc.Roles {
				if r != f.Role {
					others = append(others, r)
				}
			}
			if len(others) == len(sc.Roles) {
				t.Fatalf("scenario %s has no role %q (roles %q)", sc.Name, f.Role, sc.Roles)
			}
			for _, p := range Pairings(others, host) {
				full := make(Pairing, 0, len(sc.Roles))
				for _, r := range sc.Roles {
					if r == f.Role {
						full = append(full, Binding{Role: r, Impl: impl, Arch: host, Program: f.Program})
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
