package harness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/harness/layout"
)

// ConfigFile is the name of the configuration file that the ipcconform
// command and Load look for at the root of a module.
const ConfigFile = "ipcconform.json"

// A Config says what the harness proves: where the scenarios are, which
// programs play their roles, how a program name maps to a role, how long
// peers may take, and which headers the layout check compares with which
// Go package. Paths are relative to Root. The zero value of every field
// but Peers is useful; Load reads a Config from JSON, which is the same
// value spelled as the json tags say.
type Config struct {
	// Root is the folder every path is relative to, normally the module
	// root. Load sets it to the folder of the configuration file.
	Root string `json:"-"`
	// Scripts is the folder of scenario scripts (*.txtar).
	// Default "testdata/script".
	Scripts string `json:"scripts,omitempty"`
	// XFail is the folder of expected-failure lists, one a GOARCH
	// (<goarch>.txt, "<cell pattern> <runner> `<failure pattern>` <reason>"
	// a line; see LoadXFails). Default: none.
	XFail string `json:"xfail,omitempty"`
	// Role is a regular expression whose first group, matched against a
	// program's name, is the role the program plays: a script's `peer
	// shm_sysv_server` runs as the pairing binds role "server".
	// Default `_([a-z0-9]+)$`, the text after the last underscore.
	Role string `json:"role,omitempty"`
	// Fixtures is the folder of must-fail fixtures, one folder each:
	// <name>/fixture.json (the scenario, the role, the real program and
	// the failure the scenario must report) and the defect, <name>.patch
	// against the real program or whole files in place of its own.
	// Default: none.
	Fixtures string `json:"fixtures,omitempty"`
	// Peers are the programs, each an implementation of a role.
	Peers []PeerSpec `json:"peers"`
	// Timeouts bound the peers and the scripts.
	Timeouts Timeouts `json:"timeouts,omitzero"`
	// Accept lists the gaps a run may leave unverified: a cell skipped for
	// a reason one of these matches (a scenario that means nothing across
	// byte orders, say) does not fail the ipcconform command; any other
	// skip does. Default: none.
	Accept []Accepted `json:"accept,omitempty"`
	// Layout lists the layout checks: C headers against Go mirrors.
	Layout []layout.Config `json:"layout,omitempty"`

	role *regexp.Regexp
}

// An Accepted gap is a skip reason the run may leave unverified, and why.
type Accepted struct {
	Skip string `json:"skip"` // a regular expression over the skip's reason
	Why  string `json:"why"`

	re *regexp.Regexp
}

// Matches reports whether reason is this accepted gap.
func (a Accepted) Matches(reason string) bool { return a.re != nil && a.re.MatchString(reason) }

// accepts reports whether one of the configuration's accept entries
// covers a skip for reason.
func (c *Config) accepts(reason string) bool {
	for _, a := range c.Accept {
		if a.Matches(reason) {
			return true
		}
	}
	return false
}

// Timeouts bound the peers and scripts of a run.
type Timeouts struct {
	// Peer is handed to scripts as $PEER_TIMEOUT (whole seconds): how long
	// a peer waits for its counterpart before giving up. Default 10s.
	Peer Duration `json:"peer,omitzero"`
	// PeerDeadline bounds every peer process; past it the peer is killed
	// with its process group. Default 60s.
	PeerDeadline Duration `json:"peerDeadline,omitzero"`
	// Script bounds one run of a script. Default 5m.
	Script Duration `json:"script,omitzero"`
}

// A Duration is a time.Duration written in JSON as Go writes it ("10s").
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"10s\", found %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return fmt.Errorf("want a positive duration such as \"10s\", found %q", s)
	}
	*d = Duration(v)
	return nil
}

