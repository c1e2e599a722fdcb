package harness

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
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

// GoFlags are the flags every Go peer is built with.
var GoFlags = []string{"-trimpath", "-buildvcs=false"}

// A Source is one peer program as the configuration names it.
type Source struct {
	Program string
	Impl    Impl
	Fixture bool // a deliberately broken program, for must-fail fixtures
	// Path is where the program is, for messages: its first source file,
	// its build folder or its package.
	Path string

	// C from sources.
	Sources []string // absolute
	Include []string // absolute
	CFlags  []string
	Libs    []string
	// C from a build command, run in a copy of Dir.
	Dir   string // absolute
	Build string
	// Go: an import path, or "./dir" relative to the root.
	Package string
	// Other implementations: the command that starts the program, with
	// $DIR naming the copy of its files, and the commands it needs.
	Run   string
	Needs []string
}

// A Peer is a built peer: a program, its implementation, its architecture,
// and the executable in the cache.
type Peer struct {
	Program string
	Impl    Impl
	Arch    arch.Arch
	Path    string
	// BuildErr says why the peer could not be built. A broken peer fails
	// the scenarios that run it (and CheckPeersBuild), not every scenario.
	BuildErr error
	// Missing says what the peer needs and the architecture lacks (a C
	// library its compiler does not find): it was not built, and the
	// cells that run it there are skipped, saying so.
	Missing string
}

func (p Peer) String() string {
	return fmt.Sprintf("%s, %s/%s", p.Program, p.Impl, p.Arch.GOARCH)
}

// Discover lists the programs cfg's peers name: one per C file or Go main
// package a glob matches, one per named peer. Program names are unique
// per implementation.
func Discover(cfg *Config) ([]Source, error) {
	var out []Source
	abs := func(ps []string) []string {
		var o []string
		for _, p := range ps {
			o = append(o, filepath.Join(cfg.Root, p))
		}
		return o
	}
	for i, spec := range cfg.Peers {
		base := Source{Impl: spec.Impl, Fixture: spec.Fixture, Include: abs(spec.Include), CFlags: spec.CFlags, Libs: spec.Libs, Build: spec.Build, Run: spec.Run, Needs: spec.Needs}
		if base.CFlags == nil {
			base.CFlags = DefaultCFlags
		}
		if spec.Name != "" {
			s := base
			s.Program = spec.Name
			switch {
			case len(spec.Sources) > 0:
				s.Sources = abs(spec.Sources)
				s.Path = s.Sources[0]
			case spec.Dir != "":
				s.Dir = filepath.Join(cfg.Root, spec.Dir)
				s.Path = s.Dir
			default:
				s.Package = spec.Package
				s.Path = spec.Package
			}
			out = append(out, s)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(cfg.Root, spec.Glob))
		if err != nil {
			return nil, fmt.Errorf("peers[%d]: glob %q: %v", i, spec.Glob, err)
		}
		for _, m := range matches {
			s := base
			s.Path = m
			switch spec.Impl {
			case C:
				if !strings.HasSuffix(m, ".c") {
					continue
				}
				s.Program = strings.TrimSuffix(filepath.Base(m), ".c")
				s.Sources = []string{m}
			case Go:
				if fi, err := os.Stat(m); err != nil || !fi.IsDir() {
					continue
				}
				isMain, err := isMainPackage(m)
				if err != nil {
					return nil, err
				}
				if !isMain {
					continue
				}
				rel, err := filepath.Rel(cfg.Root, m)
				if err != nil {
					return nil, err
				}
				s.Program = filepath.Base(m)
				s.Package = "./" + filepath.ToSlash(rel)
			}
			out = append(out, s)
		}
	}
	seen := map[string]string{}
	for _, s := range out {
		k := peerKey(s.Impl, s.Program)
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
	Config   *Config
	CacheDir string

	mu      sync.Mutex
	results map[string]*buildResult // by GOARCH
	idents  map[string]string       // compiler identities, by command
	trimmed bool
	// fixturePeers are the fixture programs BuildFixtures built, by
	// GOARCH and then as peers are keyed.
	fixturePeers map[string]map[string]Peer
	// Foreign, when set, names the only programs built for architectures
	// other than the host's: those the scripts start. The host builds
	// every program, so that a program no script uses (a benchmark's)
	// still has to build.
	Foreign map[string]bool
}

type buildResult struct {
	once  sync.Once
	peers map[string]Peer // by "impl/program"
	stats BuildStats
	err   error
}

// NewBuilder returns a builder for cfg's peers, caching in
// $IPCCONFORM_CACHE or else the user cache directory.
func NewBuilder(cfg *Config) (*Builder, error) {
	dir := os.Getenv("IPCCONFORM_CACHE")
	if dir == "" {
		uc, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache directory: set IPCCONFORM_CACHE: %w", err)
		}
		dir = filepath.Join(uc, "ipcconform", "peers")
	}
	return &Builder{Config: cfg, CacheDir: dir, results: map[string]*buildResult{}, idents: map[string]string{}}, nil
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
	return b.withFixtures(a, r.peers), r.stats, r.err
}

