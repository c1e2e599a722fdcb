package harness

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ipcconform/ipcconform/harness/arch"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"
)

// A command is one entry of the harness's script command table.
type command struct {
	name  string
	usage string
	neg   bool // it accepts !; without, commands refuses `! name`
	run   func(ts *testscript.TestScript, neg bool, args []string)
}

// commandTable lists the harness's script commands. It is filled in init
// because the commands print their own usage lines from it.
var commandTable []command

func init() {
	// Keep sorted; update doc.go.
	commandTable = []command{
		{"cmp-bytes", "cmp-bytes file1 file2", true, cmdCmpBytes},
		{"isolate", "isolate ipc|net|shm...", false, cmdIsolate},
		{"kill-peer", "kill-peer [-SIGNAL] name", false, cmdKillPeer},
		{"peer", "peer [-bg name] [-deadline duration] [-impl c|go] [-arch goarch] [-stdin file] program [args...]", true, cmdPeer},
		{"peer-path", "peer-path [-impl c|go] [-arch goarch] VAR program", false, cmdPeerPath},
		{"roles", "roles role...", false, cmdRoles},
		{"sysvipc", "sysvipc shm|msg|sem", false, cmdSysvipc},
		{"unique", "unique key|name VAR", false, cmdUnique},
		{"wait-listen", "wait-listen [-timeout duration] port", false, cmdWaitListen},
		{"wait-peer", "wait-peer name", true, cmdWaitPeer},
		{"wait-ready", "wait-ready [-timeout duration] file [VAR]", false, cmdWaitReady},
		{"wait-shm", "wait-shm [-timeout duration] key text", false, cmdWaitShm},
	}
}

func commands() map[string]func(*testscript.TestScript, bool, []string) {
	m := make(map[string]func(*testscript.TestScript, bool, []string), len(commandTable))
	for _, c := range commandTable {
		m[c.name] = func(ts *testscript.TestScript, neg bool, args []string) {
			// The table, which doc.go's synopses are checked against, is
			// the one place that says whether a command takes !.
			if neg && !c.neg {
				ts.Fatalf("unsupported: ! %s", c.name)
			}
			c.run(ts, neg, args)
		}
	}
	return m
}

func usageOf(name string) string {
	for _, c := range commandTable {
		if c.name == name {
			return c.usage
		}
	}
	panic("no command " + name)
}

func state(ts *testscript.TestScript) *scriptState {
	st, _ := ts.Value(stateKey{}).(*scriptState)
	if st == nil {
		ts.Fatalf("ipcconform: script state missing (run through harness.Suite)")
	}
	return st
}

// newFlags returns a flag set for a command that reports errors through
// the script rather than printing them.
func newFlags(ts *testscript.TestScript, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(ts *testscript.TestScript, fs *flag.FlagSet, args []string) []string {
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("%v\nusage: %s", err, usageOf(fs.Name()))
	}
	return fs.Args()
}

// cmpBytes compares two byte strings and, when they differ, describes the
// first difference with a hex dump of both around it.
func cmpBytes(nameA, nameB string, a, b []byte) error {
	if bytes.Equal(a, b) {
		return nil
	}
	off := 0
	for off < len(a) && off < len(b) && a[off] == b[off] {
		off++
	}
	start := off &^ 15
	if start >= 16 {
		start -= 16
	}
	window := func(x []byte) string {
		end := min(len(x), start+48)
		if start >= end {
			return "  (ends before this offset)\n"
		}
		var out strings.Builder
		for _, line := range strings.SplitAfter(strings.TrimSuffix(hex.Dump(x[start:end]), "\n"), "\n") {
			// hex.Dump counts from 0; show offsets in the whole file.
			var o int
			fmt.Sscanf(line, "%x", &o)
			fmt.Fprintf(&out, "  %08x%s", start+o, strings.TrimRight(line[8:], "\n")+"\n")
		}
		return out.String()
	}
	return fmt.Errorf("%s and %s differ at byte %d (0x%x): have %d bytes, want %d\n%s:\n%s%s:\n%s",
		nameA, nameB, off, off, len(a), len(b), nameA, window(a), nameB, window(b))
}

