package layout

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// byteorderPeers builds the C and Go byte-order writer and reader for a,
// once per test run, into dir.
type byteorderPeers struct {
	once sync.Once
	exe  map[string]string // "c/byteorder_writer" -> path
	err  error
}

var (
	boMu    sync.Mutex
	boPeers = map[string]*byteorderPeers{}
)

func buildByteorder(t *testing.T, root, dir string, a arch.Arch) (map[string]string, error) {
	boMu.Lock()
	p := boPeers[a.GOARCH]
	if p == nil {
		p = &byteorderPeers{}
		boPeers[a.GOARCH] = p
	}
	boMu.Unlock()
	p.once.Do(func() {
		p.exe = map[string]string{}
		for _, prog := range []string{"byteorder_writer", "byteorder_reader"} {
			out := filepath.Join(dir, a.GOARCH+"-c-"+prog)
			args := []string{"-std=gnu17", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-static",
				"-I", filepath.Join(root, "ctests", "include"), "-o", out, filepath.Join(root, "ctests", prog+".c")}
			if b, err := exec.Command(ccCommand(a), args...).CombinedOutput(); err != nil {
				p.err = fmt.Errorf("%s %s: %v\n%s", ccCommand(a), strings.Join(args, " "), err, b)
				return
			}
			p.exe["c/"+prog] = out
			out = filepath.Join(dir, a.GOARCH+"-go-"+prog)
			cmd := exec.Command("go", "build", "-o", out, "./gosides/"+prog)
			cmd.Dir = root
			cmd.Env = append(append(os.Environ(), "GOOS=linux", "GOARCH="+a.GOARCH, "CGO_ENABLED=0"), a.Env...)
			if b, err := cmd.CombinedOutput(); err != nil {
				p.err = fmt.Errorf("go build (GOARCH=%s) ./gosides/%s: %v\n%s", a.GOARCH, prog, err, b)
				return
			}
			p.exe["go/"+prog] = out
		}
	})
	return p.exe, p.err
}

// run starts a peer built for a, through its runner, and returns its exit
// status, stdout and stderr.
func run(a arch.Arch, exe string, args ...string) (int, string, string, error) {
	argv := append(append(a.Runner(), exe), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), stdout.String(), stderr.String(), nil
	}
	if err != nil {
		return -1, "", "", err
	}
	return 0, stdout.String(), stderr.String(), nil
}

// byteorderArches are the architectures the snapshot exchange runs on:
// the host, 386 where the host runs it, and s390x, big-endian, the only
// honest test of byte order.
func byteorderArches(t *testing.T) []arch.Arch {
	var out []arch.Arch
	for _, name := range []string{arch.Host().GOARCH, "386", "s390x"} {
		a, err := arch.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) > 0 && a.GOARCH == out[0].GOARCH {
			continue
		}
		out = append(out, a)
	}
	return out
}

var checkedLine = regexp.MustCompile(`(?m)^checked (\d+) structs, (\d+) fields$`)

// TestByteorder writes a snapshot with each writer (C and Go, each
// architecture) and reads it with each reader, and checks that a writer
// told to reverse one field's bytes makes every reader fail naming it.
func TestByteorder(t *testing.T) {
	root, err := FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	type peerArch struct {
		a    arch.Arch
		exes map[string]string
		skip string
	}
	var arches []peerArch
	for _, a := range byteorderArches(t) {
		pa := peerArch{a: a}
		if err := a.HaveCC(); err != nil {
			pa.skip = err.Error()
		} else if err := a.HaveRunner(); err != nil {
			pa.skip = err.Error()
		}
		arches = append(arches, pa)
	}
	for i := range arches {
		if arches[i].skip != "" {
			continue
		}
		if arches[i].exes, err = buildByteorder(t, root, dir, arches[i].a); err != nil {
			t.Fatal(err)
		}
	}
	langs := []string{"c", "go"}
	for _, w := range arches {
		for _, wl := range langs {
			for _, r := range arches {
				for _, rl := range langs {
					name := fmt.Sprintf("writer=%s-%s,reader=%s-%s", wl, w.a.GOARCH, rl, r.a.GOARCH)
					t.Run(name, func(t *testing.T) {
						if w.skip != "" {
							t.Skip(w.skip)
						}
						if r.skip != "" {
							t.Skip(r.skip)
						}
						snap := filepath.Join(t.TempDir(), "snapshot")
						code, _, stderr, err := run(w.a, w.exes[wl+"/byteorder_writer"], "-o", snap)
						if err != nil || code != 0 {
							t.Fatalf("writer: exit %d, %v\n%s", code, err, stderr)
						}
						code, stdout, stderr, err := run(r.a, r.exes[rl+"/byteorder_reader"], "-i", snap)
						if err != nil || code != 0 {
							t.Fatalf("reader: exit %d, %v\nstdout:\n%s\nstderr:\n%s", code, err, stdout, stderr)
						}
						m := checkedLine.FindStringSubmatch(stdout)
						if m == nil || m[1] == "0" {
							t.Fatalf("reader checked nothing:\n%s", stdout)
						}
						if stderr != "" {
							t.Errorf("reader wrote to stderr:\n%s", stderr)
						}
						t.Log(strings.TrimSpace(stdout))
					})
				}
			}
		}
	}
	// Must fail: a writer that reverses a field's bytes (a forgotten htons,
	// a host-order field written big-endian) is caught, by name.
	for _, w := range arches {
		for _, wl := range langs {
			for _, rl := range langs {
				for _, tc := range []struct{ field, want string }{
					{"frame_header.length", "frame_header.length: have 0x14131211, want 0x11121314"},
					{"sockaddr_in.sin_port", "sockaddr_in.sin_port: have 0x2221, want 0x2122"},
					{"some_data_structure.counter", "some_data_structure.counter: have 0x2827262524232221, want 0x2122232425262728"},
				} {
					r := arches[0] // the host reads
					name := fmt.Sprintf("corrupt=%s,writer=%s-%s,reader=%s-%s", tc.field, wl, w.a.GOARCH, rl, r.a.GOARCH)
					t.Run(name, func(t *testing.T) {
						if w.skip != "" {
							t.Skip(w.skip)
						}
						snap := filepath.Join(t.TempDir(), "snapshot")
						code, _, stderr, err := run(w.a, w.exes[wl+"/byteorder_writer"], "-o", snap, "-corrupt", tc.field)
						if err != nil || code != 0 {
							t.Fatalf("writer: exit %d, %v\n%s", code, err, stderr)
						}
						code, _, stderr, err = run(r.a, r.exes[rl+"/byteorder_reader"], "-i", snap)
						if err != nil {
							t.Fatal(err)
						}
						if code != 1 || strings.TrimSpace(stderr) != tc.want {
							t.Errorf("reader: have exit %d, stderr %q; want exit 1, stderr %q", code, strings.TrimSpace(stderr), tc.want)
						}
					})
				}
			}
		}
	}
	// Bad usage is exit 2 in both languages.
	for _, rl := range langs {
		t.Run("usage="+rl, func(t *testing.T) {
			r := arches[0]
			code, _, _, err := run(r.a, r.exes[rl+"/byteorder_reader"], "-bogus")
			if err != nil || code != 2 {
				t.Errorf("reader -bogus: have exit %d (%v), want 2", code, err)
			}
		})
	}
}
