// Package bench measures Go against C on every IPC mechanism ipcconform
// covers: each benchmark runs the real peers the harness builds
// (ctests/bench_<mechanism>_<role>.c and gosides/bench_<mechanism>_<role>/)
// in every pairing, C-C first as the anchor, so that each Go figure has a
// C figure from the same run beside it.
//
// A pairing is named first-second: writer-reader for throughput,
// sender-receiver for message rate, client-server for round-trip latency.
// The peers are told b.N (transfers, messages, round trips) and measured
// from the moment both are set up: the second role (a listening server,
// a queue's creator) writes its ready file, the first writes its own and
// waits on a gate, and the timer runs from the gate's opening until both
// have ended, so process start-up stays out of the figures. Figures and
// ratios: go run ./cmd/benchreport.
package bench

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipcconform/ipcconform/harness"
	"github.com/ipcconform/ipcconform/harness/arch"
	"golang.org/x/sys/unix"
)

// A pairing binds the first role (writer, sender, client) and the second
// (reader, receiver, server) to an implementation each.
type pairing struct {
	name          string
	first, second harness.Impl
}

// pairings in the order they run: C-C, the anchor, first.
var pairings = []pairing{
	{"c-c", harness.C, harness.C},
	{"c-go", harness.C, harness.Go},
	{"go-c", harness.Go, harness.C},
	{"go-go", harness.Go, harness.Go},
}

const (
	// peerTimeout is what the peers are told: the most a whole run may take.
	peerTimeout = 300
	// deadline is when the benchmark kills a peer that outlived it anyway.
	deadline = (peerTimeout + 30) * time.Second
	// readyWait bounds the wait for a server's ready file.
	readyWait = 30 * time.Second
)

var (
	buildOnce sync.Once
	built     map[string]harness.Peer
	buildErr  error
)

// peerFor returns the host's build of program in impl, building every peer
// of the tree (or finding it cached) on first use.
func peerFor(b *testing.B, impl harness.Impl, program string) harness.Peer {
	b.Helper()
	buildOnce.Do(func() {
		cfg, err := harness.FindConfig(".")
		if err != nil {
			buildErr = err
			return
		}
		s, err := harness.OpenFile(cfg)
		if err != nil {
			buildErr = err
			return
		}
		built, _, buildErr = s.Builder.Build(arch.Host())
	})
	if buildErr != nil {
		b.Fatalf("building peers: %v", buildErr)
	}
	p, ok := built[string(impl)+"/"+program]
	if !ok {
		b.Fatalf("no %s peer %q", impl, program)
	}
	if p.BuildErr != nil {
		b.Fatalf("%s peer %q does not build: %v", impl, program, p.BuildErr)
	}
	return p
}

// A proc is one running peer.
type proc struct {
	name   string
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan struct{}
	err    error
	timer  *time.Timer
}

// A role is a peer to start: its program, how it is bound, its arguments,
// descriptors it inherits (as 3, 4, ...), and the stdout it must print.
type role struct {
	program string
	impl    harness.Impl
	args    []string
	files   []*os.File
	want    string
	cpu     int
}

// An env is one run of one benchmark: b.N, a directory, the pairing, and
// the IPC keys and names handed out, swept at the end.
type env struct {
	b   *testing.B
	dir string
	p   pairing
	res harness.Resources
	n   string
	// goArgs are added to every Go role's arguments: -blocking, for the
	// rows that measure Go's blocking system calls.
	goArgs []string
}

func newEnv(b *testing.B, p pairing) *env {
	b.StopTimer()
	e := &env{b: b, dir: b.TempDir(), p: p, n: strconv.Itoa(b.N)}
	b.Cleanup(func() {
		leaks, err := e.res.Sweep()
		if err != nil {
			b.Errorf("sweep: %v", err)
		}
		for _, l := range leaks {
			b.Errorf("left behind: %s", l)
		}
	})
	return e
}

func (e *env) path(name string) string { return filepath.Join(e.dir, name) }

