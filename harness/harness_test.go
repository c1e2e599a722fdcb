package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
	"github.com/rogpeppe/go-internal/txtar"
)

func TestCommandTableSortedAndDocumented(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range commandTable {
		names = append(names, c.name)
		// The synopsis in doc.go is the usage line, with [!] exactly
		// when the command accepts negation.
		synopsis := c.usage
		if c.neg {
			synopsis = "[!] " + synopsis
		}
		if !regexp.MustCompile(`(?m)^\t` + regexp.QuoteMeta(synopsis) + `$`).Match(doc) {
			t.Errorf("doc.go has no synopsis line %q", synopsis)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("command table not sorted: %q", names)
	}
	// Every synopsis in doc.go's command section names a command.
	section := string(doc)[strings.Index(string(doc), "# Commands"):strings.Index(string(doc), "# Conditions")]
	for _, m := range regexp.MustCompile(`(?m)^\t(?:\[!\] )?([a-z][a-z-]*) `).FindAllStringSubmatch(section, -1) {
		if !slices.Contains(names, m[1]) {
			t.Errorf("doc.go documents %q, which is not in the command table", m[1])
		}
	}
}

func TestConditions(t *testing.T) {
	host := arch.Host().GOARCH
	for _, c := range []string{"root", "cc:" + host, "qemu:" + host} {
		if _, err := condition(c); err != nil {
			t.Errorf("condition %q: %v", c, err)
		}
	}
	if ok, _ := condition("qemu:" + host); !ok {
		t.Errorf("[qemu:%s] is false on a %s host", host, host)
	}
	for _, c := range []string{"nosuch", "cc:vax", "arch"} {
		if _, err := condition(c); err == nil {
			t.Errorf("condition %q: no error for an unknown condition", c)
		}
	}
}

func TestCmpBytes(t *testing.T) {
	if err := cmpBytes("a", "b", []byte("same"), []byte("same")); err != nil {
		t.Fatalf("equal inputs: %v", err)
	}
	got := []byte("0123456789abcdef0123456789abcdef0123X")
	want := []byte("0123456789abcdef0123456789abcdef0123456789")
	err := cmpBytes("stdout", "want.out", got, want)
	if err == nil {
		t.Fatal("different inputs: no error")
	}
	msg := err.Error()
	for _, frag := range []string{
		"stdout and want.out differ at byte 36 (0x24): have 37 bytes, want 42",
		"00000010  30 31 32 33", // the dump starts a line before the difference
		"00000020  30 31 32 33 58",
		"00000020  30 31 32 33 34 35 36 37  38 39",
	} {
		if !strings.Contains(msg, frag) {
			t.Errorf("message lacks %q:\n%s", frag, msg)
		}
	}
	// A difference in length alone is still a difference.
	if err := cmpBytes("a", "b", []byte("ab"), []byte("ab\x00")); err == nil || !strings.Contains(err.Error(), "differ at byte 2") {
		t.Errorf("trailing NUL: %v", err)
	}
}

func TestPairings(t *testing.T) {
	host := arch.Host()
	ps := Pairings([]string{"server", "client"}, host)
	var names []string
	for _, p := range ps {
		names = append(names, p.Name())
	}
	want := []string{"server=c,client=c", "server=c,client=go", "server=go,client=c", "server=go,client=go"}
	if !slices.Equal(names, want) {
		t.Errorf("pairings %q, want %q", names, want)
	}
	if n := len(Pairings([]string{"a", "b", "c"}, host)); n != 8 {
		t.Errorf("three roles: %d pairings, want 8", n)
	}
	other := "s390x"
	if host.GOARCH == other {
		other = "arm64"
	}
	a, _ := arch.Lookup(other)
	p := Pairing{{Role: "server", Impl: C, Arch: a}, {Role: "client", Impl: Go, Arch: host}}
	if got, want := p.Name(), "server=c@"+other+",client=go"; got != want {
		t.Errorf("cross pairing named %q, want %q", got, want)
	}
}

func TestParseScenario(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sc, err := ParseScenario(write("ok.txtar", "# what it proves\n\nroles server client\npeer x\n"))
	if err != nil || !slices.Equal(sc.Roles, []string{"server", "client"}) || sc.Name != "ok" {
		t.Errorf("ok.txtar: %+v, %v", sc, err)
	}
	for name, text := range map[string]string{
		"late.txtar":  "# x\npeer x\nroles server\n",
		"none.txtar":  "# only a comment\n",
		"twice.txtar": "roles a a\n",
	} {
		if _, err := ParseScenario(write(name, text)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestResourcesSweep(t *testing.T) {
	var r Resources
	k1, err := r.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	k2, err := r.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if k1 == k2 || k1 < keyBase || k1 >= keyBase+keySpan {
		t.Fatalf("keys %#x %#x: want two distinct keys in ipcconform's range", k1, k2)
	}
	n1, n2 := r.NewName(), r.NewName()
	if n1 == n2 || !strings.HasPrefix(n1, "/ipcconform.") {
		t.Fatalf("names %q %q", n1, n2)
	}
	if leaks, err := r.Sweep(); err != nil || len(leaks) != 0 {
		t.Fatalf("sweep of nothing: %v, %v", leaks, err)
	}
	// Leave a segment and a /dev/shm entry behind: the sweep finds and
	// removes both.
	id, err := sysvShmCreate(k1)
	if err != nil {
		t.Fatal(err)
	}
	shmPath := "/dev/shm/" + strings.TrimPrefix(n2, "/")
	if err := os.WriteFile(shmPath, nil, 0o600); err != nil {
		t.Skipf("no /dev/shm: %v", err)
	}
	leaks, err := r.Sweep()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range leaks {
		got = append(got, l.String())
	}
	slices.Sort(got)
	want := []string{
		"/dev/shm entry " + `"` + n2 + `"`,
		"SysV shm key " + hexKey(k1) + " (id " + itoa(id) + ")",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sweep found %q, want %q", got, want)
	}
	if leaks, _ := r.Sweep(); len(leaks) != 0 {
		t.Errorf("second sweep found %v: the first did not remove them", leaks)
	}
}

// TestHarnessScripts runs the harness's own scripts (testdata/script), with
// its own peers (testdata/peers) as testdata/ipcconform.json configures
// them, the reference pairing only. A script holding a want-fail file must fail with
// a log matching the regexp in it: these prove the harness's commands
// report what they must.
func TestHarnessScripts(t *testing.T) {
	s := Open(t, "testdata/ipcconform.json")
	files, _ := filepath.Glob("testdata/script/*.txtar")
	if len(files) == 0 {
		t.Fatal("no harness scripts")
	}
	for _, f := range files {
		sc, err := ParseScenario(f)
		if err != nil {
			t.Fatal(err)
		}
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var opts Options
		for _, file := range ar.Files {
			if file.Name == "want-fail" {
				opts.WantFail = regexp.MustCompile(strings.TrimSpace(string(file.Data)))
			}
		}
		t.Run(sc.Name, func(t *testing.T) {
			s.Run(t, sc, Pairings(sc.Roles, arch.Host())[0], opts)
		})
	}
}

// TestAuditFindsLeftovers proves the end-of-run audit can fail: a segment
// under one of the run's keys, and a child process, both show.
func TestAuditFindsLeftovers(t *testing.T) {
	var r Resources
	k, err := r.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	id, err := sysvShmCreate(k)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	left := strings.Join(Audit(), "\n")
	cmd.Process.Kill()
	cmd.Wait()
	r.Sweep()
	for _, want := range []string{"SysV shm key " + hexKey(k) + " (id " + itoa(id) + ")", fmt.Sprintf("child process pid %d (sleep)", cmd.Process.Pid)} {
		if !strings.Contains(left, want) {
			t.Errorf("audit lacks %q; it found:\n%s", want, left)
		}
	}
	if left := Audit(); len(left) != 0 {
		t.Errorf("after cleanup the audit still finds %q", left)
	}
}

func TestPairingConditions(t *testing.T) {
	host := arch.Host()
	look := func(name string) arch.Arch {
		a, err := arch.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	be, narrow := look("s390x"), look("arm")
	if host.BigEndian {
		be = look("amd64")
	}
	if host.PtrSize == 4 {
		narrow = look("amd64")
	}
	cases := []struct {
		archs                   []arch.Arch
		emulated, endian, width bool
	}{
		{[]arch.Arch{host, host}, false, false, false},
		{[]arch.Arch{be, be}, true, false, false},
		{[]arch.Arch{be, host}, true, true, false},
		{[]arch.Arch{narrow, host}, true, false, true},
	}
	for _, c := range cases {
		var p Pairing
		for i, a := range c.archs {
			p = append(p, Binding{Role: fmt.Sprint("r", i), Impl: C, Arch: a})
		}
		st := &scriptState{pairing: p}
		for cond, want := range map[string]bool{"emulated": c.emulated, "mixed-endian": c.endian, "mixed-width": c.width} {
			if got, err := st.condition(cond); err != nil || got != want {
				t.Errorf("%s: [%s] = %v, %v; want %v", p.Name(), cond, got, err, want)
			}
		}
	}
	if _, err := (&scriptState{}).condition("mixed-colour"); err == nil {
		t.Error("an unknown condition is not an error")
	}
}

// TestCellsShard checks that the shards of a matrix partition it: every
// cell in exactly one part.
func TestCellsShard(t *testing.T) {
	s390x, _ := arch.Lookup("s390x")
	scs := []Scenario{{Name: "a", Roles: []string{"x", "y"}}, {Name: "b", Roles: []string{"z"}}}
	o := MatrixOptions{Archs: []arch.Arch{arch.Host()}, Mixed: []arch.Arch{s390x}, Shards: 1}
	all := Cells(scs, o)
	// a: 4 pairings + 2 roles x 4 mixed; b: 2 pairings, no mixing for one role.
	if want := 4 + 8 + 2; arch.Host().GOARCH != "s390x" && len(all) != want {
		t.Fatalf("%d cells, want %d", len(all), want)
	}
	seen := map[string]int{}
	for i := 0; i < 3; i++ {
		o.Shard, o.Shards = i, 3
		for _, c := range Cells(scs, o) {
			seen[c.Name()]++
		}
	}
	for _, c := range all {
		if seen[c.Name()] != 1 {
			t.Errorf("cell %s in %d shards, want 1", c.Name(), seen[c.Name()])
		}
	}
	if _, _, err := ParseShard("3/3"); err == nil {
		t.Error("shard 3/3 accepted")
	}
}

// TestImportsNoCodeUnderTest keeps the harness a tool for other people's
// code: it may import its own packages and libraries, never a peer's
// helpers or mirrors from the module it happens to live in.
func TestImportsNoCodeUnderTest(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Module}}", ".", "./layout", "./arch").Output()
	if err != nil {
		t.Fatal(err)
	}
	self, err := exec.Command("go", "list", "-m").Output()
	if err != nil {
		t.Fatal(err)
	}
	mod := strings.TrimSpace(string(self))
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, m, _ := strings.Cut(line, " ")
		if m == mod && pkg != mod+"/harness" && !strings.HasPrefix(pkg, mod+"/harness/") {
			t.Errorf("harness depends on %s, which is not part of the harness", pkg)
		}
	}
}

// TestUpdateGolden runs a script whose cmp-bytes golden is stale with
// UpdateScripts, and wants the archive rewritten with the new bytes and
// the rest of the script kept; without it, the same script fails.
func TestUpdateGolden(t *testing.T) {
	s := Open(t, "testdata/ipcconform.json")
	script := "# cmp-bytes updates a stale golden.\nroles client\n\nexec echo fresh\ncmp-bytes stdout want.out\n\n-- want.out --\nstale\n-- other.txt --\nkept\n"
	file := filepath.Join(t.TempDir(), "update_golden.txtar")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario(file)
	if err != nil {
		t.Fatal(err)
	}
	p := Pairings(sc.Roles, arch.Host())[0]
	t.Run("without", func(t *testing.T) {
		s.Run(t, sc, p, Options{WantFail: regexp.MustCompile(`stdout and want.out differ at byte 0`)})
	})
	t.Run("with", func(t *testing.T) {
		s.Run(t, sc, p, Options{UpdateScripts: true})
	})
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(script, "-- want.out --\nstale\n", "-- want.out --\nfresh\n", 1); string(got) != want {
		t.Errorf("script after the update:\n%s\nwant:\n%s", got, want)
	}
}

// TestXFailExact runs a failing cell under expected failures and checks
// each outcome: a failure matching the entry's pattern is an XFAIL; one
// that fails another way fails the test; an entry for another runner does
// not apply. Each case runs in a child test process, whose failure is the
// thing checked.
func TestXFailExact(t *testing.T) {
	if name := os.Getenv("IPCCONFORM_TEST_XFAIL"); name != "" {
		return // the child: TestXFailChild does the work
	}
	host, err := arch.Host().RunnerID()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, entry string
		fails       bool
		want        string
	}{
		{"matches", host + " `shmget: ENOENT` no segment", false, "XFAIL: no segment"},
		{"another way", host + " `shmget: EACCES` no segment", true, "but it failed another way: its log does not match \"shmget: EACCES\""},
		{"another runner", "qemu-0.1 `shmget: ENOENT` no segment", true, "FAIL: testdata/child/xfail_child.txtar"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestXFailChild$", "-test.v")
			cmd.Env = append(os.Environ(), "IPCCONFORM_TEST_XFAIL="+c.entry)
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != c.fails || !strings.Contains(string(out), c.want) {
				t.Errorf("entry %q: failed %v, want %v, with %q in:\n%s", c.entry, failed, c.fails, c.want, out)
			}
		})
	}
}

