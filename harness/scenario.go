package harness

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
	"github.com/ipcconform/ipcconform/harness/layout"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// A Scenario is one script of testdata/script and the roles it names.
type Scenario struct {
	Name  string // file name without .txtar
	File  string
	Roles []string
	// Programs are the programs its peer and peer-path commands start
	// as a pairing binds them (those without -impl), in order.
	Programs []string
	// Impls, when set, are the implementations of each role beyond C and
	// Go that its host cells pair too (a third language that has every
	// program the script starts in that role).
	Impls map[string][]Impl
}

var rolesLine = regexp.MustCompile(`^roles((?:\s+[a-z][a-z0-9]*)+)\s*$`)

// LoadScenarios reads every .txtar script in dir. A script states its roles
// once, in a `roles` command that must be its first command.
func LoadScenarios(dir string) ([]Scenario, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	var out []Scenario
	for _, f := range files {
		sc, err := ParseScenario(f)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no scenarios (*.txtar) in %s", dir)
	}
	return out, nil
}

// ParseScenario reads the roles of one script.
func ParseScenario(file string) (Scenario, error) {
	f, err := os.Open(file)
	if err != nil {
		return Scenario{}, err
	}
	defer f.Close()
	sc := Scenario{Name: strings.TrimSuffix(filepath.Base(file), ".txtar"), File: file}
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := rolesLine.FindStringSubmatch(line)
		if m == nil {
			return sc, fmt.Errorf("%s:%d: the first command must be `roles role...`, found %q", file, n, line)
		}
		sc.Roles = strings.Fields(m[1])
		seen := map[string]bool{}
		for _, r := range sc.Roles {
			if seen[r] {
				return sc, fmt.Errorf("%s:%d: role %q named twice", file, n, r)
			}
			seen[r] = true
		}
		named := map[string]bool{}
		for s.Scan() {
			line := s.Text()
			if strings.HasPrefix(line, "-- ") {
				break // the archive's files
			}
			if p := programOf(line); p != "" && !named[p] {
				named[p] = true
				sc.Programs = append(sc.Programs, p)
			}
		}
		return sc, s.Err()
	}
	if err := s.Err(); err != nil {
		return sc, err
	}
	return sc, fmt.Errorf("%s: no `roles` command", file)
}

// A Binding says how one role is played: by which implementation, on which
// architecture, and (for must-fail fixtures) by which program in place of
// the role's own.
type Binding struct {
	Role    string
	Impl    Impl
	Arch    arch.Arch
	Program string // empty: <mechanism>_<role>, as the script names it
}

// A Pairing binds every role of a scenario.
type Pairing []Binding

// Name is the subtest name: "server=c,client=go", with "@arch" after a role
// that does not run on the host's architecture.
func (p Pairing) Name() string {
	parts := make([]string, len(p))
	host := arch.Host().GOARCH
	for i, b := range p {
		s := b.Role + "=" + string(b.Impl)
		if b.Program != "" {
			s = b.Role + "=" + b.Program
		}
		if b.Arch.GOARCH != host {
			s += "@" + b.Arch.GOARCH
		}
		parts[i] = s
	}
	return strings.Join(parts, ",")
}

func (p Pairing) binding(role string) (Binding, bool) {
	for _, b := range p {
		if b.Role == role {
			return b, true
		}
	}
	return Binding{}, false
}

// programOf returns the program a script line's peer or peer-path command
// starts as the pairing binds it, or "" for any other line (and for a
// program named with -impl, which no pairing binds).
func programOf(line string) string {
	p, impl := parsePeerLine(line)
	if impl {
		return ""
	}
	return p
}

// startedProgram is the program a peer or peer-path line starts, with or
// without -impl.
func startedProgram(line string) string {
	p, _ := parsePeerLine(line)
	return p
}

// parsePeerLine reads a peer or peer-path line: the program it starts, and
// whether -impl names its implementation.
func parsePeerLine(line string) (program string, impl bool) {
	f := strings.Fields(line)
	for len(f) > 0 && (strings.HasPrefix(f[0], "[") || f[0] == "!") {
		f = f[1:] // conditions and negation
	}
	if len(f) == 0 || (f[0] != "peer" && f[0] != "peer-path") {
		return "", false
	}
	cmd, f := f[0], f[1:]
	for len(f) > 1 && strings.HasPrefix(f[0], "-") {
		impl = impl || f[0] == "-impl"
		f = f[2:] // every flag of peer and peer-path takes a value
	}
	if cmd == "peer-path" && len(f) > 0 {
		f = f[1:] // the variable
	}
	if len(f) == 0 {
		return "", impl
	}
	return f[0], impl
}