// cmp-bytes compares two files byte for byte and prints a hex diff.
func cmdCmpBytes(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: %s", usageOf("cmp-bytes"))
	}
	have := []byte(ts.ReadFile(args[0]))
	err := cmpBytes(args[0], args[1], have, []byte(ts.ReadFile(args[1])))
	if err != nil && !neg && state(ts).update {
		// As testscript's cmp does with UpdateScripts: the golden file of
		// the archive takes what the script produced.
		ts.Check(state(ts).updateGolden(args[1], have))
		ts.Logf("updated %s in %s", args[1], state(ts).scenario.File)
		return
	}
	switch {
	case err != nil && !neg:
		ts.Fatalf("%v", err)
	case err == nil && neg:
		ts.Fatalf("%s and %s are identical", args[0], args[1])
	}
}

// kill-peer sends a signal (default SIGKILL) to a background peer.
func cmdKillPeer(ts *testscript.TestScript, neg bool, args []string) {
	sig := unix.SIGKILL
	if len(args) == 2 && strings.HasPrefix(args[0], "-") {
		name := strings.ToUpper(strings.TrimPrefix(args[0], "-"))
		if !strings.HasPrefix(name, "SIG") {
			name = "SIG" + name
		}
		sig = unix.SignalNum(name)
		if sig == 0 {
			ts.Fatalf("kill-peer: unknown signal %q", args[0])
		}
		args = args[1:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: %s", usageOf("kill-peer"))
	}
	st := state(ts)
	p := st.proc(ts, args[0])
	ts.Check(p.Signal(sig))
}

// peer runs a peer program as the pairing binds its role: in the
// foreground, or with -bg in the background under a name.
func cmdPeer(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := newFlags(ts, "peer")
	bg := fs.String("bg", "", "")
	deadline := fs.Duration("deadline", st.suite.PeerDeadline, "")
	impl := fs.String("impl", "", "")
	goarch := fs.String("arch", "", "")
	stdin := fs.String("stdin", "", "")
	args = parseFlags(ts, fs, args)
	if len(args) < 1 {
		ts.Fatalf("usage: %s", usageOf("peer"))
	}
	if *bg != "" && neg {
		ts.Fatalf("unsupported: ! peer -bg (use ! wait-peer)")
	}
	peer, err := st.resolve(args[0], Impl(*impl), *goarch)
	ts.Check(err)
	name := *bg
	if name == "" {
		name = args[0]
	}
	p := &Process{Name: name, Peer: peer, Args: args[1:], Deadline: *deadline, Prefix: st.ns.enter()}
	if *stdin != "" {
		p.Stdin = strings.NewReader(ts.ReadFile(*stdin))
	}
	st.mu.Lock()
	if *bg != "" {
		if _, dup := st.procs[name]; dup {
			st.mu.Unlock()
			ts.Fatalf("peer: a background peer named %q is already running", name)
		}
		st.procs[name] = p
	}
	st.all = append(st.all, p)
	if !st.deferred {
		st.deferred = true
		ts.Defer(func() { st.finish(ts) })
	}
	st.mu.Unlock()

	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + ts.Getenv("HOME"),
		"TMPDIR=" + ts.Getenv("TMPDIR"),
		"LC_ALL=C",
	}
	ts.Check(p.Start(ts.MkAbs("."), env))
	if *bg != "" {
		return
	}
	finishPeer(ts, neg, p)
}

// peer-path sets VAR to a path that starts program as the pairing binds
// its role, for a peer that starts another peer itself (a parent that
// execs its child, popen). An emulated program gets a wrapper script in
// $WORK that execs it under its runner.
func cmdPeerPath(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := newFlags(ts, "peer-path")
	impl := fs.String("impl", "", "")
	goarch := fs.String("arch", "", "")
	args = parseFlags(ts, fs, args)
	if len(args) != 2 {
		ts.Fatalf("usage: %s", usageOf("peer-path"))
	}
	peer, err := st.resolve(args[1], Impl(*impl), *goarch)
	ts.Check(err)
	path := peer.Path
	if runner := peer.Arch.Runner(); len(runner) > 0 {
		dir := ts.MkAbs(".peers")
		ts.Check(os.MkdirAll(dir, 0o755))
		path = filepath.Join(dir, fmt.Sprintf("%s-%s-%s", peer.Impl, peer.Program, peer.Arch.GOARCH))
		script := fmt.Sprintf("#!/bin/sh\nexec %s %s \"$@\"\n", strings.Join(runner, " "), peer.Path)
		ts.Check(os.WriteFile(path, []byte(script), 0o755))
	}
	ts.Setenv(args[0], path)
}

