// Command layoutreport compares the Go mirrors in gosides/wire with the C
// declarations in ctests/include, from both compilers' DWARF, and prints
// the comparison pahole-style, C on the left and Go on the right.
//
// Usage:
//
//	layoutreport [-arch goarch[,goarch…]] [-struct name] [-v]
//
// With -struct, it prints that struct for each architecture. Without, it
// checks every struct, constant and integer type for every architecture
// whose C compiler is installed (or those -arch names), printing the
// differences (everything with -v) and one summary line per architecture.
// It exits 1 if anything differs, 2 on bad usage or a build failure.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/ipcconform/ipcconform/harness/arch"
	"github.com/ipcconform/ipcconform/harness/layout"
)

func main() {
	archFlag := flag.String("arch", "", "comma-separated GOARCH names (default: every architecture with a C compiler)")
	structFlag := flag.String("struct", "", "print only this C struct")
	verbose := flag.Bool("v", false, "print every struct and constant, not only differences")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: layoutreport [-arch goarch[,goarch…]] [-struct name] [-v]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	root, err := layout.FindRoot(".")
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
	k, err := layout.NewChecker(layout.Config{Root: root})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	reports := make([]*layout.Report, len(arches))
	errs := make([]error, len(arches))
	var wg sync.WaitGroup
	for i, a := range arches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = k.Check(a, layout.Options{Pkg: "wire"})
		}()
	}
	wg.Wait()
	k.Close()
	status := 0
	for i, rep := range reports {
		if errs[i] != nil {
			fmt.Fprintln(os.Stderr, errs[i])
			status = 2
			continue
		}
		if *structFlag != "" {
			p := rep.Pair(*structFlag)
			if p == nil {
				fmt.Fprintf(os.Stderr, "no struct %q with a go mirror for %s\n", *structFlag, rep.Arch.GOARCH)
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
		rep.Write(os.Stdout, *verbose)
		if len(rep.Diffs) > 0 {
			status = max(status, 1)
		}
	}
	if *structFlag == "" {
		for i, rep := range reports {
			if errs[i] == nil {
				fmt.Println(rep.Summary())
			}
		}
	}
	os.Exit(status)
}