// TestXFailChild runs one cell that fails (a client with no segment to
// find) under the expected failure in $IPCCONFORM_TEST_XFAIL.
func TestXFailChild(t *testing.T) {
	entry := os.Getenv("IPCCONFORM_TEST_XFAIL")
	if entry == "" {
		t.Skip("run by TestXFailExact")
	}
	x, err := parseXFail("xfail_child/* " + entry)
	if err != nil {
		t.Fatal(err)
	}
	x.Arch, x.File, x.Line = arch.Host().GOARCH, "host.txt", 1
	s := Open(t, "testdata/ipcconform.json")
	sc, err := ParseScenario("testdata/child/xfail_child.txtar")
	if err != nil {
		t.Fatal(err)
	}
	c := Cell{sc, Pairings(sc.Roles, arch.Host())[0]}
	var opts Options
	if m, ok := MatchXFail([]XFail{x}, c); ok {
		opts.XFail = &m
	}
	s.Run(t, sc, c.Pairing, opts)
}

func TestParseXFail(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"a/* qemu-7.2 `x` why", ""},
		{"a/* qemu-7.2 \"x\\\\d\" why", ""},
		{"a/* qemu x why", `runner "qemu": want any, native or qemu-<version>`},
		{"a/* native x why", "no quoted failure pattern"},
		{"a/* native `.*` why", "matches any log"},
		{"a/* native `x`", "no reason"},
		{"a/[ native `x` why", "cell pattern"},
		{"a/* native `(` why", "failure pattern `(`"},
	} {
		_, err := parseXFail(c.line)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("parseXFail(%q): %v, want %q", c.line, err, c.want)
		}
	}
}

