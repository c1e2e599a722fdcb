package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// BuildFixtures builds each fixture's program for a: its real program with
// the fixture's change applied to a copy of the changed files (a Go
// program through go build -overlay, a C program from the copies, with
// -I for the copied headers first). Programs are cached as peers are,
// keyed by the real program's inputs plus the change. The result maps
// fixture names to peers; a fixture whose change does not apply, or whose
// program does not build, has BuildErr set. Once built, a fixture's
// program is among the peers Build returns for a, under its name, which
// is how a pairing binds it to a role.
func (b *Builder) BuildFixtures(a arch.Arch, fixtures []Fixture) (map[string]Peer, BuildStats, error) {
	start := time.Now()
	stats := BuildStats{Arch: a.GOARCH + " (fixtures)"}
	srcs, err := Discover(b.Config)
	if err != nil {
		return nil, stats, err
	}
	real := map[string]Source{}
	for _, s := range srcs {
		real[peerKey(s.Impl, s.Program)] = s
	}
	dir := filepath.Join(b.CacheDir, a.GOARCH)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, stats, err
	}

	type job struct {
		f       Fixture
		src     Source
		changed map[string][]byte
	}
	out := map[string]Peer{}
	var jobs []job
	var goSrcs []Source
	haveC := false
	for _, f := range fixtures {
		p := Peer{Program: f.Name, Impl: f.Impl, Arch: a}
		src, ok := real[peerKey(f.Impl, f.Program)]
		_, clash := real[peerKey(f.Impl, f.Name)]
		_, twice := out[f.Name]
		switch {
		case twice:
			return nil, stats, fmt.Errorf("%s: two fixtures named %q", f.where(), f.Name)
		case !ok:
			p.BuildErr = fmt.Errorf("program: no %s peer %q among the configuration's peers", f.Impl, f.Program)
		case clash:
			p.BuildErr = fmt.Errorf("a configured %s peer is named %q too: name the fixture after its defect", f.Impl, f.Name)
		}
		if p.BuildErr == nil {
			if p.BuildErr = checkFixtureSource(src); p.BuildErr == nil {
				var changed map[string][]byte
				if changed, p.BuildErr = b.fixtureChanges(f, src); p.BuildErr == nil {
					jobs = append(jobs, job{f, src, changed})
					switch {
					case src.Impl == C:
						haveC = true
					case !slices.ContainsFunc(goSrcs, func(g Source) bool { return g.Package == src.Package }):
						goSrcs = append(goSrcs, src) // go list once a package
					}
				}
			}
		}
		out[f.Name] = p
	}

	var cIdent, goIdent string
	var goDeps map[string]string
	if haveC {
		if err := a.HaveCC(); err != nil {
			return nil, stats, err
		}
		if cIdent, err = b.identity(a.CC(), "--version"); err != nil {
			return nil, stats, err
		}
	}
	if len(goSrcs) > 0 {
		if goIdent, err = b.identity("go", "version"); err != nil {
			return nil, stats, err
		}
		if goDeps, err = b.goDepsHashes(a, goSrcs); err != nil {
			return nil, stats, err
		}
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	sem := make(chan struct{}, runtime.NumCPU())
	for _, j := range jobs {
		h := sha256.New()
		fmt.Fprintf(h, "ipcconform fixture v1\x00%s\x00%s\x00%s\x00%s\x00", j.f.Name, j.src.Impl, a.GOARCH, strings.Join(a.Env, " "))
		switch j.src.Impl {
		case C:
			fmt.Fprintf(h, "%s\x00%q\x00%q\x00", cIdent, j.src.CFlags, j.src.Libs)
			if err := hashCInputs(h, j.src); err != nil {
				return nil, stats, err
			}
		case Go:
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", goIdent, strings.Join(GoFlags, " "), j.src.Package, goDeps[j.src.Package])
		}
		paths := make([]string, 0, len(j.changed))
		for p := range j.changed {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(j.changed[p]))
			h.Write(j.changed[p])
		}
		p := out[j.f.Name]
		p.Path = filepath.Join(dir, fmt.Sprintf("%s-%s-%s", j.src.Impl, j.f.Name, hex.EncodeToString(h.Sum(nil))[:20]))
		out[j.f.Name] = p
		if _, err := os.Stat(p.Path); err == nil {
			now := time.Now()
			_ = os.Chtimes(p.Path, now, now) // keep in use entries from being trimmed
			stats.Cached++
			stats.CachedPrograms = append(stats.CachedPrograms, j.f.Name)
			continue
		}
		stats.Built++
		stats.CompilerCalls++
		stats.BuiltPrograms = append(stats.BuiltPrograms, j.f.Name)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var err error
			if j.src.Impl == Go {
				err = b.buildGoFixture(a, j.src, j.changed, p.Path)
			} else {
				err = b.buildCFixture(a, j.src, j.changed, p.Path)
			}
			if err != nil {
				mu.Lock()
				p.BuildErr = err
				out[j.f.Name] = p
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(stats.BuiltPrograms)

	b.mu.Lock()
	if b.fixturePeers == nil {
		b.fixturePeers = map[string]map[string]Peer{}
	}
	if b.fixturePeers[a.GOARCH] == nil {
		b.fixturePeers[a.GOARCH] = map[string]Peer{}
	}
	for _, p := range out {
		if p.BuildErr != nil {
			stats.Failed++
		}
		b.fixturePeers[a.GOARCH][peerKey(p.Impl, p.Program)] = p
	}
	b.mu.Unlock()
	stats.Elapsed = time.Since(start)
	return out, stats, nil
}

// withFixtures returns peers plus the fixture programs built for a, in a
// map of its own: the one Build returns is shared by every cell.
func (b *Builder) withFixtures(a arch.Arch, peers map[string]Peer) map[string]Peer {
	b.mu.Lock()
	defer b.mu.Unlock()
	extra := b.fixturePeers[a.GOARCH]
	if len(extra) == 0 || peers == nil {
		return peers
	}
	all := make(map[string]Peer, len(peers)+len(extra))
	for k, p := range peers {
		all[k] = p
	}
	for k, p := range extra {
		all[k] = p
	}
	return all
}

// checkFixtureSource refuses real programs a fixture cannot change: one
// built by its own command, whose inputs the harness does not know.
func checkFixtureSource(s Source) error {
	if s.Build != "" {
		return fmt.Errorf("program %s is built by a command (%q): a fixture changes programs the harness builds itself", s.Program, s.Build)
	}
	return nil
}

// fixtureChanges returns the files f changes, by path relative to the
// root, with their new content: the real files with the patch applied, or
// the whole replacements. Every changed file must be one the real program
// is built from; a patch that does not apply is an error naming the hunk.
func (b *Builder) fixtureChanges(f Fixture, src Source) (map[string][]byte, error) {
	root := b.Config.Root
	changed := map[string][]byte{}
	check := func(rel string) (string, error) {
		abs := filepath.Join(root, filepath.FromSlash(rel))
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return "", fmt.Errorf("%s: outside the root %s", rel, root)
		}
		if !fixtureMayChange(src, root, abs) {
			return "", fmt.Errorf("%s: not a file program %s is built from", rel, src.Program)
		}
		return abs, nil
	}
	if len(f.Patch) > 0 {
		fps, err := parsePatch(f.Patch)
		if err != nil {
			return nil, fmt.Errorf("%s.patch: %v", f.Name, err)
		}
		for _, fp := range fps {
			abs, err := check(fp.Path)
			if err != nil {
				return nil, fmt.Errorf("%s.patch: %v", f.Name, err)
			}
			old, err := os.ReadFile(abs)
			if err != nil {
				return nil, fmt.Errorf("%s.patch: %v", f.Name, err)
			}
			if _, dup := changed[fp.Path]; dup {
				return nil, fmt.Errorf("%s.patch: %s patched twice", f.Name, fp.Path)
			}
			if changed[fp.Path], err = fp.apply(old); err != nil {
				return nil, fmt.Errorf("%s.patch no longer applies to %s: %v", f.Name, src.Program, err)
			}
		}
	}
	for rel, file := range f.Whole {
		if _, err := check(rel); err != nil {
			return nil, fmt.Errorf("key \"whole\": %v", err)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		changed[rel] = data
	}
	return changed, nil
}

// fixtureMayChange says whether abs is among what src is built from: for
// C, a source or a header beside one or in an include folder; for Go, a
// .go file of the program's package or of a package of the root's module,
// which the overlay replaces in this build alone.
func fixtureMayChange(src Source, root, abs string) bool {
	if _, err := os.Stat(abs); err != nil {
		return false
	}
	switch src.Impl {
	case C:
		if slices.Contains(src.Sources, abs) {
			return true
		}
		if filepath.Ext(abs) != ".h" {
			return false
		}
		dirs := slices.Clone(src.Include)
		for _, s := range src.Sources {
			dirs = append(dirs, filepath.Dir(s))
		}
		return slices.Contains(dirs, filepath.Dir(abs))
	case Go:
		return filepath.Ext(abs) == ".go" && !strings.HasSuffix(abs, "_test.go")
	}
	return false
}

// buildGoFixture builds src's package with the changed files overlaid, so
// that the fixture is the real package, compiled as it is, but for them.
func (b *Builder) buildGoFixture(a arch.Arch, src Source, changed map[string][]byte, out string) error {
	work, err := os.MkdirTemp(filepath.Dir(out), "fixture")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	overlay := struct{ Replace map[string]string }{Replace: map[string]string{}}
	for rel, data := range changed {
		p := filepath.Join(work, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
		overlay.Replace[filepath.Join(b.Config.Root, filepath.FromSlash(rel))] = p
	}
	ov, err := json.Marshal(overlay)
	if err != nil {
		return err
	}
	ovFile := filepath.Join(work, "overlay.json")
	if err := os.WriteFile(ovFile, ov, 0o644); err != nil {
		return err
	}
	tmp := filepath.Join(work, "exe")
	args := append([]string{"build"}, GoFlags...)
	args = append(args, "-overlay", ovFile, "-o", tmp, src.Package)
	cmd := exec.Command("go", args...)
	cmd.Dir = b.Config.Root
	cmd.Env = b.goEnv(a)
	if outb, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s (GOARCH=%s): %v\n%s", strings.Join(args, " "), a.GOARCH, err, outb)
	}
	return os.Rename(tmp, out)
}

// buildCFixture builds src from copies of its changed files: a changed
// source replaces the original on the command line, a changed header is
// found first through -I of its copy's folder, and -iquote keeps the
// headers beside the original sources in reach of the copies.
func (b *Builder) buildCFixture(a arch.Arch, src Source, changed map[string][]byte, out string) error {
	work, err := os.MkdirTemp(filepath.Dir(out), "fixture")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	copyOf := map[string]string{}
	for rel, data := range changed {
		p := filepath.Join(work, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
		copyOf[filepath.Join(b.Config.Root, filepath.FromSlash(rel))] = p
	}
	s := src
	s.Sources = nil
	var quote []string
	for _, f := range src.Sources {
		if c, ok := copyOf[f]; ok {
			f = c
		}
		s.Sources = append(s.Sources, f)
		quote = append(quote, "-iquote", filepath.Dir(f))
	}
	for _, f := range src.Sources {
		quote = append(quote, "-iquote", filepath.Dir(f))
	}
	s.Include = nil
	for _, inc := range src.Include {
		if rel, err := filepath.Rel(b.Config.Root, inc); err == nil && filepath.IsLocal(rel) {
			s.Include = append(s.Include, filepath.Join(work, rel))
		}
	}
	s.Include = append(s.Include, src.Include...)
	s.CFlags = append(slices.Clone(src.CFlags), quote...)
	return b.buildC(a, s, out)
}