// A PeerSpec names one program (Name) or a family of them (Glob) and how
// to build them. Exactly one way to build is given:
//
//   - C from sources: Glob of .c files, each one program named after its
//     file, or Name and Sources, several files making one program; built
//     with the architecture's C compiler, CFlags, -I for each Include,
//     the sources and Libs, statically linked.
//   - C from a command: Name, Dir and Build. Build runs under sh in a copy
//     of Dir, once per architecture, with $CC (the architecture's C
//     compiler), $CFLAGS (CFlags), $GOARCH and $OUT (where the executable
//     must be written) in its environment. Everything under Dir is its
//     input.
//     Needs names library files (libtirpc.a) the architecture's compiler
//     must find (gcc -print-file-name): where one is missing the peer is
//     not built, and its cells there are skipped, saying which file; on
//     the host, CheckPeersBuild fails on it.
//   - Go: Glob of folders, each a main package named after its folder, or
//     Name and Package, an import path in any module that Root's go.mod
//     reaches (this one, the user's, a third party's), or "./dir".
//   - Any other implementation (a third language: "py", "java"): Name,
//     Sources (files) or Dir (a folder, with an optional Build run in a
//     copy of it), and Run, the command that starts it, under sh with
//     $DIR naming the copy: `python3 "$DIR/tcp_server.py"`. It runs on
//     the host alone, in the host's cells, and Needs names the commands it
//     cannot run without: where one is missing, its cells are skipped,
//     saying which.
type PeerSpec struct {
	Impl    Impl     `json:"impl"`
	Name    string   `json:"name,omitempty"`
	Glob    string   `json:"glob,omitempty"`
	Sources []string `json:"sources,omitempty"`
	Include []string `json:"include,omitempty"`
	// CFlags replace DefaultCFlags (for a build command too, as $CFLAGS).
	CFlags  []string `json:"cflags,omitempty"`
	Libs    []string `json:"libs,omitempty"`
	Dir     string   `json:"dir,omitempty"`
	Build   string   `json:"build,omitempty"`
	Package string   `json:"package,omitempty"`
	Run     string   `json:"run,omitempty"`
	Needs   []string `json:"needs,omitempty"`
	// Scripts, for an implementation other than c and go, limits the
	// scripts where it plays its role to those whose names (without
	// .txtar) match one of these patterns (path.Match): for programs that
	// take no flags, which only scripts written for them can start. By
	// default it plays in every script that starts its program.
	Scripts []string `json:"scripts,omitempty"`
	// Fixture marks deliberately broken programs, which only must-fail
	// fixtures run.
	Fixture bool `json:"fixture,omitempty"`
}

// DefaultCFlags are the flags a C peer is built with unless its PeerSpec
// says otherwise: debug information for the layout check, warnings as
// errors, static linking so that qemu-user needs no sysroot.
var DefaultCFlags = []string{"-std=gnu17", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-static"}

// Load reads the configuration file at path, strictly: an unknown key, a
// missing required one or a bad value is an error naming the file and the
// key. Root becomes the file's folder.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cfg.Root = filepath.Dir(abs)
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig decodes a configuration from JSON, refusing unknown keys.
// It does not set Root or validate; Load does both.
func ParseConfig(data []byte) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := 1 + bytes.Count(data[:se.Offset], []byte("\n"))
			return nil, fmt.Errorf("line %d: %v", line, err)
		case errors.As(err, &te):
			return nil, fmt.Errorf("key %q: want %s, found %s", te.Field, te.Type, te.Value)
		}
		// "json: unknown field \"x\"" names the key already.
		return nil, errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value")
	}
	return &cfg, nil
}

// Validate checks a Config built in Go rather than loaded, and fills in
// the default of every field left empty, as Load does.
func (c *Config) Validate() error { return c.validate() }

// validate checks c and fills in the default of every field left empty.
func (c *Config) validate() error {
	if c.Scripts == "" {
		c.Scripts = "testdata/script"
	}
	if c.Role == "" {
		c.Role = `_([a-z0-9]+)$`
	}
	re, err := regexp.Compile(c.Role)
	if err != nil {
		return fmt.Errorf("key \"role\": %v", err)
	}
	if re.NumSubexp() < 1 {
		return fmt.Errorf("key \"role\": %q has no group; its first group is the role", c.Role)
	}
	c.role = re
	if c.Fixtures != "" {
		if fi, err := os.Stat(filepath.Join(c.Root, c.Fixtures)); err != nil || !fi.IsDir() {
			return fmt.Errorf("key \"fixtures\": %q: want a folder of fixtures", c.Fixtures)
		}
	}
	if c.Timeouts.Peer == 0 {
		c.Timeouts.Peer = Duration(10 * time.Second)
	}
	if c.Timeouts.PeerDeadline == 0 {
		c.Timeouts.PeerDeadline = Duration(60 * time.Second)
	}
	if c.Timeouts.Script == 0 {
		c.Timeouts.Script = Duration(5 * time.Minute)
	}
	if len(c.Peers) == 0 {
		return errors.New("key \"peers\": no peers")
	}
	for i := range c.Accept {
		a := &c.Accept[i]
		re, err := regexp.Compile(a.Skip)
		if err != nil || a.Skip == "" || re.MatchString("") {
			return fmt.Errorf("accept[%d]: key \"skip\": want a regular expression that matches some skip reasons, not every one, found %q", i, a.Skip)
		}
		if a.Why == "" {
			return fmt.Errorf("accept[%d]: key \"why\": missing (say why the gap is acceptable)", i)
		}
		a.re = re
	}
	for i, p := range c.Peers {
		if err := p.validate(); err != nil {
			return fmt.Errorf("peers[%d]: %w", i, err)
		}
	}
	for i := range c.Layout {
		if c.Layout[i].Root == "" {
			c.Layout[i].Root = c.Root
		}
		if err := c.Layout[i].Validate(); err != nil {
			return fmt.Errorf("layout[%d]: %w", i, err)
		}
	}
	return nil
}