// PairingsOf returns every assignment of the implementations impls offers
// each role (C and Go when it offers none), all on one architecture, with
// the C-only reference pairing first.
func PairingsOf(roles []string, impls map[string][]Impl, a arch.Arch) []Pairing {
	out := []Pairing{{}}
	for _, r := range roles {
		choices := impls[r]
		if len(choices) == 0 {
			choices = []Impl{C, Go}
		}
		var next []Pairing
		for _, p := range out {
			for _, impl := range choices {
				next = append(next, append(append(Pairing{}, p...), Binding{Role: r, Impl: impl, Arch: a}))
			}
		}
		out = next
	}
	return out
}

// Pairings returns every assignment of C and Go to roles, all on one
// architecture, with the C-only reference pairing first.
func Pairings(roles []string, a arch.Arch) []Pairing {
	n := len(roles)
	out := make([]Pairing, 0, 1<<n)
	for mask := 0; mask < 1<<n; mask++ {
		p := make(Pairing, n)
		for i, r := range roles {
			impl := C
			if mask&(1<<(n-1-i)) != 0 {
				impl = Go
			}
			p[i] = Binding{Role: r, Impl: impl, Arch: a}
		}
		out = append(out, p)
	}
	return out
}

// A Suite runs the scenarios of one configuration: it builds peers, hands
// each script its own keys and names, supervises the peers, and sweeps
// what they leave.
type Suite struct {
	Config  *Config
	Builder *Builder

	// PeerTimeout is handed to scripts as $PEER_TIMEOUT (whole seconds):
	// how long a peer itself waits for its counterpart before giving up.
	PeerTimeout time.Duration
	// PeerDeadline bounds every peer process; past it the peer is killed.
	PeerDeadline time.Duration
	// ScriptDeadline bounds a script's own commands (exec and the like).
	ScriptDeadline time.Duration

	foreignOnce sync.Once // sets Builder.Foreign before the first foreign build
}

// NewSuite returns a suite for cfg, which Load has validated.
func NewSuite(cfg *Config) (*Suite, error) {
	if cfg.role == nil {
		if err := cfg.validate(); err != nil {
			return nil, err
		}
	}
	b, err := NewBuilder(cfg)
	if err != nil {
		return nil, err
	}
	return &Suite{
		Config:         cfg,
		Builder:        b,
		PeerTimeout:    time.Duration(cfg.Timeouts.Peer),
		PeerDeadline:   time.Duration(cfg.Timeouts.PeerDeadline),
		ScriptDeadline: time.Duration(cfg.Timeouts.Script),
	}, nil
}

type openResult struct {
	once  sync.Once
	suite *Suite
	err   error
}

var opened sync.Map // absolute path of a configuration file -> *openResult

// Open returns the suite configured by the file at path, loaded once per
// process (so that each architecture's peers build once, whichever test
// asks first). A bad configuration fails t.
func Open(t testing.TB, path string) *Suite {
	t.Helper()
	s, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// OpenFile is Open for callers without a testing.TB.
func OpenFile(path string) (*Suite, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	v, _ := opened.LoadOrStore(abs, &openResult{})
	r := v.(*openResult)
	r.once.Do(func() {
		var cfg *Config
		if cfg, r.err = Load(abs); r.err == nil {
			r.suite, r.err = NewSuite(cfg)
		}
	})
	return r.suite, r.err
}

// Main runs a package's tests, then audits the machine: every IPC object,
// /dev/shm entry and process the run's scripts created must be gone,
// whatever the tests' outcome. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(harness.Main(m)) }
//
// Scenarios spend much of their time waiting on their peers (and on the
// timeouts hostile input must run into), so unless -parallel says
// otherwise, up to eight times as many run at once as there are CPUs,
// as many as the processors' load lets start (see gate.go).
func Main(m *testing.M) int {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		flag.Set("test.parallel", strconv.Itoa(MaxParallel()))
	}
	for _, l := range StaleSwept() {
		fmt.Fprintf(os.Stderr, "ipcconform: removed what a run that is gone left: %s\n", l)
	}
	code := m.Run()
	if err := removeRunDir(); err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
		code = 1
	}
	if left := Audit(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "ipcconform: the run left behind:\n")
		for _, l := range left {
			fmt.Fprintf(os.Stderr, "\t%s\n", l)
		}
		code = 1
	}
	return code
}

