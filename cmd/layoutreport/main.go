// Command layoutreport runs the layout checks of a configuration: C
// declarations against their Go mirrors, from both compilers' DWARF,
// printed pahole-style, C on the left and Go on the right.
//
// Usage:
//
//	layoutreport [-f file] [-config name] [-arch goarch[,goarch…]] [-struct name] [-v]
//
// The checks are the "layout" list of ipcconform.json, found in the
// current directory or the nearest one above it (or the file -f names);
// -config picks one by name, or "xsys-kernel", the built-in check of
// golang.org/x/sys/unix against the kernel's UAPI headers, or
// "xsys-glibc", of the x/sys types that UAPI lacks against glibc. With -struct,
// it prints that struct for each architecture. Without, it checks every
// struct, constant and integer type for every architecture whose C
// compiler is installed (or those -arch names), printing the differences
// (everything with -v) and one summary line per architecture. It exits 1
// if anything differs, 2 on bad usage or a build failure.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ipcconform/ipcconform/harness/arch"
	"github.com/ipcconform/ipcconform/harness/layout"
)

func main() {
	archFlag := flag.String("arch", "", "comma-separated GOARCH names (default: every architecture with a C compiler)")
	structFlag := flag.String("struct", "", "print only this C struct")
	fileFlag := flag.String("f", "", "configuration file (default: "+configFile+" here or in the nearest folder above)")
	configFlag := flag.String("config", "", "the check to run: a layout entry's name, "+layout.XSysKernelName+" or "+layout.XSysGlibcName+" (default: every entry)")
	verbose := flag.Bool("v", false, "print every struct and constant, not only differences")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: layoutreport [-f file] [-config name] [-arch goarch[,goarch…]] [-struct name] [-v]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfgs, err := configs(*fileFlag, *configFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var arches []arch.Arch
	if *archFlag == "" {
		for _, a := range arch.All() {
			if err := a.HaveCC(); err != nil {
				fmt.Fprintf(os.Stderr, "skip %s: %v\n", a.GOARCH, err)
				continue
			}
			arches = append(arches, a)
		}
	} else {
		for _, name := range strings.Split(*archFlag, ",") {
			a, err := arch.Lookup(name)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			if err := a.HaveCC(); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			arches = append(arches, a)
		}
	}
	status := 0
	for _, cfg := range cfgs {
		if len(cfgs) > 1 {
			fmt.Printf("# layout %s\n", cfg.Name)
		}
		status = max(status, report(cfg, arches, *structFlag, *verbose))
	}
	os.Exit(status)
}

const configFile = "ipcconform.json"

// configs returns the checks to run: the entries of the configuration
// file, or the one named, or the built-in kernel check.
func configs(file, name string) ([]layout.Config, error) {
	builtin := map[string]func() layout.Config{layout.XSysKernelName: layout.XSysKernel, layout.XSysGlibcName: layout.XSysGlibc}
	if f, ok := builtin[name]; ok && file == "" {
		cfg := f()
		cfg.Root = "."
		return []layout.Config{cfg}, nil
	}
	if file == "" {
		var err error
		if file, err = findConfig("."); err != nil {
			return nil, err
		}
	}
	cfgs, err := layout.LoadConfigs(file)
	if err != nil {
		return nil, err
	}
	if name == "" {
		if len(cfgs) == 0 {
			return nil, fmt.Errorf("%s: no \"layout\" entries", file)
		}
		return cfgs, nil
	}
	var have []string
	for _, c := range cfgs {
		if c.Name == name {
			return []layout.Config{c}, nil
		}
		have = append(have, c.Name)
	}
	if f, ok := builtin[name]; ok {
		cfg := f()
		cfg.Root = filepath.Dir(file)
		return []layout.Config{cfg}, nil
	}
	return nil, fmt.Errorf("%s: no layout entry named %q (have %q, and %s and %s built in)", file, name, have, layout.XSysKernelName, layout.XSysGlibcName)
}

// findConfig returns the configuration file in dir or the nearest folder
// above it.
func findConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		f := filepath.Join(d, configFile)
		if _, err := os.Stat(f); err == nil {
			return f, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no %s in %s or any folder above it", configFile, dir)
		}
		d = parent
	}
}

// report runs one check on arches and prints it, returning the exit
// status it asks for.
func report(cfg layout.Config, arches []arch.Arch, structName string, verbose bool) int {
	k, err := layout.NewChecker(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer k.Close()
	reports := make([]*layout.Report, len(arches))
	errs := make([]error, len(arches))
	var wg sync.WaitGroup
	for i, a := range arches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = k.Check(a)
		}()
	}
	wg.Wait()
	status := 0
	for i, rep := range reports {
		if errs[i] != nil {
			fmt.Fprintln(os.Stderr, errs[i])
			status = 2
			continue
		}
		if structName != "" {
			p := rep.Pair(structName)
			if p == nil {
				fmt.Fprintf(os.Stderr, "no struct %q with a go mirror for %s\n", structName, rep.Arch.GOARCH)
				status = max(status, 1)
				continue
			}
			layout.WritePair(os.Stdout, p, rep.Arch.GOARCH)
			fmt.Println()
			if len(p.Diffs) > 0 {
				status = max(status, 1)
			}
			continue
		}
		rep.Write(os.Stdout, verbose)
		if len(rep.Diffs) > 0 {
			status = max(status, 1)
		}
	}
	if structName == "" {
		for i, rep := range reports {
			if errs[i] == nil {
				fmt.Println(rep.Summary())
			}
		}
	}
	return status
}