// Interpreted reports whether i is a third language, run by a command on
// the host rather than built per architecture.
func (i Impl) Interpreted() bool { return i != C && i != Go }

func peerKey(impl Impl, program string) string { return string(impl) + "/" + program }

func (b *Builder) build(a arch.Arch) (map[string]Peer, BuildStats, error) {
	start := time.Now()
	stats := BuildStats{Arch: a.GOARCH}
	srcs, err := Discover(b.Config)
	if err != nil {
		return nil, stats, err
	}
	var haveC, haveGo bool
	for _, s := range srcs {
		haveC = haveC || (s.Impl == C && a.NoCC == "")
		haveGo = haveGo || s.Impl == Go
	}
	if haveC {
		if err := a.HaveCC(); err != nil {
			return nil, stats, err
		}
	}
	dir := filepath.Join(b.CacheDir, a.GOARCH)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, stats, err
	}
	b.trimOnce()

	var cIdent, goIdent string
	if haveC {
		if cIdent, err = b.identity(a.CC(), "--version"); err != nil {
			return nil, stats, err
		}
	}
	var goDeps map[string]string // package -> hash of what it depends on
	if haveGo {
		if goIdent, err = b.identity("go", "version"); err != nil {
			return nil, stats, err
		}
		if goDeps, err = b.goDepsHashes(a, srcs); err != nil {
			return nil, stats, err
		}
	}

	peers := map[string]Peer{}
	var missC, missGo, missOther []Source
	for _, s := range srcs {
		if s.Impl.Interpreted() && a.GOARCH != arch.Host().GOARCH {
			continue // a third language runs on the host alone
		}
		if a.GOARCH != arch.Host().GOARCH && b.Foreign != nil && !b.Foreign[s.Program] {
			continue // no script starts it: no cell there needs it
		}
		if s.Impl == C && a.NoCC != "" {
			continue // no C compiler there: the matrix has no cell that needs one
		}
		h := sha256.New()
		fmt.Fprintf(h, "ipcconform peer v2\x00%s\x00%s\x00%s\x00", s.Impl, a.GOARCH, strings.Join(a.Env, " "))
		switch s.Impl {
		case C:
			fmt.Fprintf(h, "%s\x00%q\x00%q\x00%q\x00", cIdent, s.CFlags, s.Libs, s.Build)
			if err := hashCInputs(h, s); err != nil {
				return nil, stats, err
			}
		case Go:
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", goIdent, strings.Join(GoFlags, " "), s.Package, goDeps[s.Package])
		default:
			fmt.Fprintf(h, "%q\x00%q\x00%q\x00", s.Build, s.Run, s.Needs)
			if err := hashCInputs(h, s); err != nil {
				return nil, stats, err
			}
		}
		sum := hex.EncodeToString(h.Sum(nil))[:20]
		p := Peer{Program: s.Program, Impl: s.Impl, Arch: a, Path: filepath.Join(dir, fmt.Sprintf("%s-%s-%s", s.Impl, s.Program, sum))}
		if s.Impl == C {
			if p.Missing = b.missingLibs(a, s.Needs); p.Missing != "" {
				p.Missing = fmt.Sprintf("%s (c) is not built for %s: %s", s.Program, a.GOARCH, p.Missing)
				peers[peerKey(s.Impl, s.Program)] = p
				continue
			}
		}
		peers[peerKey(s.Impl, s.Program)] = p
		if _, err := os.Stat(p.Path); err == nil {
			now := time.Now()
			_ = os.Chtimes(p.Path, now, now) // keep in use entries from being trimmed
			stats.Cached++
			stats.CachedPrograms = append(stats.CachedPrograms, peerKey(s.Impl, s.Program))
			continue
		}
		switch s.Impl {
		case C:
			missC = append(missC, s)
		case Go:
			missGo = append(missGo, s)
		default:
			missOther = append(missOther, s)
		}
	}
	for _, s := range missOther {
		if err := buildInterpreted(s, peers[peerKey(s.Impl, s.Program)].Path); err != nil {
			p := peers[peerKey(s.Impl, s.Program)]
			p.BuildErr = err
			peers[peerKey(s.Impl, s.Program)] = p
		}
	}

	// The Go peers of one architecture build in as few go invocations as
	// their executables' names allow; C needs one compiler call (or build
	// command) per executable, run in parallel.
	var wg sync.WaitGroup
	var mu sync.Mutex
	goCalls := 0 // written by the Go build goroutine alone, read after Wait
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
			for _, batch := range goBatches(missGo) {
				goCalls++
				if err := b.buildGo(a, dir, batch, peers); err == nil {
					continue
				}
				// One broken package fails the whole invocation: build
				// each alone to say which ones are broken.
				for _, s := range batch {
					goCalls++
					if err := b.buildGo(a, dir, []Source{s}, peers); err != nil {
						fail(Go, s.Program, err)
					}
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
	for _, s := range append(append(missC, missGo...), missOther...) {
		stats.BuiltPrograms = append(stats.BuiltPrograms, peerKey(s.Impl, s.Program))
	}
	sort.Strings(stats.BuiltPrograms)
	stats.Built = len(missC) + len(missGo) + len(missOther)
	for _, p := range peers {
		if p.BuildErr != nil {
			stats.Failed++
		}
	}
	stats.CompilerCalls = len(missC) + goCalls
	stats.Elapsed = time.Since(start)
	return peers, stats, nil
}

// hashCInputs hashes what a C peer is made of: its sources and the headers
// beside them and in its include folders, or everything under the folder
// its build command runs in.
func hashCInputs(h io.Writer, s Source) error {
	if s.Dir != "" {
		return filepath.WalkDir(s.Dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if !d.Type().IsRegular() {
				return nil
			}
			fmt.Fprintf(h, "%s\x00", path[len(s.Dir):])
			return hashFile(h, path)
		})
	}
	dirs := append([]string{}, s.Include...)
	for _, src := range s.Sources {
		fmt.Fprintf(h, "%s\x00", filepath.Base(src))
		if err := hashFile(h, src); err != nil {
			return err
		}
		dirs = append(dirs, filepath.Dir(src))
	}
	seen := map[string]bool{}
	for _, d := range dirs {
		if seen[d] {
			continue
		}
		seen[d] = true
		sum, err := hashTree(d, ".h")
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00", sum)
	}
	return nil
}

