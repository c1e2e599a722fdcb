package layout

import (
	"bufio"
	"bytes"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A Checker compares one Config's C headers with its Go mirrors. It builds
// and reads both sides once per architecture, in a temporary directory
// that Close removes; its methods may be called concurrently.
type Checker struct {
	cfg     Config
	dir     string
	modRoot string // the folder of Root's go.mod
	modPath string // its module path
	refs    []*pkgRef
	names   names

	mu    sync.Mutex
	sides map[string]*sides
}

// A pkgRef is a Go package the probe links, as go list found it.
type pkgRef struct {
	path, name, dir string
	mirror          bool            // Package: every type and constant
	consts          bool            // a ConstPackage: its constants
	types           map[string]bool // types named by Renames, when neither
}

type sides struct {
	once sync.Once
	c, g *Side
	err  error
}

// NewChecker validates cfg and finds its Go packages. It builds nothing:
// Check builds each architecture's probes when first asked.
func NewChecker(cfg Config) (*Checker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("layout %q: %w", cfg.Name, err)
	}
	root, err := filepath.Abs(cfg.path("."))
	if err != nil {
		return nil, err
	}
	cfg.Root = root
	k := &Checker{cfg: cfg, sides: map[string]*sides{}}
	if k.modRoot, k.modPath, err = findModule(root); err != nil {
		return nil, fmt.Errorf("layout %q: %w", cfg.Name, err)
	}
	if err := k.findPackages(); err != nil {
		return nil, fmt.Errorf("layout %q: %w", cfg.Name, err)
	}
	if k.dir, err = os.MkdirTemp("", "ipcconform-layout-"); err != nil {
		return nil, err
	}
	return k, nil
}

// Config returns the configuration the Checker was made with, Root made
// absolute.
func (k *Checker) Config() Config { return k.cfg }

// Close removes the Checker's temporary files.
func (k *Checker) Close() error { return os.RemoveAll(k.dir) }

// Check compares the mirrors with the C declarations for a, whose C
// compiler must be installed. Differences are in the Report; an error
// means the comparison could not be made (a build failed).
func (k *Checker) Check(a arch.Arch) (*Report, error) {
	c, g, err := k.Sides(a)
	if err != nil {
		return nil, err
	}
	return compare(c, g, &k.names), nil
}

// findModule returns the folder and path of the module holding dir.
func findModule(dir string) (root, path string, err error) {
	for d := dir; ; {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			if p := modulePath(string(b)); p != "" {
				return d, p, nil
			}
			return "", "", fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", "", fmt.Errorf("no go.mod at or above %s: the go probe is built in the module there", dir)
		}
		d = parent
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

// findPackages resolves every import path of the configuration with go
// list, run in Root, so that a path in any module Root's go.mod reaches is
// found where the go command finds it.
func (k *Checker) findPackages() error {
	cfg := &k.cfg
	type want struct {
		path   string
		mirror bool
		consts bool
		types  []string
	}
	wants := []want{{path: cfg.Package, mirror: true}}
	for _, p := range cfg.ConstPackages {
		wants = append(wants, want{path: p, consts: true})
	}
	wants = append(wants, want{path: cfg.system()})
	for _, key := range sortedKeys(cfg.Renames) {
		if strings.Contains(key, ".") {
			continue
		}
		path, name, _ := splitGoName(cfg.Renames[key])
		if path != "" {
			wants = append(wants, want{path: path, types: []string{name}})
		}
	}
	var args []string
	for _, w := range wants {
		args = append(args, w.path)
	}
	found, err := goList(cfg.Root, args)
	if err != nil {
		return err
	}
	byPath := map[string]*pkgRef{}
	for _, w := range wants {
		f := found[w.path]
		r := byPath[f.path]
		if r == nil {
			r = &pkgRef{path: f.path, name: f.name, dir: f.dir, types: map[string]bool{}}
			byPath[f.path] = r
			k.refs = append(k.refs, r)
		}
		r.mirror = r.mirror || w.mirror
		r.consts = r.consts || w.consts
		for _, t := range w.types {
			r.types[t] = true
		}
	}
	byName := map[string]string{}
	for _, r := range k.refs {
		if other, ok := byName[r.name]; ok {
			return fmt.Errorf("packages %s and %s are both named %s: the report could not tell their declarations apart", other, r.path, r.name)
		}
		byName[r.name] = r.path
	}
	k.names = names{
		cfg:     cfg,
		pkg:     byPath[found[cfg.Package].path].name,
		sys:     byPath[found[cfg.system()].path].name,
		renames: map[string]string{},
	}
	for key, v := range cfg.Renames {
		if strings.Contains(key, ".") {
			k.names.renames[key] = v
			continue
		}
		path, name, _ := splitGoName(v)
		short := k.names.pkg
		if path != "" {
			short = byPath[found[path].path].name
		}
		k.names.renames[key] = short + "." + name
	}
	return nil
}

type listed struct{ path, name, dir string }

// goList returns, for each import path given, the package go list finds.
func goList(root string, paths []string) (map[string]listed, error) {
	uniq := map[string]bool{}
	var args []string
	for _, p := range paths {
		if !uniq[p] {
			uniq[p] = true
			args = append(args, p)
		}
	}
	out := map[string]listed{}
	for _, p := range args {
		// One call a path: go list prints packages in its own order, and
		// a relative path comes back as an import path.
		cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}\t{{.Name}}\t{{.Dir}}", p)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=linux", "CGO_ENABLED=0")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		b, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list %s (in %s): %v\n%s", p, root, err, stderr.Bytes())
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		if !sc.Scan() {
			return nil, fmt.Errorf("go list %s: no package", p)
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 || f[1] == "" {
			return nil, fmt.Errorf("go list %s: unexpected output %q", p, sc.Text())
		}
		if f[1] == "main" {
			return nil, fmt.Errorf("%s is a main package: its declarations cannot be imported", p)
		}
		out[p] = listed{f[0], f[1], f[2]}
	}
	return out, nil
}