// finishPeer waits for p, makes its output the script's stdout and
// stderr, and checks its exit status against neg. A peer the harness
// killed at its deadline fails even a negated command: it hung, and a
// hang is never the failure a script asks for (a peer that should have
// given up on a hostile partner and did not would otherwise pass).
func finishPeer(ts *testscript.TestScript, neg bool, p *Process) {
	err := p.Wait()
	p.Checked()
	fmt.Fprint(ts.Stdout(), p.Stdout())
	fmt.Fprint(ts.Stderr(), p.Stderr())
	switch {
	case p.TimedOut():
		ts.Fatalf("%v: it hung, which no script wants, ! or not", err)
	case err != nil && !neg:
		ts.Fatalf("%s: %v", p, err)
	case err == nil && neg:
		ts.Fatalf("%s: exit status 0, want a failure", p)
	case err != nil:
		ts.Logf("%s: %v (as wanted)", p, err)
	}
}

// roles checks the script's roles against the pairing the harness runs.
func cmdRoles(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: %s", usageOf("roles"))
	}
	st := state(ts)
	if !slices.Equal(args, st.scenario.Roles) {
		ts.Fatalf("roles %q: the harness read %q from this script", args, st.scenario.Roles)
	}
	ts.Logf("pairing: %s", st.pairing.Name())
}

// sysvipc prints /proc/sysvipc/<kind> as the script's peers see it (in
// the script's IPC namespace), for checks like ipcs's.
func cmdSysvipc(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || (args[0] != "shm" && args[0] != "msg" && args[0] != "sem") {
		ts.Fatalf("usage: %s", usageOf("sysvipc"))
	}
	st := state(ts)
	var data []byte
	ts.Check(st.ns.do(func() error {
		var err error
		data, err = os.ReadFile("/proc/sysvipc/" + args[0])
		return err
	}))
	ts.Stdout().Write(data)
}

// unique sets VAR to a fresh SysV key or POSIX IPC name, swept at the end.
func cmdUnique(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: %s", usageOf("unique"))
	}
	st := state(ts)
	switch args[0] {
	case "key":
		k, err := st.res.NewKey()
		ts.Check(err)
		ts.Setenv(args[1], fmt.Sprint(k))
	case "name":
		ts.Setenv(args[1], st.res.NewName())
	default:
		ts.Fatalf("usage: %s", usageOf("unique"))
	}
}

// wait-peer waits for a background peer and checks its exit status.
func cmdWaitPeer(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: %s", usageOf("wait-peer"))
	}
	st := state(ts)
	p := st.proc(ts, args[0])
	st.mu.Lock()
	delete(st.procs, args[0])
	st.mu.Unlock()
	finishPeer(ts, neg, p)
}

// wait-ready waits until a peer has written its ready file (a complete
// line), and sets VAR to the line.
func cmdWaitReady(ts *testscript.TestScript, neg bool, args []string) {
	st := state(ts)
	fs := newFlags(ts, "wait-ready")
	timeout := fs.Duration("timeout", st.suite.PeerDeadline/2, "")
	args = parseFlags(ts, fs, args)
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: %s", usageOf("wait-ready"))
	}
	line, err := st.waitReady(ts.MkAbs(args[0]), *timeout)
	if err != nil {
		ts.Fatalf("wait-ready %s: %v", args[0], err)
	}
	if len(args) == 2 {
		ts.Setenv(args[1], line)
	}
}