func (b *Builder) buildC(a arch.Arch, s Source, out string) error {
	if s.Build != "" {
		return b.runBuildCommand(a, s, out)
	}
	tmp := fmt.Sprintf("%s.tmp%d", out, os.Getpid())
	args := append([]string{}, s.CFlags...)
	for _, inc := range s.Include {
		args = append(args, "-I", inc)
	}
	args = append(args, "-o", tmp)
	args = append(args, s.Sources...)
	args = append(args, s.Libs...)
	cmd := exec.Command(a.CC(), args...)
	cmd.Dir = b.Config.Root
	if outb, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s %s: %v\n%s", a.CC(), strings.Join(args, " "), err, outb)
	}
	return os.Rename(tmp, out)
}

// missingLibs says which of the library files needs a's C compiler does
// not find (gcc -print-file-name prints the name alone when it finds none),
// or "" when it finds them all.
func (b *Builder) missingLibs(a arch.Arch, needs []string) string {
	var missing []string
	for _, n := range needs {
		out, err := exec.Command(a.CC(), "-print-file-name="+n).Output()
		found := strings.TrimSpace(string(out))
		if err != nil || !filepath.IsAbs(found) {
			missing = append(missing, n)
			continue
		}
		if _, err := os.Stat(found); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("it needs %s, which %s does not find", strings.Join(missing, " and "), a.CC())
}

// runBuildCommand runs a peer's build command in a copy of its folder, so
// that builds for several architectures never share object files and the
// user's tree stays clean.
func (b *Builder) runBuildCommand(a arch.Arch, s Source, out string) error {
	work, err := os.MkdirTemp(filepath.Dir(out), "cbuild")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.CopyFS(work, os.DirFS(s.Dir)); err != nil {
		return fmt.Errorf("copying %s: %v", s.Dir, err)
	}
	tmp := out + ".tmp" + strconv.Itoa(os.Getpid())
	cmd := exec.Command("sh", "-c", s.Build)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "CC="+a.CC(), "CFLAGS="+strings.Join(s.CFlags, " "), "GOARCH="+a.GOARCH, "OUT="+tmp)
	if outb, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("build of %s for %s (sh -c %q in a copy of %s): %v\n%s", s.Program, a.GOARCH, s.Build, s.Dir, err, outb)
	}
	if fi, err := os.Stat(tmp); err != nil || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("build of %s for %s (sh -c %q): wrote no executable to $OUT", s.Program, a.GOARCH, s.Build)
	}
	return os.Rename(tmp, out)
}

