package harness

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// Impl is the language a peer is written in.
type Impl string

const (
	C  Impl = "c"
	Go Impl = "go"
)

// CFlags are the flags every C peer is built with, before -I and -o.
var CFlags = []string{"-std=gnu17", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-static"}

// GoFlags are the flags every Go side is built with.
var GoFlags = []string{"-trimpath", "-buildvcs=false"}

// A Source is one peer program as found in the tree.
type Source struct {
	Program string // ctests/<Program>.c, gosides/<Program>/
	Impl    Impl
	Path    string // the .c file, or the Go package directory
	Fixture bool   // a deliberately broken program, for must-fail fixtures
}

// A Peer is a built peer: a program, its implementation, its architecture,
// and the executable in the cache.
type Peer struct {
	Program string
	Impl    Impl
	Arch    arch.Arch
	Path    string
	// BuildErr says why the peer could not be built. A broken peer fails
	// the scenarios that run it (and TestPeersBuild), not every scenario.
	BuildErr error
}

func (p Peer) String() string {
	return fmt.Sprintf("%s, %s/%s", p.Program, p.Impl, p.Arch.GOARCH)
}

// Discover lists the peers of the tree at root: ctests/*.c and
// gosides/*/ main packages, and the fixtures under ctests/fixtures and
// gosides/fixtures. Program names are unique per implementation.
func Discover(root string) ([]Source, error) {
	var out []Source
	for _, dir := range []struct {
		path    string
		fixture bool
	}{{"ctests", false}, {"ctests/fixtures", true}} {
		files, err := filepath.Glob(filepath.Join(root, dir.path, "*.c"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			out = append(out, Source{Program: strings.TrimSuffix(filepath.Base(f), ".c"), Impl: C, Path: f, Fixture: dir.fixture})
		}
	}
	for _, dir := range []struct {
		path    string
		fixture bool
	}{{"gosides", false}, {"gosides/fixtures", true}} {
		entries, err := os.ReadDir(filepath.Join(root, dir.path))
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		for _, e := range entries {
			pkg := filepath.Join(root, dir.path, e.Name())
			if !e.IsDir() {
				continue
			}
			isMain, err := isMainPackage(pkg)
			if err != nil {
				return nil, err
			}
			if isMain {
				out = append(out, Source{Program: e.Name(), Impl: Go, Path: pkg, Fixture: dir.fixture})
			}
		}
	}
	seen := map[string]string{}
	for _, s := range out {
		k := string(s.Impl) + "/" + s.Program
		if prev, ok := seen[k]; ok {
			return nil, fmt.Errorf("two %s peers named %q: %s and %s", s.Impl, s.Program, prev, s.Path)
		}
		seen[k] = s.Path
	}
	return out, nil
}

func isMainPackage(dir string) (bool, error) {
	files, err := goFiles(dir)
	if err != nil || len(files) == 0 {
		return false, err
	}
	f, err := parser.ParseFile(token.NewFileSet(), files[0], nil, parser.PackageClauseOnly)
	if err != nil {
		return false, err
	}
	return f.Name.Name == "main", nil
}

// goFiles lists the non-test .go files directly in dir.
func goFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out, nil
}

// BuildStats says what one Build did.
type BuildStats struct {
	Arch           string
	Built, Cached  int
	Failed         int
	Elapsed        time.Duration
	CompilerCalls  int
	BuiltPrograms  []string
	CachedPrograms []string
}

func (s BuildStats) String() string {
	if s.Built == 0 {
		return fmt.Sprintf("peers for %s: %d cached, nothing rebuilt (%v)", s.Arch, s.Cached, s.Elapsed.Round(time.Millisecond))
	}
	return fmt.Sprintf("peers for %s: %d built (%d failed) in %d compiler calls, %d cached (%v); built: %s",
		s.Arch, s.Built, s.Failed, s.CompilerCalls, s.Cached, s.Elapsed.Round(time.Millisecond), strings.Join(s.BuiltPrograms, " "))
}

// A Builder builds peers into a cache keyed by the content of their
// sources, the compiler's identity, the flags and the target architecture.
// It is safe for concurrent use, and several processes may share one cache:
// entries are written to a temporary name and renamed into place.
type Builder struct {
	Root     string // module root
	CacheDir string

	mu      sync.Mutex
	results map[string]*buildResult // by GOARCH
	idents  map[string]string       // compiler identities, by command
	trimmed bool
}

type buildResult struct {
	once  sync.Once
	peers map[string]Peer // by "impl/program"
	stats BuildStats
	err   error
}

// NewBuilder returns a builder for the module at root, caching in
// $IPCCONFORM_CACHE or else the user cache directory.
func NewBuilder(root string) (*Builder, error) {
	dir := os.Getenv("IPCCONFORM_CACHE")
	if dir == "" {
		uc, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache directory: set IPCCONFORM_CACHE: %w", err)
		}
		dir = filepath.Join(uc, "ipcconform", "peers")
	}
	return &Builder{Root: root, CacheDir: dir, results: map[string]*buildResult{}, idents: map[string]string{}}, nil
}