func (e *env) key() string {
	k, err := e.res.NewKey()
	if err != nil {
		e.b.Fatalf("%v", err)
	}
	return strconv.Itoa(int(k))
}

// first and second return role halves bound as the pairing says.
func (e *env) first(program string, args ...string) role {
	return role{program: program, impl: e.p.first, args: args, cpu: cpus[0]}
}

func (e *env) second(program string, args ...string) role {
	return role{program: program, impl: e.p.second, args: args, cpu: cpus[1]}
}

// pin gives each role a CPU of its own, the first role the first allowed
// CPU and the second the next, in every pairing alike. Unbound, where the
// scheduler places the two peers (on one CPU or two, and when it moves
// them) changes from run to run, and a pass's figure with it, by up to 6×
// in either language (unix 64 KiB over five passes of every
// pairing: Go/C ratios from 1.66 to 6.50 unbound, 0.92 to 1.24 bound;
// the C-C passes were the slow ones). A bound Go peer is
// given the GOMAXPROCS it would have unbound (see goMaxProcs): the runtime
// sizes itself by the CPUs it may use, and with one P sysmon takes the P
// away from every blocking system call that outlasts its 20 µs tick, a
// cost a Go program given the machine does not pay.
var pin = flag.Bool("pin", true, "run each peer of a pairing on a CPU of its own")

// cpus are the CPUs of the first and second role, -1 for none: set once
// by TestMain, from -pin and the CPUs this process may use.
var cpus = [2]int{-1, -1}

// placement returns the first two CPUs this process may use, or none
// when pinning is off or fewer than two are allowed.
func placement() [2]int {
	none := [2]int{-1, -1}
	var set unix.CPUSet
	if !*pin || unix.SchedGetaffinity(0, &set) != nil || set.Count() < 2 {
		return none
	}
	out, n := none, 0
	for cpu := 0; cpu < len(set)*64 && n < 2; cpu++ {
		if set.IsSet(cpu) {
			out[n] = cpu
			n++
		}
	}
	return out
}

// goMaxProcs is the environment setting a bound Go peer is given: the
// GOMAXPROCS the runtime chose for this process before the benchmarks
// ran (its CPUs, or a container's quota when smaller; or the environment's
// setting), which is what an unbound peer would choose too.
var goMaxProcs string

// startOn starts cmd on cpu: it forks from this goroutine's thread, bound
// to cpu for the moment, so the peer and every thread it makes inherit
// the binding (as taskset does).
func startOn(cmd *exec.Cmd, cpu int) error {
	if cpu < 0 {
		return cmd.Start()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var old, set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		return err
	}
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return err
	}
	defer unix.SchedSetaffinity(0, &old)
	return cmd.Start()
}

func (e *env) start(r role) *proc {
	b := e.b
	p := peerFor(b, r.impl, r.program)
	argv := append(append(p.Arch.Runner(), p.Path), r.args...)
	if r.impl == harness.Go {
		argv = append(argv, e.goArgs...)
	}
	pr := &proc{name: fmt.Sprintf("%s (%s)", r.program, r.impl), done: make(chan struct{})}
	pr.cmd = exec.Command(argv[0], argv[1:]...)
	pr.cmd.Dir = e.dir
	pr.cmd.Stdout = &pr.stdout
	pr.cmd.Stderr = &pr.stderr
	pr.cmd.ExtraFiles = r.files
	if r.cpu >= 0 && r.impl == harness.Go {
		pr.cmd.Env = append(os.Environ(), goMaxProcs)
	}
	pr.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := startOn(pr.cmd, r.cpu); err != nil {
		b.Fatalf("start %s: %v", pr.name, err)
	}
	pr.timer = time.AfterFunc(deadline, func() { _ = unix.Kill(-pr.cmd.Process.Pid, unix.SIGKILL) })
	go func() {
		pr.err = pr.cmd.Wait()
		pr.timer.Stop()
		close(pr.done)
	}()
	return pr
}

func (pr *proc) kill() {
	_ = unix.Kill(-pr.cmd.Process.Pid, unix.SIGKILL)
	<-pr.done
}

