package harness

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const patchText = `The defect: say so.

--- a/x.c
+++ b/x.c
@@ -2,3 +2,3 @@
 two
-three
+THREE
 four
@@ -7,2 +7,3 @@
 seven
+seven and a half
 eight
`

func TestApplyPatch(t *testing.T) {
	fps, err := parsePatch([]byte(patchText))
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 1 || fps[0].Path != "x.c" || len(fps[0].Hunks) != 2 {
		t.Fatalf("parsed %+v, want one file x.c with two hunks", fps)
	}
	old := "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n"
	got, err := fps[0].apply([]byte(old))
	if want := "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\nseven and a half\neight\n"; err != nil || string(got) != want {
		t.Errorf("apply: %q, %v; want %q", got, err, want)
	}
	// Lines added above a hunk move it; it still applies, exactly.
	if _, err := fps[0].apply([]byte("zero\n" + old)); err != nil {
		t.Errorf("apply to a file with a line more above: %v", err)
	}
	// A changed context line fails, naming the hunk and the line.
	_, err = fps[0].apply([]byte(strings.Replace(old, "seven", "SEVEN", 1)))
	if err == nil || !strings.Contains(err.Error(), `hunk 2 (@@ -7,2 +7,3 @@) does not apply: line 7: have "SEVEN", want "seven"`) {
		t.Errorf("stale hunk: %v", err)
	}
	for _, bad := range []string{"no diff here\n", "--- a/x.c\n+++ b/x.c\n", "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n one\n"} {
		if _, err := parsePatch([]byte(bad)); err == nil {
			t.Errorf("parsePatch(%q): no error", bad)
		}
	}
}

// fixtureTree is a module of the harness's toy peers, one scenario and
// four fixtures of toy_client: one caught as it must be, one whose patch
// no longer applies, one the scenario does not catch, and one caught
// another way than it says.
func fixtureTree(t *testing.T) string {
	files := map[string]string{
		"ipcconform.json": `{"scripts": "script", "fixtures": "fixtures", "peers": [{"impl": "c", "glob": "peers/*.c"}],
			"timeouts": {"peer": "10s", "peerDeadline": "60s", "script": "2m"}}`,
		"script/toy.txtar": "# The toy handshake.\nroles server client\n\n" +
			"peer -bg srv toy_server -key $KEY -ready srv.ready -timeout $PEER_TIMEOUT\nwait-ready srv.ready\n" +
			"peer toy_client -key $KEY\nstdout '^abcdefghijklmnopqrstuvwxyz$'\nwait-peer srv\n",
	}
	for _, p := range []string{"toy_client.c", "toy_server.c"} {
		data, err := os.ReadFile(filepath.Join("testdata/peers", p))
		if err != nil {
			t.Fatal(err)
		}
		files["peers/"+p] = string(data)
	}
	fixture := func(name, want, patch string) {
		files["fixtures/"+name+"/fixture.json"] = `{"scenario": "toy", "role": "client", "impl": "c", "program": "toy_client", "want": "` + want + `"}`
		files["fixtures/"+name+"/"+name+".patch"] = "--- a/peers/toy_client.c\n+++ b/peers/toy_client.c\n" + patch
	}
	const upper = "@@ -31,3 +31,3 @@\n \tprintf(\"%.26s\\n\", p);\n-\tp[0] = '*';\n+\tp[0] = '!';\n \tif (shmdt(p) != 0)\n"
	fixture("caught", `timeout: no '\\*' from the client`, upper)
	fixture("stale", `timeout: no '\\*' from the client`,
		"@@ -31,3 +31,3 @@\n \tprintf(\"%.27s\\n\", p);\n-\tp[0] = '*';\n+\tp[0] = '!';\n \tif (shmdt(p) != 0)\n")
	fixture("uncaught", `anything`, "@@ -1,3 +1,3 @@\n /*\n- * toy_client: the harness's own test peer. It prints the string in the\n+ * toy_client: the harness's own test peer; it prints the string in the\n  * segment under -key and sets its first byte to '*'.\n")
	fixture("otherway", `stdout and alphabet differ`, upper)
	return writeTree(t, files)
}