// Build builds (or finds in the cache) every peer for a, once per Builder.
func (b *Builder) Build(a arch.Arch) (map[string]Peer, BuildStats, error) {
	b.mu.Lock()
	r := b.results[a.GOARCH]
	if r == nil {
		r = &buildResult{}
		b.results[a.GOARCH] = r
	}
	b.mu.Unlock()
	r.once.Do(func() { r.peers, r.stats, r.err = b.build(a) })
	return r.peers, r.stats, r.err
}

func peerKey(impl Impl, program string) string { return string(impl) + "/" + program }

func (b *Builder) build(a arch.Arch) (map[string]Peer, BuildStats, error) {
	start := time.Now()
	stats := BuildStats{Arch: a.GOARCH}
	if err := a.HaveCC(); err != nil {
		return nil, stats, err
	}
	srcs, err := Discover(b.Root)
	if err != nil {
		return nil, stats, err
	}
	dir := filepath.Join(b.CacheDir, a.GOARCH)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, stats, err
	}
	b.trimOnce()

	cIdent, err := b.identity(a.CC(), "--version")
	if err != nil {
		return nil, stats, err
	}
	goIdent, err := b.identity("go", "version")
	if err != nil {
		return nil, stats, err
	}
	headers, err := hashTree(filepath.Join(b.Root, "ctests", "include"), ".h")
	if err != nil {
		return nil, stats, err
	}
	goLib, err := b.goLibraryHash(srcs)
	if err != nil {
		return nil, stats, err
	}

	peers := map[string]Peer{}
	var missC, missGo []Source
	for _, s := range srcs {
		h := sha256.New()
		fmt.Fprintf(h, "ipcconform peer v1\x00%s\x00%s\x00%s\x00", s.Impl, a.GOARCH, strings.Join(a.Env, " "))
		switch s.Impl {
		case C:
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00", cIdent, strings.Join(CFlags, " "), headers)
			if err := hashFile(h, s.Path); err != nil {
				return nil, stats, err
			}
		case Go:
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00", goIdent, strings.Join(GoFlags, " "), goLib)
			files, err := goFiles(s.Path)
			if err != nil {
				return nil, stats, err
			}
			for _, f := range files {
				fmt.Fprintf(h, "%s\x00", filepath.Base(f))
				if err := hashFile(h, f); err != nil {
					return nil, stats, err
				}
			}
		}
		sum := hex.EncodeToString(h.Sum(nil))[:20]
		p := Peer{Program: s.Program, Impl: s.Impl, Arch: a, Path: filepath.Join(dir, fmt.Sprintf("%s-%s-%s", s.Impl, s.Program, sum))}
		peers[peerKey(s.Impl, s.Program)] = p
		if _, err := os.Stat(p.Path); err == nil {
			now := time.Now()
			_ = os.Chtimes(p.Path, now, now) // keep in use entries from being trimmed
			stats.Cached++
			stats.CachedPrograms = append(stats.CachedPrograms, peerKey(s.Impl, s.Program))
			continue
		}
		if s.Impl == C {
			missC = append(missC, s)
		} else {
			missGo = append(missGo, s)
		}
	}

	// The Go sides of one architecture build in a single go invocation;
	// C needs one compiler call per executable, run in parallel.
	var wg sync.WaitGroup
	var mu sync.Mutex
	goCalls := 0 // written by the Go build goroutine alone, read after Wait
	goOut := map[string]string{}
	for _, s := range missGo {
		goOut[s.Program] = peers[peerKey(Go, s.Program)].Path
	}
	fail := func(impl Impl, program string, err error) {
		mu.Lock()
		defer mu.Unlock()
		p := peers[peerKey(impl, program)]
		p.BuildErr = err
		peers[peerKey(impl, program)] = p
	}
	if len(missGo) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			goCalls++
			if err := b.buildGo(a, dir, missGo, goOut); err == nil {
				return
			}
			// One broken package fails the whole invocation: build each
			// alone to say which ones are broken.
			for _, s := range missGo {
				goCalls++
				if err := b.buildGo(a, dir, []Source{s}, goOut); err != nil {
					fail(Go, s.Program, err)
				}
			}
		}()
	}
	cOut := map[string]string{}
	for _, s := range missC {
		cOut[s.Program] = peers[peerKey(C, s.Program)].Path
	}
	sem := make(chan struct{}, runtime.NumCPU())
	for _, s := range missC {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := b.buildC(a, s, cOut[s.Program]); err != nil {
				fail(C, s.Program, err)
			}
		}()
	}
	wg.Wait()
	for _, s := range append(missC, missGo...) {
		stats.BuiltPrograms = append(stats.BuiltPrograms, peerKey(s.Impl, s.Program))
	}
	sort.Strings(stats.BuiltPrograms)
	stats.Built = len(missC) + len(missGo)
	for _, p := range peers {
		if p.BuildErr != nil {
			stats.Failed++
		}
	}
	stats.CompilerCalls = len(missC) + goCalls
	stats.Elapsed = time.Since(start)
	return peers, stats, nil
}