// Peers builds the peers of archs, once per Builder, and logs what the
// build did (and that a warm cache rebuilt nothing). A missing compiler or
// runner skips t with the command that installs it.
func (s *Suite) Peers(t testing.TB, archs ...arch.Arch) map[string]map[string]Peer {
	t.Helper()
	peers, err := s.build(t, archs)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return peers
}

func (s *Suite) build(t testing.TB, archs []arch.Arch) (map[string]map[string]Peer, error) {
	peers := map[string]map[string]Peer{}
	for _, a := range archs {
		if _, ok := peers[a.GOARCH]; ok {
			continue
		}
		if err := s.tools(a); err != nil {
			// A check that cannot run is not a pass, and not quietly a
			// skip either: the switch makes the skip a choice.
			if os.Getenv(SkipMissingTools) == "1" {
				t.Skipf("%v (skipped: %s=1)", err, SkipMissingTools)
			}
			t.Fatalf("%v; or set %s=1 to skip what needs it", err, SkipMissingTools)
		}
		if a.GOARCH != arch.Host().GOARCH {
			s.foreignOnce.Do(s.setForeign)
		}
		built, stats, err := s.Builder.Build(a)
		if err != nil {
			return nil, err
		}
		logBuildOnce(t, stats)
		peers[a.GOARCH] = built
	}
	return peers, nil
}

// needs says which command a third-language implementation of p cannot
// run without is missing: such a cell is skipped, saying so, never passed.
func (s *Suite) needs(p Pairing) error {
	for _, b := range p {
		if !b.Impl.Interpreted() {
			continue
		}
		for _, spec := range s.Config.Peers {
			if spec.Impl != b.Impl {
				continue
			}
			for _, n := range spec.Needs {
				if _, err := exec.LookPath(n); err != nil {
					return fmt.Errorf("the %s implementation needs %s, which is not on PATH (install it to run these cells)", b.Impl, n)
				}
			}
		}
	}
	return nil
}

// SkipMissingTools names the environment switch that turns a missing C
// compiler or emulator from a failure into a skip of what needs it.
const SkipMissingTools = "IPCCONFORM_SKIP_MISSING_TOOLS"

// tools says what is missing to build and run the configured peers for a:
// its runner, and its C compiler when a C peer is configured (unless a has
// none to install, when its cells are Go's alone).
func (s *Suite) tools(a arch.Arch) error {
	if err := a.HaveRunner(); err != nil {
		return err
	}
	for _, p := range s.Config.Peers {
		if p.Impl == C && a.NoCC == "" {
			return a.HaveCC()
		}
	}
	return nil
}

var buildLogged sync.Map

func logBuildOnce(t testing.TB, stats BuildStats) {
	if _, loaded := buildLogged.LoadOrStore(stats.Arch, true); !loaded {
		t.Logf("%s", stats)
	}
}

// Options adjust one run of a scenario. The zero value wants a pass.
type Options struct {
	// WantFail, when set, wants the script to fail with a log matching it.
	WantFail *regexp.Regexp
	// PeerTimeout, when set, replaces the suite's $PEER_TIMEOUT.
	PeerTimeout time.Duration
	// UpdateScripts rewrites differing cmp-bytes goldens in the script, as
	// UPDATE_SCRIPTS=1 in the environment does.
	UpdateScripts bool
	// XFail, when set, is the cell's expected failure: a failure whose log
	// matches its pattern is reported as a skip starting "XFAIL:"; one
	// that fails another way fails the test, and so does a pass (XPASS),
	// so the list of expected failures never goes stale.
	XFail *XFail
}

