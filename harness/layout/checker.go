package layout

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A Checker builds and reads both sides once per architecture, in a
// temporary directory that Close removes.
type Checker struct {
	Root string
	dir  string
	pkgs []*goPkg

	setup   sync.Once
	overlay string
	err     error

	mu    sync.Mutex
	sides map[string]*sides
}

type sides struct {
	once sync.Once
	c, g *Side
	err  error
}

// Config says where the tree is and whether the probe references the
// must-fail fixtures.
type Config struct {
	Root     string // the module root
	Fixtures bool   // also read harness/layout/testdata/fixtures
}

// NewChecker prepares a Checker for the tree at cfg.Root.
func NewChecker(cfg Config) (*Checker, error) {
	k := &Checker{Root: cfg.Root, sides: map[string]*sides{}}
	wire, err := scanGoPkg(WirePkg, filepath.Join(cfg.Root, "gosides", "wire"))
	if err != nil {
		return nil, err
	}
	unix := &goPkg{Path: "golang.org/x/sys/unix", Short: "unix", Types: xsysTypes()}
	k.pkgs = []*goPkg{wire, unix}
	// The other library packages of gosides, for constants they mirror
	// (peer.ExitFail for PEER_EXIT_FAIL).
	dirs, err := os.ReadDir(filepath.Join(cfg.Root, "gosides"))
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "wire" || d.Name() == "fixtures" || d.Name() == "testdata" {
			continue
		}
		p, err := scanGoPkg(WirePkg[:len(WirePkg)-len("wire")]+d.Name(), filepath.Join(cfg.Root, "gosides", d.Name()))
		if err != nil || p.Short == "main" {
			continue // not a library, or not Go
		}
		p.Types = nil // only constants are looked up outside wire
		k.pkgs = append(k.pkgs, p)
	}
	if cfg.Fixtures {
		fx, err := scanGoPkg(FixturesPkg, filepath.Join(cfg.Root, "harness", "layout", "testdata", "fixtures"))
		if err != nil {
			return nil, err
		}
		fx.Virtual = "harness/layout/internal/fixtures"
		k.pkgs = append(k.pkgs, fx)
	}
	if k.dir, err = os.MkdirTemp("", "ipcconform-layout-"); err != nil {
		return nil, err
	}
	return k, nil
}

// Close removes the Checker's temporary files.
func (k *Checker) Close() error { return os.RemoveAll(k.dir) }

// Sides returns what C and Go say for a, building each once.
func (k *Checker) Sides(a arch.Arch) (c, g *Side, err error) {
	k.setup.Do(func() { k.overlay, k.err = writeGoProbe(k.Root, k.dir, k.pkgs) })
	if k.err != nil {
		return nil, nil, k.err
	}
	k.mu.Lock()
	s := k.sides[a.GOARCH]
	if s == nil {
		s = &sides{}
		k.sides[a.GOARCH] = s
	}
	k.mu.Unlock()
	s.once.Do(func() {
		dir := filepath.Join(k.dir, a.GOARCH)
		if s.err = os.MkdirAll(dir, 0o755); s.err != nil {
			return
		}
		var wg sync.WaitGroup
		var cerr, gerr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.c, cerr = readC(a, k.Root, dir)
		}()
		exe, err := buildGoProbe(a, k.Root, dir, k.overlay)
		if err == nil {
			s.g, err = readGo(a, exe, k.pkgs)
		}
		gerr = err
		wg.Wait()
		switch {
		case cerr != nil:
			s.err = fmt.Errorf("c side for %s: %w", a.GOARCH, cerr)
		case gerr != nil:
			s.err = fmt.Errorf("go side for %s: %w", a.GOARCH, gerr)
		}
	})
	return s.c, s.g, s.err
}

// Check compares the wire package with the C headers for a.
func (k *Checker) Check(a arch.Arch, opt Options) (*Report, error) {
	c, g, err := k.Sides(a)
	if err != nil {
		return nil, err
	}
	return Compare(c, g, opt), nil
}

// Pair returns the comparison of C struct name, or nil.
func (rep *Report) Pair(name string) *Pair {
	for _, p := range rep.Pairs {
		if p.C.Name == name {
			return p
		}
	}
	return nil
}

// FindRoot returns the module root at or above dir: the directory whose
// go.mod declares Module.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && modulePath(string(b)) == Module {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s at or above the current directory", Module)
		}
		dir = parent
	}
}

func modulePath(gomod string) string {
	for _, line := range strings.Split(gomod, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