// buildInterpreted readies a program of a third language: its files
// copied into a folder of the cache (and its build command run there),
// and at out a script that starts it with $DIR naming that folder.
func buildInterpreted(s Source, out string) error {
	dir := out + ".d"
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if s.Dir != "" {
		if err := os.CopyFS(dir, os.DirFS(s.Dir)); err != nil {
			return fmt.Errorf("copying %s: %v", s.Dir, err)
		}
	} else {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for _, f := range s.Sources {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
				return err
			}
		}
	}
	if s.Build != "" {
		cmd := exec.Command("sh", "-c", s.Build)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "DIR="+dir)
		if outb, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build of %s (sh -c %q in %s): %v\n%s", s.Program, s.Build, dir, err, outb)
		}
	}
	script := fmt.Sprintf("#!/bin/sh\n# %s, %s implementation\nDIR=%s\nexport DIR\nexec %s \"$@\"\n", s.Program, s.Impl, shellQuote(dir), s.Run)
	tmp := fmt.Sprintf("%s.tmp%d", out, os.Getpid())
	if err := os.WriteFile(tmp, []byte(script), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// exeName is the name go build gives a main package's executable: the
// last element of its import path, or the one before a major version.
func exeName(pkg string) string {
	pkg = strings.TrimSuffix(pkg, "/")
	elem := path.Base(pkg)
	if len(elem) > 1 && elem[0] == 'v' && strings.Trim(elem[1:], "0123456789") == "" && path.Dir(pkg) != "." {
		elem = path.Base(path.Dir(pkg))
	}
	return elem
}

// goBatches splits srcs into groups whose executables' names differ, as
// one go build -o dir/ requires.
func goBatches(srcs []Source) [][]Source {
	var out [][]Source
	var names []map[string]bool
	for _, s := range srcs {
		n := exeName(s.Package)
		i := 0
		for i < len(out) && names[i][n] {
			i++
		}
		if i == len(out) {
			out = append(out, nil)
			names = append(names, map[string]bool{})
		}
		out[i] = append(out[i], s)
		names[i][n] = true
	}
	return out
}

func (b *Builder) goEnv(a arch.Arch) []string {
	env := append(os.Environ(), "GOOS=linux", "GOARCH="+a.GOARCH, "CGO_ENABLED=0")
	return append(env, a.Env...)
}

func (b *Builder) buildGo(a arch.Arch, dir string, srcs []Source, peers map[string]Peer) error {
	tmp, err := os.MkdirTemp(dir, "gobuild")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	args := append([]string{"build"}, GoFlags...)
	args = append(args, "-o", tmp+string(filepath.Separator))
	for _, s := range srcs {
		args = append(args, s.Package)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = b.Config.Root
	cmd.Env = b.goEnv(a)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s (GOARCH=%s): %v\n%s", strings.Join(args, " "), a.GOARCH, err, out)
	}
	for _, s := range srcs {
		if err := os.Rename(filepath.Join(tmp, exeName(s.Package)), peers[peerKey(Go, s.Program)].Path); err != nil {
			return err
		}
	}
	return nil
}

// goDepsHashes hashes, for each Go peer's package, everything its build
// depends on outside the standard library: the files of packages in the
// main module or a local replacement, and the path and version of a
// module from the module cache, whose content go.sum pins.
func (b *Builder) goDepsHashes(a arch.Arch, srcs []Source) (map[string]string, error) {
	var pkgs []string
	for _, s := range srcs {
		if s.Impl == Go {
			pkgs = append(pkgs, s.Package)
		}
	}
	args := append([]string{"list", "-e", "-deps", "-json=ImportPath,Dir,GoFiles,EmbedFiles,Standard,Module,Deps,Error"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = b.Config.Root
	cmd.Env = b.goEnv(a)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list (GOARCH=%s): %v\n%s", a.GOARCH, err, stderr.Bytes())
	}
	type module struct {
		Path, Version string
		Replace       *struct{ Path, Version string }
	}
	type listed struct {
		ImportPath, Dir     string
		GoFiles, EmbedFiles []string
		Standard            bool
		Module              *module
		Deps                []string
		Error               *struct{ Err string }
	}
	byPath := map[string]*listed{}
	var order []*listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var l listed
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("go list: %v", err)
		}
		byPath[l.ImportPath] = &l
		order = append(order, &l)
	}
	own := map[string]string{} // import path -> hash of the package alone
	for _, l := range order {
		if l.Standard {
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00", l.ImportPath)
		if l.Error != nil {
			fmt.Fprintf(h, "error %s\x00", l.Error.Err)
		}
		if m := l.Module; m != nil && m.Version != "" && (m.Replace == nil || m.Replace.Version != "") {
			fmt.Fprintf(h, "%s@%s\x00", m.Path, m.Version)
			if m.Replace != nil {
				fmt.Fprintf(h, "=> %s@%s\x00", m.Replace.Path, m.Replace.Version)
			}
		} else {
			for _, f := range append(append([]string{}, l.GoFiles...), l.EmbedFiles...) {
				fmt.Fprintf(h, "%s\x00", f)
				if err := hashFile(h, filepath.Join(l.Dir, f)); err != nil {
					return nil, err
				}
			}
		}
		own[l.ImportPath] = hex.EncodeToString(h.Sum(nil))
	}
	// A peer's package is named as the configuration names it: a folder
	// ("./x", found by the listing's Dir) or an import path.
	byDir := map[string]*listed{}
	for _, l := range order {
		if l.Standard {
			continue
		}
		dir := l.Dir
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
		}
		byDir[dir] = l
	}
	resolve := func(p string) *listed {
		if strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
			dir := filepath.Join(b.Config.Root, p)
			if real, err := filepath.EvalSymlinks(dir); err == nil {
				dir = real
			}
			return byDir[dir]
		}
		return byPath[p]
	}
	hashes := map[string]string{}
	for _, p := range pkgs {
		l := resolve(p)
		if l == nil {
			// A constant in its place would keep a stale build forever.
			return nil, fmt.Errorf("go list (GOARCH=%s): package %s not in its own listing", a.GOARCH, p)
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00", own[l.ImportPath])
		for _, d := range l.Deps {
			fmt.Fprintf(h, "%s\x00", own[d])
		}
		hashes[p] = hex.EncodeToString(h.Sum(nil))
	}
	return hashes, nil
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

// FindConfig returns the configuration file at or above dir: the nearest
// ipcconform.json.
func FindConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, ConfigFile)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s at or above %s (ipcconform init writes one)", ConfigFile, dir)
		}
	}
}

// FindRoot returns the folder of the configuration file at or above dir.
func FindRoot(dir string) (string, error) {
	p, err := FindConfig(dir)
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}