func (st *scriptState) waitReady(path string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for delay := time.Millisecond; ; delay = min(2*delay, 50*time.Millisecond) {
		data, err := os.ReadFile(path)
		if err == nil && bytes.HasSuffix(data, []byte("\n")) {
			return strings.TrimSuffix(string(data), "\n"), nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		// A background peer that has ended will never write the file.
		st.mu.Lock()
		var ended, running []string
		for _, p := range st.procs {
			if p.Exited() {
				ended = append(ended, fmt.Sprintf("%s (%s)", p, p.Status()))
			} else {
				running = append(running, p.Name)
			}
		}
		st.mu.Unlock()
		if len(ended) > 0 {
			slices.Sort(ended)
			return "", fmt.Errorf("no ready file, and %s ended", strings.Join(ended, ", "))
		}
		if time.Now().After(deadline) {
			slices.Sort(running)
			return "", fmt.Errorf("no ready file after %v (waiting on peers: %s)", timeout, strings.Join(running, ", "))
		}
		time.Sleep(delay)
	}
}

func (st *scriptState) proc(ts *testscript.TestScript, name string) *Process {
	st.mu.Lock()
	defer st.mu.Unlock()
	p := st.procs[name]
	if p == nil {
		ts.Fatalf("no background peer named %q", name)
	}
	return p
}

// resolve finds the executable for program. A program whose name maps to
// one of the script's roles (by the configuration's role rule: by default
// <mechanism>_<role>) runs as the pairing binds that role; any other
// program needs -impl.
func (st *scriptState) resolve(program string, impl Impl, goarch string) (Peer, error) {
	a := arch.Host()
	role := st.suite.Config.RoleOf(program)
	if b, ok := st.pairing.binding(role); ok && role != "" && impl == "" {
		impl, a = b.Impl, b.Arch
		if b.Program != "" {
			program = b.Program
		}
	} else if impl == "" {
		return Peer{}, fmt.Errorf("peer: %q plays none of the roles %q; name its implementation with -impl", program, st.scenario.Roles)
	}
	if goarch != "" {
		var err error
		if a, err = arch.Lookup(goarch); err != nil {
			return Peer{}, fmt.Errorf("peer: -arch: %v", err)
		}
	}
	byArch, ok := st.peers[a.GOARCH]
	if !ok {
		return Peer{}, fmt.Errorf("peer: no peers built for %s", a.GOARCH)
	}
	p, ok := byArch[peerKey(impl, program)]
	if !ok {
		return Peer{}, fmt.Errorf("peer: no %s peer %q among the configuration's peers", impl, program)
	}
	if p.Missing != "" {
		return Peer{}, fmt.Errorf("peer: %s", p.Missing)
	}
	if p.BuildErr != nil {
		return Peer{}, fmt.Errorf("peer: %s did not build: %v", p, p.BuildErr)
	}
	return p, nil
}

// Conditions are computed once: probing for compilers walks $PATH.
var (
	condMu    sync.Mutex
	condCache = map[string]bool{}
)

// condition evaluates the harness's script conditions:
//
//	[root]        the test runs as root
//	[isolation]   isolate can make network and mount namespaces here
//	[cc:GOARCH]   a C compiler for GOARCH is installed
//	[qemu:GOARCH] programs for GOARCH can run here (natively or under qemu-user)
//
// and, per script, [emulated]: a role of the pairing runs under emulation
// (see scriptState.condition). A name it does not know is an error, not
// false.
func condition(cond string) (bool, error) {
	condMu.Lock()
	defer condMu.Unlock()
	if v, ok := condCache[cond]; ok {
		return v, nil
	}
	var v bool
	prefix, suffix, hasSuffix := strings.Cut(cond, ":")
	switch {
	case cond == "root":
		v = os.Geteuid() == 0
	case cond == "isolation":
		v, _ = canIsolate()
	case hasSuffix && (prefix == "cc" || prefix == "qemu"):
		a, err := arch.Lookup(suffix)
		if err != nil {
			return false, err
		}
		if prefix == "cc" {
			v = a.HaveCC() == nil
		} else {
			v = a.HaveRunner() == nil
		}
	default:
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	condCache[cond] = v
	return v, nil
}