// goPkgs scans the packages for a: Package whole, ConstPackages for their
// constants, the others for their integer constants and the types Renames
// name.
func (k *Checker) goPkgs(a arch.Arch) ([]*goPkg, error) {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = "linux", a.GOARCH, false
	var out []*goPkg
	for _, r := range k.refs {
		p, err := scanGoPkg(r.path, r.dir, &ctx)
		if err != nil {
			return nil, err
		}
		if p.Short != r.name {
			return nil, fmt.Errorf("%s: go list says package %s, its files %s", r.path, r.name, p.Short)
		}
		if !r.mirror {
			var types []string
			for _, t := range p.Types {
				if r.types[t] {
					types = append(types, t)
				}
			}
			p.Types = types
			if !r.consts {
				// The system package and those named for their types lend
				// integer constants alone (from DWARF, or from their
				// literals where DWARF has none: the linker writes no
				// debug information for a package without code).
				p.Strings, p.Tags = nil, nil
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Sides returns what C and Go say for a, building each once: the
// declarations Check compares, for tests that check the reading itself.
func (k *Checker) Sides(a arch.Arch) (c, g *Side, err error) {
	k.mu.Lock()
	s := k.sides[a.GOARCH]
	if s == nil {
		s = &sides{}
		k.sides[a.GOARCH] = s
	}
	k.mu.Unlock()
	s.once.Do(func() {
		// Without a C compiler of its own, a's C side is read with that of
		// an architecture with the same C ABI, and the report says so.
		ca, err := a.CSide()
		if err != nil {
			s.err = err
			return
		}
		if s.err = ca.HaveCC(); s.err != nil {
			return
		}
		dir := filepath.Join(k.dir, a.GOARCH)
		if s.err = os.MkdirAll(dir, 0o755); s.err != nil {
			return
		}
		var wg sync.WaitGroup
		var cerr, gerr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.c, cerr = readC(ca, &k.cfg, dir)
			if cerr == nil && ca.GOARCH != a.GOARCH {
				s.c.Arch = a
				s.c.Notes = append(s.c.Notes, CSideNote(a, ca))
			}
		}()
		gerr = func() error {
			pkgs, err := k.goPkgs(a)
			if err != nil {
				return err
			}
			overlay, err := writeGoProbe(filepath.Join(k.modRoot, probeDir), dir, pkgs)
			if err != nil {
				return err
			}
			exe, err := buildGoProbe(a, k.modRoot, k.modPath+"/"+probeDir, dir, overlay)
			if err != nil {
				return err
			}
			s.g, err = readGo(a, exe, pkgs)
			return err
		}()
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

// CSideNote says what a layout check of a, whose C side was read with ca's
// C compiler, did and did not check.
func CSideNote(a, ca arch.Arch) string {
	return fmt.Sprintf("c side read with %s's C compiler, as %s has none (%s): the Go side is %s's own, checked against the C layouts of %s, which shares its data model (%d-byte pointers), byte order and generic kernel and C library structures; not checked: what a C compiler for %s itself lays out (plain char, for one, is signed there and unsigned on %s)",
		ca.GOARCH, a.GOARCH, a.NoCC, a.GOARCH, ca.GOARCH, a.PtrSize, a.GOARCH, ca.GOARCH)
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
