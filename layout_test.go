package ipcconform_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/wire"
	"github.com/ipcconform/ipcconform/harness"
	"github.com/ipcconform/ipcconform/harness/arch"
	"github.com/ipcconform/ipcconform/harness/layout"
)

// wireConfig returns the layout entry that checks ctests/include against
// gosides/wire, as the harness loaded it.
func wireConfig(t *testing.T) layout.Config {
	t.Helper()
	for _, c := range harness.Open(t, config).Config.Layout {
		if c.Name == "wire" {
			return c
		}
	}
	t.Fatal(`ipcconform.json: no layout entry named "wire"`)
	return layout.Config{}
}

// TestHostMatchesReflect checks the layout check's reading of the Go side
// against what reflect says on the host: offsets, sizes and alignment.
func TestHostMatchesReflect(t *testing.T) {
	h := arch.Host()
	if err := h.HaveCC(); err != nil {
		t.Skip(err)
	}
	k, err := layout.NewChecker(wireConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	_, g, err := k.Sides(h)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{
		wire.AlignmentNatural{}, wire.AlignmentPacked{}, wire.AlignmentMixed{},
		wire.Msgbuf{}, wire.SomeDataStructure{}, wire.RingHeader{}, wire.RingItem{}, wire.FrameHeader{},
	} {
		rt := reflect.TypeOf(v)
		s := g.Structs["wire."+rt.Name()]
		if s == nil {
			t.Errorf("wire.%s: not read from the probe", rt.Name())
			continue
		}
		if s.Size != int64(rt.Size()) || s.Align != int64(rt.Align()) {
			t.Errorf("wire.%s: have size %d align %d, want %d and %d", rt.Name(), s.Size, s.Align, rt.Size(), rt.Align())
		}
		if len(s.Fields) != rt.NumField() {
			t.Errorf("wire.%s: have %d fields, want %d", rt.Name(), len(s.Fields), rt.NumField())
			continue
		}
		for i, f := range s.Fields {
			rf := rt.Field(i)
			if f.Name != rf.Name || f.Offset != int64(rf.Offset) || f.Type.Size != int64(rf.Type.Size()) {
				t.Errorf("wire.%s field %d: have %s at %d size %d, want %s at %d size %d",
					rt.Name(), i, f.Name, f.Offset, f.Type.Size, rf.Name, rf.Offset, rf.Type.Size())
			}
		}
	}
	if got, want := g.Types["wire.KeyT"].Size, int64(unsafe.Sizeof(wire.KeyT(0))); got != want {
		t.Errorf("wire.KeyT: have size %d, want %d", got, want)
	}
}

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
			if b, err := exec.Command(a.CC(), args...).CombinedOutput(); err != nil {
				p.err = fmt.Errorf("%s %s: %v\n%s", a.CC(), strings.Join(args, " "), err, b)
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
func runPeer(a arch.Arch, exe string, args ...string) (int, string, string, error) {
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

// TestLayoutByteorder writes a snapshot with each writer (C and Go, each
// architecture) and reads it with each reader, and checks that a writer
// told to reverse one field's bytes makes every reader fail naming it.
func TestLayoutByteorder(t *testing.T) {
	root, err := filepath.Abs(".")
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
		// A 386 program runs on amd64 only where the kernel has 32-bit
		// support, which a container's host may lack.
		if _, _, _, err := runPeer(arches[i].a, arches[i].exes["c/byteorder_reader"], "-bogus"); err != nil {
			arches[i].skip = fmt.Sprintf("%s programs do not run on this host: %v", arches[i].a.GOARCH, err)
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
						code, _, stderr, err := runPeer(w.a, w.exes[wl+"/byteorder_writer"], "-o", snap)
						if err != nil || code != 0 {
							t.Fatalf("writer: exit %d, %v\n%s", code, err, stderr)
						}
						code, stdout, stderr, err := runPeer(r.a, r.exes[rl+"/byteorder_reader"], "-i", snap)
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
						code, _, stderr, err := runPeer(w.a, w.exes[wl+"/byteorder_writer"], "-o", snap, "-corrupt", tc.field)
						if err != nil || code != 0 {
							t.Fatalf("writer: exit %d, %v\n%s", code, err, stderr)
						}
						code, _, stderr, err = runPeer(r.a, r.exes[rl+"/byteorder_reader"], "-i", snap)
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
			code, _, _, err := runPeer(r.a, r.exes[rl+"/byteorder_reader"], "-bogus")
			if err != nil || code != 2 {
				t.Errorf("reader -bogus: have exit %d (%v), want 2", code, err)
			}
		})
	}
}