func (b *Builder) buildC(a arch.Arch, s Source, out string) error {
	tmp := fmt.Sprintf("%s.tmp%d", out, os.Getpid())
	args := append(append([]string{}, CFlags...), "-I", filepath.Join(b.Root, "ctests", "include"), "-o", tmp, s.Path)
	cmd := exec.Command(a.CC(), args...)
	cmd.Dir = b.Root
	if outb, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s %s: %v\n%s", a.CC(), strings.Join(args, " "), err, outb)
	}
	return os.Rename(tmp, out)
}

func (b *Builder) buildGo(a arch.Arch, dir string, srcs []Source, out map[string]string) error {
	tmp, err := os.MkdirTemp(dir, "gobuild")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	args := append([]string{"build"}, GoFlags...)
	args = append(args, "-o", tmp+string(filepath.Separator))
	for _, s := range srcs {
		rel, err := filepath.Rel(b.Root, s.Path)
		if err != nil {
			return err
		}
		args = append(args, "./"+filepath.ToSlash(rel))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = b.Root
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+a.GOARCH, "CGO_ENABLED=0")
	cmd.Env = append(cmd.Env, a.Env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s (GOARCH=%s): %v\n%s", strings.Join(args, " "), a.GOARCH, err, out)
	}
	for _, s := range srcs {
		if err := os.Rename(filepath.Join(tmp, s.Program), out[s.Program]); err != nil {
			return err
		}
	}
	return nil
}

// identity returns what a compiler says of itself, plus where it lives,
// computed once per Builder.
func (b *Builder) identity(name string, args ...string) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	key := name + " " + strings.Join(args, " ")
	if id, ok := b.idents[key]; ok {
		return id, nil
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", err
	}
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	id := path + "\x00" + string(out)
	b.idents[key] = id
	return id, nil
}

// goLibraryHash hashes go.mod, go.sum and every package under gosides that
// is not itself a peer: the code every Go side may import.
func (b *Builder) goLibraryHash(srcs []Source) (string, error) {
	mains := map[string]bool{}
	for _, s := range srcs {
		if s.Impl == Go {
			mains[s.Path] = true
		}
	}
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := hashFile(h, filepath.Join(b.Root, f)); err != nil && !os.IsNotExist(err) {
			return "", err
		}
	}
	err := filepath.WalkDir(filepath.Join(b.Root, "gosides"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if mains[path] || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			fmt.Fprintf(h, "%s\x00", path[len(b.Root):])
			return hashFile(h, path)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// hashTree hashes the names and contents of the files in dir ending in ext.
func hashTree(dir, ext string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*"+ext))
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00", filepath.Base(f))
		if err := hashFile(h, f); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h interface{ Write([]byte) (int, error) }, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "%d\x00", len(data))
	_, err = h.Write(data)
	return err
}

// trimOnce removes cache entries unused for five days, as the go command
// trims its own build cache, so the cache does not grow without bound.
func (b *Builder) trimOnce() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.trimmed {
		return
	}
	b.trimmed = true
	cutoff := time.Now().Add(-5 * 24 * time.Hour)
	_ = filepath.WalkDir(b.CacheDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(path)
		}
		return nil
	})
}

// FindRoot returns the module root: the nearest directory at or above dir
// holding go.mod.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(data, []byte("module github.com/ipcconform/ipcconform")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no ipcconform go.mod at or above %s", dir)
		}
	}
}