// Run runs scenario sc once under pairing p, as the parallel subtest
// t.Run(p.Name()). Everything per cell happens inside that subtest, once
// it is scheduled: the check for tools (a skip naming what to install),
// the build, and the script's deadline, which would otherwise run out
// while the cell waits its turn behind the others.
func (s *Suite) Run(t *testing.T, sc Scenario, p Pairing, opts Options) {
	t.Helper()
	t.Run(p.Name(), func(t *testing.T) {
		t.Parallel()
		defer cellGate().enter()()
		if err := s.needs(p); err != nil {
			t.Skipf("%v", err)
		}
		peers, err := s.buildFor(t, p)
		if err != nil {
			t.Fatalf("%v", err)
		}
		if why := missingPeer(s.Config, sc, p, peers); why != "" {
			t.Skip(why)
		}
		st := &scriptState{suite: s, scenario: sc, pairing: p, peers: peers, procs: map[string]*Process{}, peerTimeout: s.PeerTimeout}
		if opts.PeerTimeout > 0 {
			st.peerTimeout = opts.PeerTimeout
		}
		st.update = opts.UpdateScripts || os.Getenv("UPDATE_SCRIPTS") == "1"
		params := testscript.Params{
			Files:               []string{sc.File},
			Setup:               st.setup,
			Cmds:                commands(),
			Condition:           st.condition,
			RequireExplicitExec: true,
			RequireUniqueNames:  true,
			UpdateScripts:       st.update,
			// The suite bounds every script itself, inside go test's own timeout.
			Deadline: time.Now().Add(s.ScriptDeadline),
		}
		if d, ok := t.Deadline(); ok && d.Before(params.Deadline) {
			params.Deadline = d
		}
		// The work folder lives under the run's folder, which the next run
		// removes if this one is killed before removing it itself.
		run, err := RunDir()
		if err != nil {
			t.Fatalf("run folder: %v", err)
		}
		if params.WorkdirRoot, err = os.MkdirTemp(run, ""); err != nil {
			t.Fatalf("work folder: %v", err)
		}
		defer func() {
			if err := removeTree(params.WorkdirRoot); err != nil {
				t.Errorf("removing the work folder: %v", err)
			}
		}()
		testscript.RunT(&cellT{t: t, state: st, wantFail: opts.WantFail, xfail: opts.XFail}, params)
	})
}

// buildFor builds (or finds cached) the peers of every architecture p uses,
// and the host's, for helpers run with -impl and no -arch.
func (s *Suite) buildFor(t *testing.T, p Pairing) (map[string]map[string]Peer, error) {
	archs := []arch.Arch{arch.Host()}
	for _, b := range p {
		archs = append(archs, b.Arch)
	}
	return s.build(t, archs)
}

// cellT is the testscript.T of one cell. testscript runs each file as a
// subtest of its own; here the cell's subtest already exists, so Run runs
// the script inline, then sweeps what it left and checks the outcome the
// cell must have.
type cellT struct {
	t        *testing.T
	state    *scriptState
	wantFail *regexp.Regexp
	xfail    *XFail
}

func (c *cellT) Skip(args ...any)  { c.t.Skip(args...) }
func (c *cellT) Fatal(args ...any) { c.t.Fatal(args...) }
func (c *cellT) Parallel()         {} // the cell's subtest is parallel already
func (c *cellT) Log(args ...any)   { c.t.Log(args...) }
func (c *cellT) FailNow()          { c.t.FailNow() }
func (c *cellT) Verbose() bool     { return testing.Verbose() }