// RoleOf returns the role a program plays by its name, or "".
func (c *Config) RoleOf(program string) string {
	if c.role == nil {
		return ""
	}
	m := c.role.FindStringSubmatch(program)
	if m == nil {
		return ""
	}
	return m[1]
}

func (p PeerSpec) validate() error {
	set := func(name string, v bool) string {
		if v {
			return name
		}
		return ""
	}
	var given []string
	for _, s := range []string{
		set("sources", len(p.Sources) > 0), set("build", p.Build != ""), set("package", p.Package != ""),
	} {
		if s != "" {
			given = append(given, s)
		}
	}
	if len(given) > 1 && (p.Impl == C || p.Impl == Go) {
		return fmt.Errorf("keys %q: give one way to build", given)
	}
	if (p.Name == "") == (p.Glob == "") {
		return errors.New("give one of \"name\" (one program) or \"glob\" (one program a file or folder)")
	}
	if p.Glob != "" && len(given) > 0 {
		return fmt.Errorf("key \"glob\" with %q: a glob names its programs' sources itself", given[0])
	}
	if _, err := filepath.Match(p.Glob, ""); err != nil {
		return fmt.Errorf("key \"glob\": %v", err)
	}
	switch p.Impl {
	case C:
		if p.Package != "" {
			return errors.New("key \"package\": a C peer has no Go package")
		}
		if p.Name != "" && len(p.Sources) == 0 && p.Build == "" {
			return errors.New("a C peer named alone needs \"sources\" or \"build\"")
		}
		if p.Build != "" && p.Dir == "" {
			return errors.New("key \"build\" needs \"dir\", the folder it builds in")
		}
		if p.Build == "" && p.Dir != "" {
			return errors.New("key \"dir\" without \"build\"")
		}
	case Go:
		if len(p.Sources)+len(p.Include)+len(p.CFlags)+len(p.Libs) > 0 || p.Build != "" || p.Dir != "" {
			return errors.New("a Go peer takes only \"name\" and \"package\", or \"glob\"")
		}
		if p.Name != "" && p.Package == "" {
			return errors.New("a Go peer named alone needs \"package\"")
		}
	case "":
		return errors.New("key \"impl\": missing (\"c\", \"go\", or another with \"run\")")
	default:
		if !implName.MatchString(string(p.Impl)) {
			return fmt.Errorf("key \"impl\": %q: want a lower-case word", p.Impl)
		}
		if p.Run == "" {
			return fmt.Errorf("key \"impl\": %q: an implementation other than c and go needs \"run\", the command that starts it", p.Impl)
		}
		if p.Name == "" || (len(p.Sources) == 0) == (p.Dir == "") {
			return fmt.Errorf("impl %q: give \"name\" and one of \"sources\" or \"dir\"", p.Impl)
		}
		if p.Package != "" || len(p.Include)+len(p.CFlags)+len(p.Libs) > 0 {
			return fmt.Errorf("impl %q: takes \"name\", \"sources\" or \"dir\", \"build\", \"run\", \"needs\" and \"scripts\"", p.Impl)
		}
		for _, pat := range p.Scripts {
			if _, err := path.Match(pat, ""); err != nil || pat == "" {
				return fmt.Errorf("key \"scripts\": bad pattern %q", pat)
			}
		}
		return nil
	}
	if p.Impl == C {
		for _, n := range p.Needs {
			if n == "" || strings.ContainsRune(n, '/') {
				return fmt.Errorf("key \"needs\": %q: want a library file name, as libtirpc.a", n)
			}
		}
	} else if len(p.Needs) > 0 {
		return fmt.Errorf("impl %q: \"needs\" is for C peers and other implementations", p.Impl)
	}
	if p.Run != "" || len(p.Scripts) > 0 {
		return fmt.Errorf("impl %q: \"run\" and \"scripts\" are for other implementations", p.Impl)
	}
	return nil
}

var implName = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
