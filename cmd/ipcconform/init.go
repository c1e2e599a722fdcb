package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// template is what `ipcconform init` writes: a configuration, a header
// and its Go mirror, a C and a Go implementation of each role, one
// scenario, and the tests that run them. Go files carry a .tmpl suffix so
// that this module does not build them; MODULE_PATH and PACKAGE_NAME are
// replaced with the user's module path and test package name.
//
//go:embed template
var template embed.FS

const selfModule = "github.com/ipcconform/ipcconform"

func initMain(args []string) int {
	fs := flag.NewFlagSet("ipcconform init", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ipcconform init\n\nWrites a working starting point into the module in the current folder:\nipcconform.json, include/greeting.h and its Go mirror in greeting/, C peers\nin csrc/, Go peers in cmd/, testdata/script/greeting.txtar and\nconformance_test.go. It writes over nothing.")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		return usageExit(fs, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	if err := initModule("."); err != nil {
		fmt.Fprintf(os.Stderr, "ipcconform init: %v\n", err)
		return 1
	}
	fmt.Fprintln(os.Stderr, "ipcconform init: wrote ipcconform.json and a greeting scenario; run `go test ./...`, then `ipcconform`")
	return 0
}

// initModule writes the template into the module at dir, then makes its
// go.mod require what the template imports.
func initModule(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return fmt.Errorf("no go.mod here (run `go mod init <module path>` first): %w", err)
	}
	// go mod edit -json is go.mod as the go command reads it.
	cmd := exec.Command("go", "mod", "edit", "-json")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go mod edit -json: %v", err)
	}
	type modVersion struct{ Path, Version string }
	var mf struct {
		Module  struct{ Path string }
		Require []struct{ Path string }
		Replace []struct{ Old modVersion }
	}
	if err := json.Unmarshal(out, &mf); err != nil {
		return fmt.Errorf("go mod edit -json: %v", err)
	}
	pkgName, err := testPackageName(dir)
	if err != nil {
		return err
	}
	type file struct {
		path string
		data []byte
	}
	var files []file
	var exist []string
	err = fs.WalkDir(template, "template", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := template.ReadFile(p)
		if err != nil {
			return err
		}
		b = bytes.ReplaceAll(b, []byte("MODULE_PATH"), []byte(mf.Module.Path))
		b = bytes.ReplaceAll(b, []byte("PACKAGE_NAME"), []byte(pkgName))
		rel := strings.TrimSuffix(strings.TrimPrefix(p, "template/"), ".tmpl")
		out := filepath.Join(dir, filepath.FromSlash(rel))
		if _, err := os.Lstat(out); err == nil {
			exist = append(exist, rel)
		}
		files = append(files, file{out, b})
		return nil
	})
	if err != nil {
		return err
	}
	if len(exist) > 0 {
		return fmt.Errorf("would write over %s: move them away, or run it in an empty module", strings.Join(exist, ", "))
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return err
		}
	}
	required := false
	for _, r := range mf.Require {
		required = required || r.Path == selfModule
	}
	for _, r := range mf.Replace {
		required = required || r.Old.Path == selfModule
	}
	if !required {
		if err := goCmd(dir, "get", selfModule+"@"+selfVersion()); err != nil {
			return err
		}
	}
	return goCmd(dir, "mod", "tidy")
}

// selfVersion is the version of ipcconform this command was built from,
// so that the module it sets up uses the same harness.
func selfVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == selfModule && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "latest"
}

func goCmd(dir string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// testPackageName is the package of the conformance test: the external
// test package of the folder's own package, if it has one.
func testPackageName(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		pf, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly)
		if err != nil {
			return "", err
		}
		if n := pf.Name.Name; n != "main" {
			return n + "_test", nil
		}
		return "", errors.New("the module's root holds package main: run ipcconform init in a module whose root is a library package or holds no Go files")
	}
	return "conformance_test", nil
}