func (c *cellT) Run(_ string, f func(testscript.T)) {
	t := c.t
	st := &scriptT{t: t, capture: c.wantFail != nil || c.xfail != nil}
	defer func() {
		// A captured failure or a skip unwinds the script (its deferred
		// cleanup runs on the way, and its log is flushed) and ends here.
		if r := recover(); r != nil && r != errCapturedFailure && r != errSkip {
			panic(r)
		}
		c.state.sweep(t, st)
		c.state.mu.Lock()
		unchecked := c.state.unchecked
		c.state.mu.Unlock()
		if len(unchecked) > 0 && st.skip == "" && !st.failed && !t.Failed() {
			// A peer the script never waited on could have failed unseen:
			// the cell fails, naming it.
			for _, u := range unchecked {
				st.fail("FAIL: %s", u)
			}
		}
		switch {
		case st.skip != "" && c.wantFail != nil && c.state.suite.Config.accepts(st.skip):
			// A scenario that cannot run here for a reason the
			// configuration accepts (no namespaces to isolate it) checks
			// no fixture either: the fixture is skipped with that
			// reason, counted as unverified, never passed.
			t.Skipf("%s (so this fixture is not checked here)", st.skip)
		case st.skip != "" && c.wantFail != nil:
			// A fixture the scenario never got to check is not caught.
			t.Log(st.log.String())
			t.Errorf("the scenario skipped (%s) before it could catch this fixture; want a failure matching %q", st.skip, c.wantFail)
		case st.skip != "":
			// Last, so that the reason is the skip's last word in the log.
			t.Skip(st.skip)
		case t.Skipped():
		case c.wantFail != nil:
			c.checkExpectedFailure(t, st)
		case c.xfail != nil && st.failed && !c.xfail.Want.MatchString(st.log.String()):
			t.Log(st.log.String())
			t.Errorf("FAIL: listed as an expected failure on %s (%s), but it failed another way: its log does not match %q", c.xfail.Runner, c.xfail.Where(), c.xfail.Want)
		case c.xfail != nil && st.failed:
			t.Log(st.log.String())
			t.Skipf("XFAIL: %s", c.xfail.Reason)
		case c.xfail != nil:
			t.Errorf("XPASS: listed as an expected failure on %s (%s: %s), but it passed: remove it from the list", c.xfail.Runner, c.xfail.Where(), c.xfail.Reason)
		}
	}()
	f(st)
}

func (c *cellT) checkExpectedFailure(t *testing.T, st *scriptT) {
	log := st.log.String()
	switch {
	case !st.failed:
		t.Errorf("the scenario passed; want a failure matching %q\n%s", c.wantFail, log)
	case !c.wantFail.MatchString(log):
		t.Errorf("the scenario failed, but its log does not match %q\n%s", c.wantFail, log)
	case testing.Verbose():
		t.Logf("failed as expected (log matches %q)\n%s", c.wantFail, log)
	}
}

// scriptT is the testscript.T of one pairing. With capture set, a failure
// is recorded instead of failing the test, for fixtures that must fail.
type scriptT struct {
	t       *testing.T
	capture bool
	mu      sync.Mutex
	log     strings.Builder
	failed  bool
	skip    string // why the script skipped, if it did
}

// Skip records why the script skips and unwinds it like a failure, so
// that the reason is reported after the script's log rather than before.
func (s *scriptT) Skip(args ...any) {
	s.mu.Lock()
	s.skip = strings.TrimSpace(fmt.Sprintln(args...))
	s.mu.Unlock()
	panic(errSkip)
}
func (s *scriptT) Parallel()     {} // the cell's subtest is parallel already
func (s *scriptT) Verbose() bool { return testing.Verbose() }
func (s *scriptT) Run(name string, f func(testscript.T)) {
	panic("ipcconform: nested testscript runs are not supported")
}