// stop kills pr unless it has ended: for a benchmark that failed.
func (pr *proc) stop() {
	select {
	case <-pr.done:
	default:
		pr.kill()
	}
}

func (pr *proc) report() string {
	return fmt.Sprintf("%s: %v\n  argv: %s\n  stdout: %q\n  stderr: %q", pr.name, pr.err,
		strings.Join(pr.cmd.Args, " "), pr.stdout.String(), pr.stderr.String())
}

// check waits for pr and fails the benchmark unless it ended well and
// printed want.
func (e *env) check(pr *proc, want string) {
	<-pr.done
	if pr.err != nil || pr.stdout.String() != want || pr.stderr.Len() != 0 {
		e.b.Fatalf("peer failed (want stdout %q)\n%s", want, pr.report())
	}
}

// waitReady waits for the ready file's line, or for pr to end first.
func (e *env) waitReady(pr *proc, file string) string {
	limit := time.Now().Add(readyWait)
	for pause := 50 * time.Microsecond; ; pause = min(2*pause, 2*time.Millisecond) {
		if data, err := os.ReadFile(file); err == nil && bytes.HasSuffix(data, []byte("\n")) {
			return strings.TrimSuffix(string(data), "\n")
		}
		select {
		case <-pr.done:
			e.b.Fatalf("%s ended before it was ready\n%s", pr.name, pr.report())
		case <-time.After(pause):
		}
		if time.Now().After(limit) {
			pr.kill()
			e.b.Fatalf("%s not ready after %v\n%s", pr.name, readyWait, pr.report())
		}
	}
}

// serve runs a benchmark whose second role must be ready first: it
// starts server, waits for its ready file, then runs the client made from
// the ready line.
func (e *env) serve(server role, client func(ready string) role) {
	ready := e.path("second.ready")
	server.args = append(server.args, "-ready", ready)
	srv := e.start(server)
	defer srv.stop()
	line := e.waitReady(srv, ready)
	e.run(client(line), srv, server.want)
}

// both runs a benchmark whose roles share inherited pipes: the second
// starts first all the same, and says when it is set up.
func (e *env) both(first, second role) {
	ready := e.path("second.ready")
	second.args = append(second.args, "-ready", ready)
	srv := e.start(second)
	closeFiles(second.files)
	defer srv.stop()
	e.waitReady(srv, ready)
	e.run(first, srv, second.want)
}

// run starts the first role behind a gate, waits until it is set up, and
// times the run from its go (the gate's end of file) until both peers
// have ended: process start-up is left out of the figure.
func (e *env) run(first role, second *proc, secondWant string) {
	gate, open := e.pipe()
	defer open.Close()
	ready := e.path("first.ready")
	first.args = append(first.args, "-ready", ready, "-gate", strconv.Itoa(3+len(first.files)))
	first.files = append(first.files, gate)
	cli := e.start(first)
	closeFiles(first.files)
	defer cli.stop()
	e.waitReady(cli, ready)
	// Where the host has the CPUs just before and just after the run (see
	// coreRoundTrip), while no peer is running: benchreport compares a Go
	// pass only with a C-C pass made in the same state.
	before := coreRoundTrip()
	idle := idleEntries()
	e.b.StartTimer()
	open.Close()
	<-cli.done
	<-second.done
	e.b.StopTimer()
	if idle >= 0 {
		// Times a CPU went idle, per operation, machine-wide: a side that
		// blocks may leave its CPU idle, and waking it costs the next
		// transfer (on a virtual machine, an exit to the host and back).
		e.b.ReportMetric(float64(idleEntries()-idle)/float64(e.b.N), "idle/op")
	}
	e.b.ReportMetric(before, "c2c-start-ns")
	e.b.ReportMetric(coreRoundTrip(), "c2c-end-ns")
	e.check(cli, first.want)
	e.check(second, secondWant)
	// Processor time of each side per operation (user and system, start-up
	// included): what each implementation spends, which a loaded machine's
	// waiting inflates far less than it inflates ns/op.
	n := float64(e.b.N)
	e.b.ReportMetric(float64(cpuTime(cli).Nanoseconds())/n, "first-cpu-ns/op")
	e.b.ReportMetric(float64(cpuTime(second).Nanoseconds())/n, "second-cpu-ns/op")
	// Context switches of each side per operation, every thread's,
	// voluntary (it blocked) and involuntary (it was preempted): where a
	// side's extra processor time goes when it is system time.
	e.b.ReportMetric(switches(cli)/n, "first-csw/op")
	e.b.ReportMetric(switches(second)/n, "second-csw/op")
}

