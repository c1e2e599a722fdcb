package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// maxOutput caps what is kept of one peer's stdout or stderr, so a peer
// that floods its output cannot exhaust the test binary's memory.
const maxOutput = 4 << 20

// A Process is one running peer: a program of one implementation, built for
// one architecture and started through that architecture's runner.
type Process struct {
	Name     string        // the script's name for it
	Peer     Peer          // what runs
	Args     []string      // arguments after the program
	Deadline time.Duration // killed when it runs longer
	// Prefix runs before the architecture's runner (joining the script's
	// IPC namespace).
	Prefix []string
	// Stdin, when set, is the peer's standard input (by default none).
	Stdin io.Reader

	cmd      *exec.Cmd
	stdout   cappedBuffer
	stderr   cappedBuffer
	done     chan struct{}
	timer    *time.Timer
	mu       sync.Mutex
	timedOut bool
	waited   bool     // the script checked its exit status
	err      error    // from Wait
	orphans  []string // processes of its group still alive after it ended
}

// Start starts p in its own process group, in dir, with env.
func (p *Process) Start(dir string, env []string) error {
	becomeSubreaper()
	argv := append(append(append([]string(nil), p.Prefix...), p.Peer.Arch.Runner()...), p.Peer.Path)
	argv = append(argv, p.Args...)
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Dir = dir
	p.cmd.Env = env
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	p.cmd.Stdin = p.Stdin
	// Own process group: a deadline kills the peer and every child it forked.
	// Pdeathsig: if the test binary dies, its peers die with it.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p.done = make(chan struct{})
	if err := p.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", p, err)
	}
	p.timer = time.AfterFunc(p.Deadline, func() {
		p.mu.Lock()
		p.timedOut = true
		p.mu.Unlock()
		p.killGroup()
	})
	go func() {
		err := p.cmd.Wait()
		p.timer.Stop()
		// Children the peer left behind share its process group: they are
		// killed, reaped, and reported.
		orphans := processGroupLeftovers(p.cmd.Process.Pid)
		p.mu.Lock()
		p.err = err
		p.orphans = orphans
		p.mu.Unlock()
		close(p.done)
	}()
	return nil
}

func (p *Process) killGroup() {
	if p.cmd.Process != nil {
		_ = unix.Kill(-p.cmd.Process.Pid, unix.SIGKILL)
	}
}

// Signal sends sig to the peer itself (under qemu-user, the emulator passes
// it on to the guest program).
func (p *Process) Signal(sig unix.Signal) error {
	select {
	case <-p.done:
		return fmt.Errorf("signal %s: %s has already exited", unix.SignalName(sig), p)
	default:
	}
	if err := unix.Kill(p.cmd.Process.Pid, sig); err != nil {
		return fmt.Errorf("kill %s %s: %s", unix.SignalName(sig), p, errnoName(err))
	}
	return nil
}

// Exited reports whether p has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Wait waits for p to end and returns nil for exit status 0, or an error
// saying how it ended: its exit status, the signal that killed it, or that
// it outlived its deadline.
func (p *Process) Wait() error {
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timedOut {
		return fmt.Errorf("%s killed: still running after its %v deadline", p, p.Deadline)
	}
	return exitError(p.err)
}

// Checked records that the script checked p's exit status.
func (p *Process) Checked() {
	p.mu.Lock()
	p.waited = true
	p.mu.Unlock()
}

// WasChecked reports whether the script checked p's exit status.
func (p *Process) WasChecked() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waited
}

// Kill ends p at once and waits for it.
func (p *Process) Kill() {
	p.killGroup()
	<-p.done
}

// TimedOut reports whether p was killed for outliving its deadline.
func (p *Process) TimedOut() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.timedOut
}

// Status describes how p ended, for the log.
func (p *Process) Status() string {
	if !p.Exited() {
		return "running"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.timedOut:
		return fmt.Sprintf("killed after its %v deadline", p.Deadline)
	case p.cmd.ProcessState == nil:
		return "not started"
	}
	ws := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return "killed by " + unix.SignalName(ws.Signal())
	}
	return fmt.Sprintf("exit status %d", ws.ExitStatus())
}

// Signaled reports whether p ended by a signal (its deadline's SIGKILL
// included).
func (p *Process) Signaled() bool {
	if !p.Exited() {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timedOut {
		return true
	}
	ps := p.cmd.ProcessState
	return ps != nil && ps.Sys().(syscall.WaitStatus).Signaled()
}

// Orphans lists the processes of p's group that outlived it (killed since).
func (p *Process) Orphans() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.orphans...)
}

// Stdout and Stderr return what p wrote so far.
func (p *Process) Stdout() string { return p.stdout.String() }
func (p *Process) Stderr() string { return p.stderr.String() }

func (p *Process) String() string {
	return fmt.Sprintf("peer %s (%s)", p.Name, p.Peer)
}

// Report renders everything known about p for a failure log.
func (p *Process) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", p, p.Status())
	fmt.Fprintf(&b, "  argv: %s\n", strings.Join(append([]string{p.Peer.Program}, p.Args...), " "))
	if o := p.Orphans(); len(o) > 0 {
		fmt.Fprintf(&b, "  left running after it ended (killed): %s\n", strings.Join(o, ", "))
	}
	for _, s := range []struct{ name, text string }{{"stdout", p.Stdout()}, {"stderr", p.Stderr()}} {
		if s.text == "" {
			fmt.Fprintf(&b, "  [%s: empty]\n", s.name)
			continue
		}
		fmt.Fprintf(&b, "  [%s]\n", s.name)
		for _, line := range strings.SplitAfter(strings.TrimSuffix(s.text, "\n"), "\n") {
			fmt.Fprintf(&b, "  | %s", line)
			if !strings.HasSuffix(line, "\n") {
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

func exitError(err error) error {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ws := ee.Sys().(syscall.WaitStatus)
		if ws.Signaled() {
			return fmt.Errorf("killed by %s", unix.SignalName(ws.Signal()))
		}
		return fmt.Errorf("exit status %d", ws.ExitStatus())
	}
	return err
}

// cappedBuffer keeps the first maxOutput bytes written to it and counts the
// rest, so the log says how much was dropped.
type cappedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	dropped int
}

func (c *cappedBuffer) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	room := maxOutput - c.buf.Len()
	if room < len(b) {
		if room > 0 {
			c.buf.Write(b[:room])
		}
		c.dropped += len(b) - max(room, 0)
		return len(b), nil
	}
	c.buf.Write(b)
	return len(b), nil
}

func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped > 0 {
		return c.buf.String() + fmt.Sprintf("\n[%d more bytes dropped]\n", c.dropped)
	}
	return c.buf.String()
}

// errnoName names a system call's error as C's errno does ("EPERM"), and
// any other error by its text.
func errnoName(err error) string {
	var errno unix.Errno
	if errors.As(err, &errno) {
		if name := unix.ErrnoName(errno); name != "" {
			return name
		}
	}
	return err.Error()
}