func TestProgramOf(t *testing.T) {
	for line, want := range map[string]string{
		"peer -bg srv capitalize_server -port 0":                    "capitalize_server",
		"! peer capitalize_client -port $PORT":                      "capitalize_client",
		"[exec:python3] [!emulated] peer -deadline 20s date_server": "date_server",
		"peer -impl c hostile_peer -mode tcp-send":                  "",
		"peer-path CHILD pipe_parent_child_child":                   "pipe_parent_child_child",
		"peer-path -arch s390x CHILD pipe_child":                    "pipe_child",
		"wait-peer srv":                                             "",
		"exec peer x":                                               "",
	} {
		if got := programOf(line); got != want {
			t.Errorf("programOf(%q) = %q, want %q", line, got, want)
		}
	}
	if got := startedProgram("peer -impl c hostile_peer -mode tcp-send"); got != "hostile_peer" {
		t.Errorf("startedProgram of a -impl line = %q, want hostile_peer", got)
	}
}

func TestPairingsOf(t *testing.T) {
	var names []string
	for _, p := range PairingsOf([]string{"server", "client"}, map[string][]Impl{"server": {C, Go, "py"}}, arch.Host()) {
		names = append(names, Impls(p))
	}
	if want := []string{"c-c", "c-go", "go-c", "go-go", "py-c", "py-go"}; !slices.Equal(names, want) {
		t.Errorf("pairings %q, want %q", names, want)
	}
	var plain []string
	for _, p := range Pairings([]string{"a", "b"}, arch.Host()) {
		plain = append(plain, Impls(p))
	}
	if want := []string{"c-c", "c-go", "go-c", "go-go"}; !slices.Equal(plain, want) {
		t.Errorf("pairings %q, want %q", plain, want)
	}
}