func (s *scriptT) Log(args ...any) {
	if !s.capture {
		s.t.Log(args...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintln(&s.log, args...)
}

// fail records a failure found after the script ended: logged, and failing
// the cell (or, captured, the script).
func (s *scriptT) fail(format string, args ...any) {
	if !s.capture {
		s.t.Errorf(format, args...)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(&s.log, format+"\n", args...)
	s.failed = true
}

func (s *scriptT) Fatal(args ...any) {
	s.Log(args...)
	s.FailNow()
}

func (s *scriptT) FailNow() {
	if !s.capture {
		s.t.FailNow()
		return
	}
	s.mu.Lock()
	s.failed = true
	s.mu.Unlock()
	panic(errCapturedFailure)
}

// errCapturedFailure and errSkip are the panic values that end a captured
// script and a skipped one.
var (
	errCapturedFailure = errors.New("captured script failure")
	errSkip            = errors.New("script skipped")
)

// scriptState is what the harness's commands share within one run of one
// script under one pairing.
type scriptState struct {
	suite    *Suite
	scenario Scenario
	pairing  Pairing
	peers    map[string]map[string]Peer // by GOARCH, then "impl/program"
	res      Resources
	ns       *namespace // the script's IPC namespace, or nil
	// peerTimeout is $PEER_TIMEOUT, how long peers wait for each other.
	peerTimeout time.Duration
	// update rewrites a cmp-bytes golden file of the archive that differs
	// (UPDATE_SCRIPTS=1) instead of failing.
	update bool

	mu        sync.Mutex
	procs     map[string]*Process // background peers by name
	all       []*Process          // every peer, in start order
	deferred  bool
	unchecked []string // peers whose exit status the script never checked
}

type stateKey struct{}

func (st *scriptState) setup(env *testscript.Env) error {
	env.Values[stateKey{}] = st
	if ok, _ := IPCNamespaces(); ok {
		ns, err := newNamespace()
		if err != nil {
			return err
		}
		st.ns = ns
	}
	key, err := st.res.NewKey()
	if err != nil {
		return err
	}
	env.Setenv("KEY", strconv.Itoa(int(key)))
	env.Setenv("NAME", st.res.NewName())
	env.Setenv("PEER_TIMEOUT", strconv.Itoa(int(st.peerTimeout/time.Second)))
	roles := make([]string, len(st.pairing))
	for i, b := range st.pairing {
		roles[i] = b.Role
	}
	env.Setenv("ROLES", strings.Join(roles, " "))
	emulated, _ := st.condition("emulated")
	env.Setenv("EMULATED", strconv.FormatBool(emulated))
	return nil
}

// condition adds the per-pairing conditions to the harness's own:
// [emulated], [mixed-endian] and [mixed-width].
func (st *scriptState) condition(cond string) (bool, error) {
	p := st.pairing
	some := func(f func(a, b arch.Arch) bool) bool {
		for _, x := range p {
			for _, y := range p {
				if f(x.Arch, y.Arch) {
					return true
				}
			}
		}
		return false
	}
	switch cond {
	case "emulated":
		return some(func(a, _ arch.Arch) bool { return len(a.Runner()) > 0 }), nil
	case "mixed-endian":
		return some(func(a, b arch.Arch) bool { return a.BigEndian != b.BigEndian }), nil
	case "mixed-width":
		return some(func(a, b arch.Arch) bool { return a.PtrSize != b.PtrSize }), nil
	}
	return condition(cond)
}

// goldenMu serializes rewrites of script files: every pairing of a
// scenario may update the same golden file at once.
var goldenMu sync.Mutex

// updateGolden replaces the archive file name of the script with data. It
// refuses what txtar cannot hold byte for byte: a file without a final
// newline, or with a line that reads as a file marker.
func (st *scriptState) updateGolden(name string, data []byte) error {
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return fmt.Errorf("cmp-bytes: cannot update %s: a txtar file ends with a newline, and this output does not", name)
	}
	if txtar.NeedsQuote(data) {
		return fmt.Errorf("cmp-bytes: cannot update %s: the output has a line that reads as a txtar file marker", name)
	}
	goldenMu.Lock()
	defer goldenMu.Unlock()
	ar, err := txtar.ParseFile(st.scenario.File)
	if err != nil {
		return err
	}
	for i := range ar.Files {
		if ar.Files[i].Name == filepath.ToSlash(filepath.Clean(name)) {
			ar.Files[i].Data = data
			return os.WriteFile(st.scenario.File, txtar.Format(ar), 0o644)
		}
	}
	return fmt.Errorf("cmp-bytes: cannot update %s: not a file of %s", name, st.scenario.File)
}

// finish ends every peer still running and logs every peer's stdout,
// stderr and exit status. It runs when the script ends, pass or fail, and
// records every peer whose exit status the script never checked: such a
// peer is part of the verdict all the same (see unchecked).
func (st *scriptState) finish(ts *testscript.TestScript) {
	st.mu.Lock()
	all := append([]*Process(nil), st.all...)
	st.mu.Unlock()
	var unchecked []string
	for _, p := range all {
		if p.WasChecked() {
			continue
		}
		if !p.Exited() {
			ts.Logf("killing %s: still running at the end of the script", p)
			p.Kill()
			unchecked = append(unchecked, fmt.Sprintf("%s was still running at the end of the script (killed); no wait-peer checked it", p))
			continue
		}
		unchecked = append(unchecked, fmt.Sprintf("%s ended (%s), but no wait-peer checked its exit status", p, p.Status()))
	}
	if len(all) > 0 {
		ts.Logf("[peers]")
		for _, p := range all {
			ts.Logf("%s", strings.TrimSuffix(p.Report(), "\n"))
		}
	}
	st.mu.Lock()
	st.unchecked = unchecked
	st.mu.Unlock()
}

// killedPeers names the peers that ended by a signal.
func (st *scriptState) killedPeers() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []string
	for _, p := range st.all {
		if p.Signaled() {
			out = append(out, p.Name)
		}
	}
	return out
}

// sweep removes what the script's peers left behind. A leftover after a
// passing script is a leak and fails the test, unless a peer was killed by
// a signal (it could not clean up); after a failing script it is only
// logged.
func (st *scriptState) sweep(t *testing.T, s *scriptT) {
	var leaks []Leak
	err := st.ns.do(func() error {
		var err error
		leaks, err = st.res.Sweep()
		return err
	})
	st.ns.close()
	if err != nil {
		t.Errorf("cleanup: %v", err)
	}
	var names []string
	for _, l := range leaks {
		names = append(names, l.String())
	}
	st.mu.Lock()
	for _, p := range st.all {
		for _, o := range p.Orphans() {
			names = append(names, fmt.Sprintf("process %s forked by %s", o, p))
		}
	}
	st.mu.Unlock()
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	msg := "removed what the peers left behind: " + strings.Join(names, ", ")
	if t.Failed() || s.failed {
		t.Logf("cleanup: %s", msg)
		return
	}
	if killed := st.killedPeers(); len(killed) > 0 {
		t.Logf("cleanup: %s (expected: %s ended by a signal and could not clean up)", msg, strings.Join(killed, ", "))
		return
	}
	t.Errorf("leak: %s", msg)
}

// Scenarios loads every script of the configuration's scripts folder.
func (s *Suite) Scenarios() ([]Scenario, error) {
	scs, err := LoadScenarios(filepath.Join(s.Config.Root, s.Config.Scripts))
	if err != nil {
		return nil, err
	}
	srcs, err := Discover(s.Config)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	var others []Impl
	for _, src := range srcs {
		if src.Fixture {
			continue
		}
		have[peerKey(src.Impl, src.Program)] = true
		if src.Impl.Interpreted() && !slices.Contains(others, src.Impl) {
			others = append(others, src.Impl)
		}
	}
	for i, sc := range scs {
		for _, r := range sc.Roles {
			var progs []string
			for _, p := range sc.Programs {
				if s.Config.RoleOf(p) == r {
					progs = append(progs, p)
				}
			}
			var extra []Impl
			for _, impl := range others {
				all := len(progs) > 0
				for _, p := range progs {
					all = all && have[peerKey(impl, p)] && s.Config.playsIn(impl, p, sc.Name)
				}
				if all {
					extra = append(extra, impl)
				}
			}
			if len(extra) > 0 {
				if scs[i].Impls == nil {
					scs[i].Impls = map[string][]Impl{}
				}
				scs[i].Impls[r] = append([]Impl{C, Go}, extra...)
			}
		}
	}
	return scs, nil
}

// playsIn reports whether the third-language program of impl plays its
// role in the script named name: everywhere, unless its peer's "scripts"
// patterns say where.
func (c *Config) playsIn(impl Impl, program, name string) bool {
	for _, spec := range c.Peers {
		if spec.Impl != impl || spec.Name != program || len(spec.Scripts) == 0 {
			continue
		}
		for _, pat := range spec.Scripts {
			if ok, _ := path.Match(pat, name); ok {
				return true
			}
		}
		return false
	}
	return true
}

// XFails loads the configuration's expected-failure lists, if it has any.
func (s *Suite) XFails() ([]XFail, error) {
	if s.Config.XFail == "" {
		return nil, nil
	}
	return LoadXFails(filepath.Join(s.Config.Root, s.Config.XFail))
}

// RunScenarios runs the cells of the matrix the environment chooses (see
// MatrixFromEnv; by default every scenario over every pairing on the
// host), one subtest a scenario and below it one a pairing. Cells on the
// expected-failure lists must fail.
func (s *Suite) RunScenarios(t *testing.T) {
	o, err := MatrixFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		o.Archs, o.Mixed = []arch.Arch{arch.Host()}, nil
	}
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	xfails, err := s.XFails()
	if err != nil {
		t.Fatal(err)
	}
	cells := Cells(scs, o)
	byScenario := map[string][]Cell{}
	var order []string
	for _, c := range cells {
		if byScenario[c.Scenario.Name] == nil {
			order = append(order, c.Scenario.Name)
		}
		byScenario[c.Scenario.Name] = append(byScenario[c.Scenario.Name], c)
	}
	t.Logf("matrix: %d cells (%d scenarios; archs %s; mixed %s; shard %d/%d)",
		len(cells), len(order), archNames(o.Archs), archNames(o.Mixed), o.Shard, o.Shards)
	for _, l := range NotInMatrix(scs, o) {
		t.Logf("matrix: %s", l)
	}
	t.Logf("matrix: %s", scheduleScenarios(order))
	s.Peers(t, arch.Host()) // build the host's peers first, and log what the build did
	for _, name := range order {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, c := range byScenario[name] {
				var opts Options
				if x, ok := MatchXFail(xfails, c); ok {
					opts.XFail = &x
				}
				s.Run(t, c.Scenario, c.Pairing, opts)
			}
		})
	}
}