func cpuTime(pr *proc) time.Duration {
	ps := pr.cmd.ProcessState
	return ps.UserTime() + ps.SystemTime()
}

// switches is the context switches of all pr's threads over its life.
func switches(pr *proc) float64 {
	ru, ok := pr.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	return float64(ru.Nvcsw + ru.Nivcsw)
}

func closeFiles(files []*os.File) {
	for _, f := range files {
		f.Close()
	}
}

// pipe returns a pipe's ends, blocking, as *os.File for ExtraFiles.
func (e *env) pipe() (r, w *os.File) {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		e.b.Fatalf("pipe2: %v", err)
	}
	return os.NewFile(uintptr(p[0]), "pipe-r"), os.NewFile(uintptr(p[1]), "pipe-w")
}

func sizeName(n int64) string {
	switch {
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	default:
		return fmt.Sprintf("%dB", n)
	}
}

func common(e *env, size int64) []string {
	return []string{"-n", e.n, "-size", strconv.FormatInt(size, 10), "-timeout", strconv.Itoa(peerTimeout)}
}

func wantStream(e *env, size int64) (wrote, read string) {
	return fmt.Sprintf("wrote %d transfers of %d bytes\n", e.b.N, size), fmt.Sprintf("read %d transfers of %d bytes\n", e.b.N, size)
}

func wantDgram(e *env, size int64) (sent, received string) {
	return fmt.Sprintf("sent %d messages of %d bytes\n", e.b.N, size), fmt.Sprintf("received %d messages of %d bytes\n", e.b.N, size)
}

func wantPing(e *env, size int64) (client, server string) {
	return fmt.Sprintf("%d round trips of %d bytes\n", e.b.N, size), fmt.Sprintf("answered %d pings of %d bytes\n", e.b.N, size)
}

// A mechanism is one benchmark of a kind: its name, the sizes it runs
// with, and how one run goes.
type mechanism struct {
	name  string
	sizes []int64
	run   func(e *env, size int64)
}

func runAll(b *testing.B, ms []mechanism, report func(b *testing.B, size int64)) {
	for _, m := range ms {
		for _, size := range m.sizes {
			for _, p := range pairings {
				name := m.name + "/" + p.name
				if size > 0 {
					name = m.name + "/size=" + sizeName(size) + "/" + p.name
				}
				b.Run(name, func(b *testing.B) {
					m.run(newEnv(b, p), size)
					report(b, size)
				})
			}
		}
	}
}

// streamThroughput is a writer-reader stream benchmark over an address
// the reader makes (a FIFO, a socket) and writes to its ready file.
func streamThroughput(program, addrFlag string, addr func(e *env) string) func(e *env, size int64) {
	return func(e *env, size int64) {
		wrote, read := wantStream(e, size)
		server := e.second(program+"_reader", common(e, size)...)
		server.want = read
		if addr != nil {
			server.args = append(server.args, addrFlag, addr(e))
		}
		e.serve(server, func(line string) role {
			c := e.first(program+"_writer", append(common(e, size), addrFlag, line)...)
			c.want = wrote
			return c
		})
	}
}