// TestFixtureFailureModes runs RunFixtures on fixtureTree in a process of
// its own (the fixtures that must fail would fail this test) and checks
// each outcome: caught passes; a patch that no longer applies, a scenario
// that passes and a failure other than the one wanted each fail, saying so.
func TestFixtureFailureModes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the toy peers")
	}
	if tree := os.Getenv("IPCCONFORM_FIXTURE_TREE"); tree != "" {
		s, err := OpenFile(filepath.Join(tree, "ipcconform.json"))
		if err != nil {
			t.Fatal(err)
		}
		s.PeerTimeout = 1e9 // whole seconds: one
		s.RunFixtures(t)
		return
	}
	tree := fixtureTree(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFixtureFailureModes$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "IPCCONFORM_FIXTURE_TREE="+tree, "IPCCONFORM_CACHE="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("RunFixtures passed with three broken fixtures:\n%s", out)
	}
	log := string(out)
	for _, want := range []string{
		`(?m)^        --- PASS: TestFixtureFailureModes/caught/server=c,client=caught `,
		`fixtures/stale: stale\.patch no longer applies to toy_client: peers/toy_client\.c: hunk 1 \(@@ -31,3 \+31,3 @@\) does not apply: line 31: have "\\tprintf\(\\"%\.26s\\\\n\\", p\);", want "\\tprintf\(\\"%\.27s\\\\n\\", p\);"`,
		`(?m)^    --- FAIL: TestFixtureFailureModes/stale `,
		`the scenario passed; want a failure matching "anything"`,
		`(?m)^        --- FAIL: TestFixtureFailureModes/uncaught/server=c,client=uncaught `,
		`the scenario failed, but its log does not match "stdout and alphabet differ"`,
		`(?m)^        --- FAIL: TestFixtureFailureModes/otherway/server=c,client=otherway `,
	} {
		if !regexp.MustCompile(want).MatchString(log) {
			t.Errorf("the run's log lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("the run's log:\n%s", log)
	}
}

func TestLoadFixturesStrict(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string]string
		want  string
	}{
		"unknown key": {map[string]string{"f/x/fixture.json": `{"scenario": "s", "role": "r", "program": "p", "want": "w", "wnat": "w"}`, "f/x/x.patch": patchText},
			`unknown field "wnat"`},
		"no change": {map[string]string{"f/x/fixture.json": `{"scenario": "s", "role": "r", "program": "p", "want": "w"}`},
			`give one change: x.patch or "whole" files`},
		"stray file": {map[string]string{"f/x/fixture.json": `{"scenario": "s", "role": "r", "program": "p", "want": "w"}`, "f/x/x.patch": patchText, "f/x/main.go": ""},
			`"main.go" is neither fixture.json, x.patch nor a file "whole" names`},
		"bad want": {map[string]string{"f/x/fixture.json": `{"scenario": "s", "role": "r", "program": "p", "want": "("}`, "f/x/x.patch": patchText},
			`key "want": error parsing regexp`},
		"bad impl": {map[string]string{"f/x/fixture.json": `{"scenario": "s", "role": "r", "impl": "rust", "program": "p", "want": "w"}`, "f/x/x.patch": patchText},
			`key "impl": "rust"`},
	} {
		root := writeTree(t, tc.files)
		_, err := LoadFixtures(&Config{Root: root, Fixtures: "f"})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, tc.want)
		}
	}
	// The key names a folder that must exist.
	cfg := &Config{Root: t.TempDir(), Fixtures: "nosuch", Peers: []PeerSpec{{Impl: C, Glob: "*.c"}}}
	if err := cfg.validate(); err == nil || !strings.Contains(err.Error(), `key "fixtures": "nosuch": want a folder of fixtures`) {
		t.Errorf("missing fixtures folder: %v", err)
	}
}