// TestThirdLanguage checks that a role gets a third implementation where
// that language has every program the script starts in the role, and
// not where it lacks one; and that such a program runs through its run
// command.
func TestThirdLanguage(t *testing.T) {
	root := writeTree(t, map[string]string{
		"script/both.txtar":  "roles server client\n\npeer -bg srv echo_server\npeer echo_client\nwait-peer srv\n",
		"script/other.txtar": "roles server\n\npeer echo_server\npeer other_server\n",
		"sh/server.sh":       "echo server \"$@\"\n",
	})
	cfg := &Config{Root: root, Scripts: "script", Peers: []PeerSpec{
		{Impl: "sh", Name: "echo_server", Sources: []string{"sh/server.sh"}, Run: `sh "$DIR/server.sh"`, Needs: []string{"sh"}},
	}}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	s, err := NewSuite(cfg)
	if err != nil {
		t.Fatal(err)
	}
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string][]Impl{}
	for _, sc := range scs {
		got[sc.Name] = sc.Impls
	}
	if want := (map[string]map[string][]Impl{"both": {"server": {C, Go, "sh"}}, "other": nil}); !reflect.DeepEqual(got, want) {
		t.Errorf("impls %v, want %v", got, want)
	}
	s.Builder.CacheDir = t.TempDir()
	peers, _, err := s.Builder.Build(arch.Host())
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(peers["sh/echo_server"].Path, "-x", "a b").Output()
	if err != nil || string(out) != "server -x a b\n" {
		t.Errorf("the sh peer printed %q (%v), want %q", out, err, "server -x a b\n")
	}
}