var throughput = []mechanism{
	{"pipe", []int64{4 << 10, 64 << 10}, func(e *env, size int64) {
		wrote, read := wantStream(e, size)
		r, w := e.pipe()
		writer := e.first("bench_pipe_writer", append(common(e, size), "-fd", "3")...)
		writer.files, writer.want = []*os.File{w}, wrote
		reader := e.second("bench_pipe_reader", append(common(e, size), "-fd", "3")...)
		reader.files, reader.want = []*os.File{r}, read
		e.both(writer, reader)
	}},
	{"fifo", []int64{4 << 10, 64 << 10}, streamThroughput("bench_fifo", "-path", func(e *env) string { return e.path("fifo") })},
	{"unix", []int64{4 << 10, 64 << 10}, streamThroughput("bench_unix", "-path", func(e *env) string { return e.path("sock") })},
	{"tcp", []int64{4 << 10, 64 << 10}, streamThroughput("bench_tcp", "-port", func(e *env) string { return "0" })},
	{"shm", []int64{64, 4 << 10, 64 << 10}, streamThroughput("bench_shm", "-name", func(e *env) string { return e.res.NewName() })},
	{"mmap", []int64{4 << 10, 64 << 10}, streamThroughput("bench_mmap", "-path", func(e *env) string { return e.path("ring") })},
}

// blocking returns the stream mechanisms again, at 4 KiB and 64 KiB, with
// their Go sides told -blocking: plain blocking unix.Read and unix.Write
// instead of benchsys's fast path, to show in the same run what the
// runtime's bookkeeping around a blocking system call costs at 4 KiB, and
// at 64 KiB, where that bookkeeping is small, what else blocking changes.
// C-C runs again as each row's own anchor.
func blocking(ms []mechanism) []mechanism {
	var out []mechanism
	for _, m := range ms {
		if m.name == "shm" || m.name == "mmap" {
			continue
		}
		run := m.run
		out = append(out, mechanism{m.name + "-blocking", []int64{4 << 10, 64 << 10}, func(e *env, size int64) {
			e.goArgs = []string{"-blocking"}
			run(e, size)
		}})
	}
	return out
}

// BenchmarkThroughput moves b.N transfers of each size from a writer to
// a reader: bytes/s, and for the 64-byte ring items/s.
func BenchmarkThroughput(b *testing.B) {
	runAll(b, append(throughput, blocking(throughput)...), func(b *testing.B, size int64) {
		b.SetBytes(size)
		if size == 64 {
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
		}
	})
}

var rate = []mechanism{
	{"udp", []int64{100, 1 << 10}, streamRate("bench_udp", "-port", func(e *env) string { return "0" })},
	{"unixgram", []int64{100, 1 << 10}, streamRate("bench_unixgram", "-path", func(e *env) string { return e.path("sock") })},
	{"msgq", []int64{100, 1 << 10}, streamRate("bench_msgq", "-key", func(e *env) string { return e.key() })},
	{"mq", []int64{100, 1 << 10}, streamRate("bench_mq", "-name", func(e *env) string { return e.res.NewName() })},
}

// streamRate is a sender-receiver message benchmark over an address the
// receiver makes and writes to its ready file.
func streamRate(program, addrFlag string, addr func(e *env) string) func(e *env, size int64) {
	return func(e *env, size int64) {
		sent, received := wantDgram(e, size)
		server := e.second(program+"_receiver", append(common(e, size), addrFlag, addr(e))...)
		server.want = received
		e.serve(server, func(line string) role {
			c := e.first(program+"_sender", append(common(e, size), addrFlag, line)...)
			c.want = sent
			return c
		})
	}
}

// BenchmarkRate sends b.N messages of each size from a sender to a
// receiver: messages/s.
func BenchmarkRate(b *testing.B) {
	runAll(b, rate, func(b *testing.B, size int64) {
		b.SetBytes(size)
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	})
}

// pingLatency is a client-server ping-pong over an address the server
// makes and writes to its ready file.
func pingLatency(program, addrFlag string, addr func(e *env) string) func(e *env, size int64) {
	return func(e *env, _ int64) {
		const size = 64
		client, answered := wantPing(e, size)
		server := e.second(program+"_server", append(common(e, size), addrFlag, addr(e))...)
		server.want = answered
		e.serve(server, func(line string) role {
			c := e.first(program+"_client", append(common(e, size), addrFlag, line)...)
			c.want = client
			return c
		})
	}
}

func noSize(e *env) []string { return []string{"-n", e.n, "-timeout", strconv.Itoa(peerTimeout)} }