func archNames(as []arch.Arch) string {
	if len(as) == 0 {
		return "none"
	}
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = a.GOARCH
	}
	return strings.Join(names, ",")
}

// CheckLayout runs the configuration's layout checks on every architecture
// with a C compiler, one subtest a check and architecture: every struct,
// constant and integer type of the headers against its Go mirror.
func (s *Suite) CheckLayout(t *testing.T) {
	if len(s.Config.Layout) == 0 {
		t.Fatalf("%s has no layout checks (key \"layout\")", filepath.Join(s.Config.Root, ConfigFile))
	}
	layout.Test(t, s.Config.Layout...)
}

// ScenarioEnv, set by ipcconform -scenario to the regexp it hands go test
// -run, names the scenarios a run has: other architectures build only
// their programs.
const ScenarioEnv = "IPCCONFORM_SCENARIO"

// setForeign limits the builds for other architectures to the programs
// the scripts start (with or without -impl), of the run's scenarios when
// $IPCCONFORM_SCENARIO names them: a program no script starts has no cell
// there. A script that cannot be read leaves every program built, and its
// own cells fail on it.
func (s *Suite) setForeign() {
	scs, err := s.Scenarios()
	if err != nil {
		return
	}
	var only *regexp.Regexp // the run's scenarios, when it names them
	if re := os.Getenv(ScenarioEnv); re != "" {
		if only, err = regexp.Compile(re); err != nil {
			return
		}
	}
	set := map[string]bool{}
	for _, sc := range scs {
		if only != nil && !only.MatchString(sc.Name) {
			continue
		}
		data, err := os.ReadFile(sc.File)
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			if p := startedProgram(line); p != "" {
				set[p] = true
			}
		}
	}
	s.Builder.Foreign = set
}

// CheckPeersBuild fails t for every peer that does not build for the host,
// whether or not a scenario runs it.
func (s *Suite) CheckPeersBuild(t *testing.T) {
	peers := s.Peers(t, arch.Host())[arch.Host().GOARCH]
	keys := make([]string, 0, len(peers))
	for k := range peers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := peers[k].BuildErr; err != nil {
			t.Errorf("%s: %v", peers[k], err)
		}
		if why := peers[k].Missing; why != "" {
			t.Errorf("%s (install what it needs on the host)", why)
		}
	}
}

// missingPeer says why a cell cannot run, if one of the C peers its roles
// start was not built for its architecture for want of a library: the
// cell is then skipped with that reason, which the configuration may
// accept.
func missingPeer(cfg *Config, sc Scenario, p Pairing, peers map[string]map[string]Peer) string {
	for _, prog := range sc.Programs {
		b, ok := p.binding(cfg.RoleOf(prog))
		if !ok || b.Impl != C {
			continue
		}
		if peer, ok := peers[b.Arch.GOARCH][peerKey(C, prog)]; ok && peer.Missing != "" {
			return peer.Missing
		}
	}
	return ""
}