// TestFixtureSkipFails runs a must-fail fixture whose scenario skips, in a
// child test process, and wants that child to fail: a fixture the
// scenario never checked is not caught.
func TestFixtureSkipFails(t *testing.T) {
	if os.Getenv("IPCCONFORM_TEST_FIXTURE_SKIP") == "1" {
		s := Open(t, "testdata/ipcconform.json")
		sc, err := ParseScenario("testdata/child/fixture_skips.txtar")
		if err != nil {
			t.Fatal(err)
		}
		s.Run(t, sc, Pairings(sc.Roles, arch.Host())[0], Options{WantFail: regexp.MustCompile(`shmget: ENOENT`)})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFixtureSkipFails$")
	cmd.Env = append(os.Environ(), "IPCCONFORM_TEST_FIXTURE_SKIP=1")
	out, err := cmd.CombinedOutput()
	if want := "the scenario skipped (this scenario checks nothing here) before it could catch this fixture"; err == nil || !strings.Contains(string(out), want) {
		t.Errorf("a fixture whose scenario skips: %v, want a failure saying %q:\n%s", err, want, out)
	}
}

func TestLongestFirst(t *testing.T) {
	names := []string{"a", "b", "new", "c"}
	LongestFirst(names, map[string]float64{"a": 1, "b": 30, "c": 30})
	if want := []string{"new", "b", "c", "a"}; !slices.Equal(names, want) {
		t.Errorf("order %q, want %q", names, want)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "conformance.json")
	if err := os.WriteFile(path, []byte(`{"cells":[{"scenario":"x","pairing":"a=c","seconds":2},{"scenario":"x","pairing":"a=go","seconds":3},{"scenario":"y","pairing":"a=c","seconds":4}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	secs, err := LoadTimings(path)
	if err != nil || secs["x"] != 5 || secs["y"] != 4 {
		t.Errorf("LoadTimings: %v, %v", secs, err)
	}
	cells, err := LoadCellTimings(path)
	if err != nil || len(cells) != 3 || cells["x/a=go"] != 3 {
		t.Errorf("LoadCellTimings: %v, %v", cells, err)
	}
	if _, err := LoadTimings(filepath.Join(dir, "none.json")); err == nil {
		t.Error("LoadTimings of a missing file: no error")
	}
}
