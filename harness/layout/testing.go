package layout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// Test runs each configuration's check on every architecture, as the
// parallel subtest <name>/<goarch>: an architecture without a C compiler
// is skipped with the command that installs one; each difference is an
// error, and the report is logged when there is one. The summary is always
// logged, and a check that compared nothing at all fails.
func Test(t *testing.T, cfgs ...Config) {
	t.Helper()
	if len(cfgs) == 0 {
		t.Fatal("no layout configuration to check")
	}
	for _, cfg := range cfgs {
		t.Run(cfg.Name, func(t *testing.T) {
			k, err := NewChecker(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := k.Close(); err != nil {
					t.Error(err)
				}
			})
			for _, a := range arch.All() {
				t.Run(a.GOARCH, func(t *testing.T) {
					t.Parallel()
					ca, err := a.CSide()
					if err != nil {
						t.Skip(err)
					}
					if err := ca.HaveCC(); err != nil {
						if ca.GOARCH != a.GOARCH {
							t.Skipf("%s's C side is read with %s's C compiler (%s): %v", a.GOARCH, ca.GOARCH, a.NoCC, err)
						}
						t.Skip(err)
					}
					if ca.GOARCH != a.GOARCH {
						t.Log(CSideNote(a, ca))
					}
					rep, err := k.Check(a)
					if err != nil {
						t.Fatal(err)
					}
					for _, d := range rep.Diffs {
						t.Error(d)
					}
					if len(rep.Pairs)+len(rep.Consts)+rep.Types == 0 {
						t.Errorf("nothing compared: want at least one struct, constant or type with a go mirror, found none")
					}
					if t.Failed() {
						var b strings.Builder
						rep.Write(&b, false)
						t.Log("\n" + b.String())
					}
					t.Log(rep.Summary())
				})
			}
		})
	}
}

// LoadConfigs reads the "layout" list of a configuration file (such as
// ipcconform.json), strictly: an unknown key or a bad value in an entry is
// an error naming the file, the entry and the key. The file's other keys
// are not read. Root of each entry becomes the file's folder.
func LoadConfigs(path string) ([]Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Layout []json.RawMessage `json:"layout"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var out []Config
	for i, raw := range file.Layout {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var c Config
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: layout[%d]: %v", path, i, strings.TrimPrefix(err.Error(), "json: "))
		}
		c.Root = filepath.Dir(abs)
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("%s: layout[%d]: %v", path, i, err)
		}
		out = append(out, c)
	}
	return out, nil
}
