package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// sections are the report's tables, in order.
var sections = []struct {
	kind, title, unit, ratio string
}{
	{Throughput, "Bulk throughput", "MB/s", fmt.Sprintf("Go/C throughput (higher is better); goal for 4 KiB and 64 KiB transfers: ≥ %.2f", ThroughputGoal)},
	{Rate, "Message rate", "messages/s", "Go/C rate (higher is better)"},
	{Latency, "Round-trip latency", "µs", fmt.Sprintf("Go/C round-trip time (lower is better), pings of 64 bytes (a signal carries none); goal: ≤ %.2f", LatencyGoal)},
}

// WriteMarkdown writes the report: the run, one table per kind, shared
// memory against memcpy, and the goals.
func WriteMarkdown(w io.Writer, sum *Summary, meta Meta) {
	fmt.Fprintf(w, "# ipcconform benchmarks: Go against C\n\n")
	if meta.Source != "" {
		fmt.Fprintf(w, "From %s, reported %s.\n\n", meta.Source, meta.Started.Format(time.RFC3339))
	} else {
		fmt.Fprintf(w, "Run %s: %d passes over every benchmark, -benchtime %s each, %v in all.\n\n",
			meta.Started.Format(time.RFC3339), sum.Passes, meta.Benchtime, meta.Elapsed.Round(time.Second))
	}
	fmt.Fprintf(w, "Machine: %s.\n\n", meta.Machine)
	fmt.Fprintf(w, "A pairing is first-second: writer-reader, sender-receiver, client-server. ")
	fmt.Fprintf(w, "C-C is the anchor. Each pass runs every pairing of a mechanism one after another; ")
	fmt.Fprintf(w, "a ratio is the median over the passes of that pass's Go figure against its own C-C figure, ")
	fmt.Fprintf(w, "with the smallest and largest pass ratio in brackets; a figure is the median of the passes. ")
	fmt.Fprintf(w, "Peers are timed from the moment both are set up until both have ended, so process start-up is left out. ")
	fmt.Fprintf(w, "%s ", pinning(sum.Pins))
	fmt.Fprintf(w, "Raw output, for benchstat: bench.txt. Chart: ratio.svg.\n\n")
	fmt.Fprintf(w, "### Machine state\n\n")
	fmt.Fprintf(w, "On a virtual machine the host moves the virtual CPUs between cores that share a cache and cores far apart, ")
	fmt.Fprintf(w, "and every transfer between two processes then costs several times more, C's and Go's alike. ")
	fmt.Fprintf(w, "Just before and just after each timed run the bench measures a core-to-core round trip ")
	fmt.Fprintf(w, "(two threads bound to two CPUs hand a cache line back and forth). ")
	fmt.Fprintf(w, "A Go pass is compared with its C-C pass only when all four probes are within %.0f× of one another; ", StateSpread)
	fmt.Fprintf(w, "the others are left out of the ratio, and a ratio made of fewer passes than the run had says of how many.")
	if st := states(sum); st.probes > 0 {
		fmt.Fprintf(w, " This run: core round trip %.0f–%.0f ns over %d probes; %d of %d Go passes compared, %d left out.",
			st.lo, st.hi, st.probes, st.compared, st.compared+st.apart, st.apart)
	}
	fmt.Fprintf(w, "\n\n")
	fmt.Fprintf(w, "The Go throughput and message-rate sides (gosides/benchsys/fast.go) try every transfer without blocking ")
	fmt.Fprintf(w, "through unix.RawSyscall6 (recvfrom and sendto on a socket; mq_timedsend and mq_timedreceive; ")
	fmt.Fprintf(w, "preadv2 and pwritev2 with RWF_NOWAIT on a pipe) and wait, when they must, in ppoll(2), also raw ")
	fmt.Fprintf(w, "(a pipe, which the kernel wakes more often once polled, in a blocking call through the runtime); ")
	fmt.Fprintf(w, "SysV msgsnd and msgrcv block in RawSyscall6, which a signal interrupts. Why: ")
	fmt.Fprintf(w, "a blocking unix.Read or unix.Write goes through the runtime's entersyscall and exitsyscall on every call, ")
	fmt.Fprintf(w, "which at 4 KiB costs a measurable share of a transfer. ")
	fmt.Fprintf(w, "Their thread has a descriptor table of its own (unshare(2), CLONE_FILES): ")
	fmt.Fprintf(w, "in a process whose threads share one, and a Go process always has several, ")
	fmt.Fprintf(w, "the kernel takes and drops a reference on the file at every system call. ")
	fmt.Fprintf(w, "The -blocking rows run the same Go sides as a plain Go program would, blocking unix.Read and unix.Write on the shared table, beside a C-C anchor of their own; they have no goal. ")
	fmt.Fprintf(w, "At 64 KiB a transfer fills a pipe's whole buffer and each side waits for the other on every one; ")
	fmt.Fprintf(w, "there a Go side that waits in a blocking call through the runtime (a -blocking row; the fast path on a pipe) ")
	fmt.Fprintf(w, "can beat C by far on a virtual machine, not by doing less: the runtime leaves threads running on its CPU a while, ")
	fmt.Fprintf(w, "so waking it does not pay the exit from idle that waking a C side pays, ")
	fmt.Fprintf(w, "or a side waiting in ppoll (compare the rows' CPU idle entries per operation).\n\n")

	for _, sec := range sections {
		rows := sum.Rows[sec.kind]
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(w, "## %s (%s)\n\nRatio: %s.\n\n", sec.title, sec.unit, sec.ratio)
		fmt.Fprintf(w, "| mechanism | size | c-c | c-go | ratio | go-c | ratio | go-go | ratio |\n")
		fmt.Fprintf(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, r := range rows {
			size := r.SizeLabel()
			fmt.Fprintf(w, "| %s | %s | %s |", r.Mech, size, figure(r, r.Cells[0]))
			for _, c := range r.Cells[1:] {
				fmt.Fprintf(w, " %s | %s |", figure(r, c), ratioCell(r, c))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}

	if rows := sharedRows(sum); len(rows) > 0 {
		fmt.Fprintf(w, "## Shared memory against memcpy\n\n")
		fmt.Fprintf(w, "memcpy: copies of the size, cycling through a 1 MiB source as a ring's reader does, in the bench process, in the same run; ")
		fmt.Fprintf(w, "each side of a ring copies every byte once, so memcpy's bandwidth is the ceiling of a ring's.\n\n")
		fmt.Fprintf(w, "| mechanism | size | memcpy MB/s | c-c | c-go | go-c | go-go |\n|---|---|--:|--:|--:|--:|--:|\n")
		for _, r := range rows {
			fmt.Fprintf(w, "| %s | %s | %.0f |", r.Mech, r.Size, r.Memcpy/1e6)
			for _, c := range r.Cells {
				if !c.Present {
					fmt.Fprintf(w, " — |")
					continue
				}
				fmt.Fprintf(w, " %.0f%% |", 100*c.Value/r.Memcpy)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintf(w, "## Processor time per operation\n\n")
	fmt.Fprintf(w, "What each side spends per transfer, message or round trip, user and system time (rusage), in µs: ")
	fmt.Fprintf(w, "a Go side against the C side in the same role, each facing a C peer (C first role: c-c; Go first role: go-c; ")
	fmt.Fprintf(w, "C second role: c-c; Go second role: c-go). Waiting costs no processor time, so these figures are far steadier ")
	fmt.Fprintf(w, "than the wall-clock ones on a busy machine; ring sides that spin before they sleep count their polling.\n\n")
	sideTable(w, sum, func(c Cell) [2]float64 { return c.CPU }, func(c Cell, side int) string {
		if c.CPU[side] == 0 {
			return "—"
		}
		return fmt.Sprintf("%s (%s–%s)", us(c.CPU[side]), us(c.CPULo[side]), us(c.CPUHi[side]))
	})
	fmt.Fprintf(w, "## Context switches per operation\n\n")
	fmt.Fprintf(w, "Each side's context switches per operation, every thread's, voluntary (it blocked) and involuntary (it was preempted), ")
	fmt.Fprintf(w, "from rusage, laid out as above. A C side is one thread; a Go side's runtime adds its own, and its extra system time goes with them. ")
	fmt.Fprintf(w, "Most come from system calls made through the runtime, as the -blocking rows and the round-trip sides make them: ")
	fmt.Fprintf(w, "a goroutine that only makes system calls is never rescheduled, so every 10 ms sysmon preempts it and, ")
	fmt.Fprintf(w, "when it is in a call, hands its P to another thread (the goroutine goes on from that thread); ")
	fmt.Fprintf(w, "after each such retake sysmon polls every 20 µs for a millisecond before it backs off. ")
	fmt.Fprintf(w, "Traced (perf sched_switch) over 1,000,000 4-KiB pipe reads by a blocking Go reader from the C writer, 0.85 s: ")
	fmt.Fprintf(w, "7,243 sysmon wake-ups and 92 hand-offs between two threads, none of which a C reader has. ")
	fmt.Fprintf(w, "The fast-path sides make no system call through the runtime, so sysmon has no P to retake from them; ")
	fmt.Fprintf(w, "it still preempts one that has run or waited 10 ms, a signal and a hand-off to another thread and back each time.\n\n")
	sideTable(w, sum, func(c Cell) [2]float64 { return c.CSW }, func(c Cell, side int) string {
		if c.CSW[side] == 0 {
			return "—"
		}
		return fmt.Sprintf("%.3f", c.CSW[side])
	})

	if hasIdle(sum) {
		fmt.Fprintf(w, "## CPU idle entries per operation\n\n")
		fmt.Fprintf(w, "How many times, per operation, a CPU of the machine went idle during the timed run (cpuidle's counts, all CPUs). ")
		fmt.Fprintf(w, "A side that blocks can leave its CPU idle, and the transfer that wakes it pays for the wake-up: ")
		fmt.Fprintf(w, "on a virtual machine, an exit to the host and an entry back. ")
		fmt.Fprintf(w, "A blocked C side leaves nothing running; a Go side's runtime threads (sysmon's polling, a thread spinning for work ")
		fmt.Fprintf(w, "after a P hand-off) keep its CPU busy a while longer. Where Go beats C by a wide margin, ")
		fmt.Fprintf(w, "compare this table: the C-C anchor idles more often per transfer.\n\n")
		fmt.Fprintf(w, "| kind | mechanism | size | c-c | c-go | go-c | go-go |\n|---|---|---|--:|--:|--:|--:|\n")
		for _, sec := range sections {
			for _, r := range sum.Rows[sec.kind] {
				size := r.SizeLabel()
				fmt.Fprintf(w, "| %s | %s | %s |", strings.ToLower(sec.kind), r.Mech, size)
				for _, c := range r.Cells {
					if !c.Present || c.Idle < 0 {
						fmt.Fprintf(w, " — |")
						continue
					}
					fmt.Fprintf(w, " %.3f |", c.Idle)
				}
				fmt.Fprintln(w)
			}
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintf(w, "## Goals\n\n")
	for _, g := range goals(sum) {
		fmt.Fprintf(w, "- %s\n", g)
	}
	fmt.Fprintf(w, "\nA missed goal is given with its passes' range and with each Go side's processor time per operation ")
	fmt.Fprintf(w, "against C's in the same role, as the processor time table has it (the Go side facing a C peer). ")
	fmt.Fprintf(w, "A range that reaches the goal, with Go's processor time near C's, points to this machine's noise; ")
	fmt.Fprintf(w, "a range wholly short of the goal, or a Go side that spends clearly more, points to Go.\n")
	if len(sum.Failed) > 0 {
		fmt.Fprintf(w, "\n## Failed\n\n")
		for _, f := range sum.Failed {
			fmt.Fprintf(w, "- %s\n", f)
		}
	}
}

func hasIdle(sum *Summary) bool {
	for _, rows := range sum.Rows {
		for _, r := range rows {
			for _, c := range r.Cells {
				if c.Present && c.Idle >= 0 {
					return true
				}
			}
		}
	}
	return false
}

// stateCounts is what the run's machine-state probes saw.
type stateCounts struct {
	probes          int
	lo, hi          float64 // core round trip, ns
	compared, apart int     // Go passes in a ratio, and left out of one
}

func states(sum *Summary) stateCounts {
	st := stateCounts{probes: len(sum.Probes)}
	if st.probes > 0 {
		st.lo, st.hi = slices.Min(sum.Probes), slices.Max(sum.Probes)
	}
	for _, rows := range sum.Rows {
		for _, r := range rows {
			for _, c := range r.Cells[1:] {
				st.compared += c.Passes
				st.apart += c.Apart
			}
		}
	}
	return st
}

func sharedRows(sum *Summary) []Row {
	var out []Row
	for _, r := range sum.Rows[Throughput] {
		if r.Memcpy > 0 {
			out = append(out, r)
		}
	}
	return out
}

// figure renders a cell's figure in its section's unit.
func figure(r Row, c Cell) string {
	if !c.Present {
		return "—"
	}
	switch r.Kind {
	case Throughput:
		s := fmt.Sprintf("%.0f", c.Value/1e6)
		if c.Items > 0 {
			s += fmt.Sprintf(" (%.1fM items/s)", c.Items/1e6)
		}
		return s
	case Rate:
		return fmt.Sprintf("%.0f", c.Value)
	}
	return fmt.Sprintf("%.2f", c.Value/1e3)
}

// ratioCell renders a Go pairing's ratio, its spread, and whether it
// meets the row's goal.
func ratioCell(r Row, c Cell) string {
	if !c.Present {
		return "—"
	}
	if c.Passes == 0 {
		return fmt.Sprintf("— (0 of %d)", c.Apart)
	}
	s := fmt.Sprintf("%.2f [%.2f, %.2f]", c.Ratio, c.Lo, c.Hi)
	if c.Apart > 0 {
		s += fmt.Sprintf(" (%d of %d)", c.Passes, c.Passes+c.Apart)
	}
	if met, ok := r.Met(c); ok {
		if met {
			s += " ✓"
		} else {
			s = "**" + s + "** ✗"
		}
	}
	return s
}

// missEvidence is what the run knows of a missed goal at pairing p of r:
// its ratio, its passes' range, and the processor time per operation of
// each Go side in it against the C side in the same role (the processor
// time table's ratio).
func missEvidence(r Row, p int) string {
	c := r.Cells[p]
	s := fmt.Sprintf("%.2f", c.Ratio)
	if c.Passes > 1 {
		s += fmt.Sprintf(", passes %.2f–%.2f", c.Lo, c.Hi)
	}
	var cpu []string
	for side, goSide := range [2]bool{pairNames[p] != "c-go", pairNames[p] != "go-c"} {
		// The Go side of role side faced a C peer in go-c (first) or c-go (second).
		peerCell := r.Cells[2-side]
		if !goSide || r.Cells[0].CPU[side] == 0 || peerCell.CPU[side] == 0 {
			continue
		}
		cpu = append(cpu, fmt.Sprintf("%s side %s", [2]string{"first", "second"}[side], cpuRatio(peerCell.CPU[side], r.Cells[0].CPU[side])))
	}
	if len(cpu) > 0 {
		s += "; Go's processor time per operation against C's: " + strings.Join(cpu, ", ")
	}
	return s
}

// goals states each goal of issue 8 and whether the run meets it.
func goals(sum *Summary) []string {
	var out []string
	for _, g := range []struct {
		what string
		keep func(Row) bool
	}{
		{fmt.Sprintf("Bulk throughput, Go ≥ %.2f of C", ThroughputGoal), Row.Bulk},
		{fmt.Sprintf("Round-trip latency, Go ≤ %.2f of C", LatencyGoal), func(r Row) bool { return r.Kind == Latency }},
	} {
		total, met := 0, 0
		var missed, every, unknown []string
		for _, kind := range []string{Throughput, Latency} {
			for _, r := range sum.Rows[kind] {
				if !g.keep(r) {
					continue
				}
				for j, c := range r.Cells[1:] {
					if !c.Present {
						continue
					}
					name := strings.Join(strings.Fields(r.Mech+" "+r.Size+" "+pairNames[j+1]), " ")
					if c.Passes == 0 {
						unknown = append(unknown, name)
						continue
					}
					total++
					if ok, _ := r.Met(c); ok {
						met++
					} else {
						missed = append(missed, fmt.Sprintf("%s (%s)", name, missEvidence(r, j+1)))
						if r.MissedEveryPass(c) {
							every = append(every, fmt.Sprintf("%s (%d of %d)", name, c.Passes, c.Passes))
						}
					}
				}
			}
		}
		if total == 0 && len(unknown) == 0 {
			continue
		}
		line := fmt.Sprintf("%s: met by %d of %d pairings", g.what, met, total)
		if len(missed) > 0 {
			line += "; not by " + strings.Join(missed, ", ")
			if len(every) == 0 {
				line += fmt.Sprintf(". Each of the %d had a pass that met the goal", len(missed))
			} else {
				line += fmt.Sprintf(". %d of the %d had a pass that met the goal; missed in every pass: %s",
					len(missed)-len(every), len(missed), strings.Join(every, ", "))
			}
		}
		if len(unknown) > 0 {
			line += "; not known for " + strings.Join(unknown, ", ") + " (no pass ran in its anchor's machine state)"
		}
		out = append(out, line+".")
	}
	for _, r := range sum.Rows[Throughput] {
		if r.Mech != "shm" || r.Bytes != 64 {
			continue
		}
		var parts []string
		met := true
		for j := 1; j <= 2; j++ {
			c := r.Cells[j]
			if !c.Present {
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %.1fM", pairNames[j], c.Items/1e6))
			met = met && c.Items >= ItemsGoal
		}
		verdict := "met"
		if !met {
			verdict = "not met"
		}
		out = append(out, fmt.Sprintf("Shared-memory ring, ≥ %.0fM 64-byte items/s between C and Go: %s (%s items/s).",
			ItemsGoal/1e6, verdict, strings.Join(parts, ", ")))
	}
	return out
}

// sideTable writes a table of a per-side figure (pick) of each row: a Go
// side against the C side in the same role, each facing a C peer.
func sideTable(w io.Writer, sum *Summary, pick func(Cell) [2]float64, format func(c Cell, side int) string) {
	fmt.Fprintf(w, "| kind | mechanism | size | C first | Go first | ratio | C second | Go second | ratio |\n|---|---|---|--:|--:|--:|--:|--:|--:|\n")
	for _, sec := range sections {
		for _, r := range sum.Rows[sec.kind] {
			// C first role: c-c; Go first: go-c; C second: c-c; Go second: c-go.
			cc, cgo, goc := r.Cells[0], r.Cells[1], r.Cells[2]
			cf, gf := pick(cc)[0], pick(goc)[0]
			cs, gs := pick(cc)[1], pick(cgo)[1]
			if cf == 0 || cs == 0 {
				continue
			}
			size := r.SizeLabel()
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", strings.ToLower(sec.kind), r.Mech, size,
				format(cc, 0), format(goc, 0), cpuRatio(gf, cf), format(cc, 1), format(cgo, 1), cpuRatio(gs, cs))
		}
	}
	fmt.Fprintln(w)
}

func us(ns float64) string {
	if ns == 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f", ns/1e3)
}

func cpuRatio(goNs, cNs float64) string {
	if goNs == 0 || cNs == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", goNs/cNs)
}

// pinning says where the run's peers ran, from the passes' "pin:" lines.
func pinning(pins []string) string {
	seen := slices.Compact(slices.Sorted(slices.Values(pins)))
	switch {
	case len(seen) == 0:
		return "Where the peers ran is not recorded."
	case len(seen) > 1:
		return fmt.Sprintf("The passes placed the peers differently (pin: %s).", strings.Join(seen, "; "))
	case seen[0] == "off":
		return "The peers ran unbound, wherever the scheduler put them."
	}
	first, second, _ := strings.Cut(seen[0], ",")
	return fmt.Sprintf("Each peer ran bound to a CPU of its own, the same in every pairing: the first role on CPU %s, the second on CPU %s; "+
		"a Go peer kept the GOMAXPROCS it would have had unbound.", first, second)
}