var latency = []mechanism{
	{"pipe", []int64{0}, func(e *env, _ int64) {
		const size = 64
		client, answered := wantPing(e, size)
		toServer, toServerW := e.pipe()
		toClient, toClientW := e.pipe()
		c := e.first("bench_pipe_client", append(common(e, size), "-rfd", "3", "-wfd", "4")...)
		c.files, c.want = []*os.File{toClient, toServerW}, client
		s := e.second("bench_pipe_server", append(common(e, size), "-rfd", "3", "-wfd", "4")...)
		s.files, s.want = []*os.File{toServer, toClientW}, answered
		e.both(c, s)
	}},
	{"unix", []int64{0}, pingLatency("bench_unix", "-path", func(e *env) string { return e.path("sock") })},
	{"tcp", []int64{0}, pingLatency("bench_tcp", "-port", func(e *env) string { return "0" })},
	{"shm", []int64{0}, func(e *env, _ int64) {
		server := e.second("bench_shm_server", append(noSize(e), "-name", e.res.NewName())...)
		server.want = fmt.Sprintf("answered %d pings of 64 bytes\n", e.b.N)
		e.serve(server, func(line string) role {
			c := e.first("bench_shm_client", append(noSize(e), "-name", line)...)
			c.want = fmt.Sprintf("%d round trips of 64 bytes\n", e.b.N)
			return c
		})
	}},
	{"signals", []int64{0}, func(e *env, _ int64) {
		pidfile := e.path("client.pid")
		server := e.second("bench_signals_server", append(noSize(e), "-path", pidfile)...)
		server.want = fmt.Sprintf("answered %d signals\n", e.b.N)
		e.serve(server, func(line string) role {
			c := e.first("bench_signals_client", append(noSize(e), "-pid", line, "-path", pidfile)...)
			c.want = fmt.Sprintf("%d round trips\n", e.b.N)
			return c
		})
	}},
}

// BenchmarkLatency runs b.N ping-pong round trips between a client and a
// server: ns/op is one round trip.
func BenchmarkLatency(b *testing.B) {
	runAll(b, latency, func(b *testing.B, _ int64) {})
}

// BenchmarkMemcpy is the machine's copy bandwidth in the same run, the
// ceiling for the shared-memory rings: copies of each size, cycling
// through a ring's worth of source (wire.BenchRingBytes) into one buffer,
// as a ring's reader does.
func BenchmarkMemcpy(b *testing.B) {
	const ring = 1 << 20
	for _, size := range []int64{64, 4 << 10, 64 << 10} {
		b.Run("size="+sizeName(size), func(b *testing.B) {
			src := make([]byte, ring)
			for i := range src {
				src[i] = byte(i)
			}
			dst := make([]byte, size)
			slots := ring / int(size)
			b.SetBytes(size)
			b.ResetTimer()
			for i := range b.N {
				off := (i % slots) * int(size)
				copy(dst, src[off:off+int(size)])
			}
		})
	}
}

// TestMain checks, after the benchmarks, that nothing they started or
// made is left.
//
// Before the benchmarks it prints where the peers run, as a configuration
// line of Go's benchmark format (benchstat keeps it; benchreport reports
// it): "pin: 0,1", the first role's CPU and the second's, or "pin: off".
func TestMain(m *testing.M) {
	goMaxProcs = "GOMAXPROCS=" + strconv.Itoa(runtime.GOMAXPROCS(0)) // before -test.cpu changes it
	flag.Parse()
	cpus = placement()
	if b := flag.Lookup("test.bench"); b != nil && b.Value.String() != "" {
		where := "off"
		if cpus[0] >= 0 {
			where = fmt.Sprintf("%d,%d", cpus[0], cpus[1])
		}
		fmt.Printf("pin: %s\n", where)
	}
	code := m.Run()
	if left := harness.Audit(); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "bench: the run left behind:\n")
		for _, l := range left {
			fmt.Fprintf(os.Stderr, "\t%s\n", l)
		}
		code = 1
	}
	os.Exit(code)
}
