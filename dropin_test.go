package ipcconform_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// TestDocCells checks that every program of the documents compiled as
// written (ctests/doc, the doc implementation) has cells of its own
// against the C and Go sides run with no flags, in the *_dropin scripts,
// and in no other script: they take no flags, so no other script can
// start them.
func TestDocCells(t *testing.T) {
	s := harness.Open(t, config)
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	paired := map[string]bool{}
	for _, sc := range scs {
		dropin := strings.HasSuffix(sc.Name, "_dropin")
		for _, r := range sc.Roles {
			has := slices.Contains(sc.Impls[r], "doc")
			switch {
			case dropin && !has:
				t.Errorf("%s: role %s has implementations %q, want doc among them", sc.Name, r, sc.Impls[r])
			case !dropin && has:
				t.Errorf("%s: role %s pairs the doc implementation outside a *_dropin script", sc.Name, r)
			}
		}
		if dropin {
			for _, p := range sc.Programs {
				paired[p] = true
			}
		}
	}
	for _, p := range s.Config.Peers {
		if p.Impl == "doc" && !paired[p.Name] {
			t.Errorf("doc program %s plays in no *_dropin script", p.Name)
		}
	}
}

// The documents' fixed keys, names and ports. Only the *_dropin scripts
// use them, each in namespaces of its own, so a run must leave none of
// them taken in the host's namespaces.
var (
	documentKeys  = []int{5678, 1234}
	documentShm   = []string{"/dev/shm/OS"}
	documentPorts = []int{5001, 6013, 12000}
)

// documentNamesInUse lists which of the documents' keys, names and ports
// are taken here: a SysV segment under the key, the file, a TCP listener.
func documentNamesInUse() []string {
	var out []string
	if data, err := os.ReadFile("/proc/sysvipc/shm"); err == nil {
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) == 0 {
				continue
			}
			if k, err := strconv.Atoi(f[0]); err == nil && slices.Contains(documentKeys, k) {
				out = append(out, fmt.Sprintf("a SysV segment under key %d", k))
			}
		}
	}
	for _, name := range documentShm {
		if _, err := os.Lstat(name); err == nil {
			out = append(out, name)
		}
	}
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			fields := strings.Fields(line)
			if len(fields) < 4 || fields[3] != "0A" { // LISTEN
				continue
			}
			_, hex, _ := strings.Cut(fields[1], ":")
			if port, err := strconv.ParseUint(hex, 16, 16); err == nil && slices.Contains(documentPorts, int(port)) {
				out = append(out, fmt.Sprintf("a TCP listener on port %d", port))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
