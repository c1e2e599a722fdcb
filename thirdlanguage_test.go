package ipcconform_test

import (
	"slices"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// TestThirdLanguageCells checks that the documents' Python and Java
// programs stay implementations of their roles, with cells of their own:
// a configuration change that dropped them would otherwise only shrink
// the matrix.
func TestThirdLanguageCells(t *testing.T) {
	scs, err := harness.Open(t, config).Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]harness.Impl{
		"capitalize_server":         {"server": "py", "client": "py"},
		"hostile_capitalize_server": {"server": "py"},
		"hostile_capitalize_client": {"client": "py"},
		"date_server":               {"server": "java", "client": "java"},
		"hostile_date_client":       {"client": "java"},
	}
	for _, sc := range scs {
		for role, impl := range want[sc.Name] {
			if !slices.Contains(sc.Impls[role], impl) {
				t.Errorf("%s: role %s has implementations %q, want %s among them", sc.Name, role, sc.Impls[role], impl)
			}
		}
		delete(want, sc.Name)
	}
	for name := range want {
		t.Errorf("no scenario %s", name)
	}
}
