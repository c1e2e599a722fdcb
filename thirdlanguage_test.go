package ipcconform_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestThirdLanguageCopies checks that the Python and Java programs the
// date_server and capitalize_server scripts carry in their archives (a
// script can run only what is in $WORK) are those of ctests/python and
// ctests/java, so the two copies cannot drift apart.
func TestThirdLanguageCopies(t *testing.T) {
	copies := map[string][]string{
		"testdata/script/capitalize_server.txtar": {"ctests/python/tcp_server.py", "ctests/python/tcp_client.py"},
		"testdata/script/date_server.txtar":       {"ctests/java/DateServer.java", "ctests/java/DateClient.java"},
	}
	for script, sources := range copies {
		ar, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range sources {
			want, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(ar.Files, func(f txtar.File) bool { return f.Name == filepath.Base(src) })
			switch {
			case i < 0:
				t.Errorf("%s: no copy of %s in the archive", script, src)
			case !bytes.Equal(ar.Files[i].Data, want):
				t.Errorf("%s: the archive's %s differs from %s", script, ar.Files[i].Name, src)
			}
		}
	}
}
