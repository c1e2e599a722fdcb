// Command benchreport runs ipcconform's benchmarks (package bench: Go
// against C on every mechanism, every pairing in the same run) and writes
// what they found as a Markdown table and an SVG chart of the Go/C ratios.
//
// Usage:
//
//	benchreport [-out dir] [-count n] [-benchtime d] [-bench regexp] [-pin=false] [-in file]
//
// It builds the bench test binary once and runs it -count times over the
// whole set, one pass after another, so that every pass measures every
// pairing close together in time; a ratio is the median over the passes of
// each pass's own Go/C ratio, a figure the median of the passes' figures.
// Each peer runs bound to a CPU of its own, the same in every pairing;
// -pin=false leaves them where the scheduler puts them.
// The raw output, which benchstat reads, goes to dir/bench.txt; the table
// to dir/bench.md; the chart to dir/ratio.svg. With -in it reads raw output
// saved before instead of running anything. It exits 1 when a benchmark
// failed, 2 on bad usage or when the benchmarks cannot run.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/harness"
)

func main() {
	out := flag.String("out", "bench-report", "directory for bench.txt, bench.md and ratio.svg")
	count := flag.Int("count", 5, "passes over the benchmarks (figures are medians of the passes)")
	benchtime := flag.String("benchtime", "300ms", "go test -benchtime for each benchmark")
	bench := flag.String("bench", ".", "go test -bench: the benchmarks to run")
	in := flag.String("in", "", "read this saved go test output instead of running the benchmarks")
	pin := flag.Bool("pin", true, "bind each peer of a pairing to a CPU of its own")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: benchreport [-out dir] [-count n] [-benchtime d] [-bench regexp] [-pin=false] [-in file]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 || *count < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatal(err)
	}

	var raw []byte
	failed := false
	meta := Meta{Count: *count, Benchtime: *benchtime, Started: time.Now()}
	if *in != "" {
		var err error
		if raw, err = os.ReadFile(*in); err != nil {
			fatal(err)
		}
		meta.Source = *in
	} else {
		var err error
		raw, failed, err = run(*count, *benchtime, *bench, *pin)
		if err != nil {
			fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*out, "bench.txt"), raw, 0o644); err != nil {
			fatal(err)
		}
	}
	meta.Elapsed = time.Since(meta.Started)
	meta.Machine = machine()

	res, err := Parse(bytes.NewReader(raw))
	if err != nil {
		fatal(err)
	}
	if len(res.Failed) > 0 {
		failed = true
	}
	sum := Summarize(res)
	var md bytes.Buffer
	WriteMarkdown(&md, sum, meta)
	if err := os.WriteFile(filepath.Join(*out, "bench.md"), md.Bytes(), 0o644); err != nil {
		fatal(err)
	}
	var svg bytes.Buffer
	WriteSVG(&svg, sum)
	if err := os.WriteFile(filepath.Join(*out, "ratio.svg"), svg.Bytes(), 0o644); err != nil {
		fatal(err)
	}
	fmt.Printf("wrote %s, %s and %s\n", filepath.Join(*out, "bench.txt"), filepath.Join(*out, "bench.md"), filepath.Join(*out, "ratio.svg"))
	if failed {
		fmt.Fprintln(os.Stderr, "benchreport: some benchmarks failed; see bench.txt")
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "benchreport: %v\n", err)
	os.Exit(2)
}

// run builds the bench test binary and runs it count times, echoing its
// output; it returns everything the passes printed.
func run(count int, benchtime, bench string, pin bool) ([]byte, bool, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, false, err
	}
	root, err := harness.FindRoot(wd)
	if err != nil {
		return nil, false, err
	}
	tmp, err := os.MkdirTemp("", "benchreport")
	if err != nil {
		return nil, false, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "bench.test")
	build := exec.Command("go", "test", "-c", "-o", bin, "./bench")
	build.Dir = root
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, false, fmt.Errorf("go test -c ./bench: %v", err)
	}
	var all bytes.Buffer
	failed := false
	for pass := 1; pass <= count; pass++ {
		fmt.Fprintf(os.Stderr, "benchreport: pass %d of %d\n", pass, count)
		cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", bench, "-test.benchtime", benchtime, "-test.count", "1",
			fmt.Sprintf("-pin=%v", pin))
		cmd.Dir = filepath.Join(root, "bench")
		cmd.Stdout = io.MultiWriter(&all, os.Stdout)
		cmd.Stderr = io.MultiWriter(&all, os.Stderr)
		if err := cmd.Run(); err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				return nil, false, err
			}
			failed = true
		}
	}
	return all.Bytes(), failed, nil
}

// Meta is what the report says of its run.
type Meta struct {
	Count     int
	Benchtime string
	Source    string // the file read with -in, if any
	Started   time.Time
	Elapsed   time.Duration
	Machine   string
}

// machine describes the host: CPU, cores, kernel, compilers, load.
func machine() string {
	var parts []string
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				parts = append(parts, strings.TrimSpace(v))
				break
			}
		}
	}
	parts = append(parts, fmt.Sprintf("%d cores", runtime.NumCPU()), runtime.Version())
	if out, err := exec.Command("cc", "--version").Output(); err == nil {
		parts = append(parts, strings.SplitN(string(out), "\n", 2)[0])
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		parts = append(parts, "Linux "+strings.TrimSpace(string(data)))
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(data))
		if len(f) >= 3 {
			parts = append(parts, "load average "+strings.Join(f[:3], " ")+" at the end")
		}
	}
	return strings.Join(parts, ", ")
}
