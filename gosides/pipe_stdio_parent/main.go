// Command pipe_stdio_parent is the Go counterpart of
// ctests/pipe_stdio_parent.c: a parent that runs a program with a pipe as
// its standard output or input (document 001, pipe, fork, dup2, exec and
// popen/pclose; document 003, the shell that connects `prog1 | prog2`).
// With -mode read the child's stdout is the pipe and the parent reads the
// known text from it, checking every byte and end of file; with -mode
// write the child's stdin is the pipe and the parent writes the text, which
// the child checks. Then it says how the child ended.
//
// Go has neither fork without exec nor popen: syscall.ForkExec does fork,
// dup2 and execv in one call (Files puts the pipe's end at descriptor 0 or
// 1), and -popen runs "/bin/sh -c command" with os/exec, as popen runs the
// shell. Nor does it need SIGPIPE ignored to see EPIPE: the runtime turns
// SIGPIPE into EPIPE for writes on descriptors other than 1 and 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "pipe_stdio_parent -child path [-mode read|write] [-popen] [-lines n] [-head bytes] [-timeout seconds] [-- child-args...]"

// transfer reads the text from fd (reading) or writes it. It returns
// false after reporting a failure.
func transfer(fd int, reading bool, lines, head, timeout int64) bool {
	if reading {
		return wire.PipeStdioReceive(fd, "parent", lines, head, timeout)
	}
	return wire.PipeStdioSend(fd, lines, timeout)
}

// runFork starts the child with the pipe's end as its stdout or stdin,
// moves the text and waits for the child. It returns false if the
// transfer failed; it exits if the child cannot be started or waited for.
func runFork(args []string, reading bool, lines, head, timeout int64) (bool, unix.WaitStatus) {
	// O_CLOEXEC: the child keeps only the copy ForkExec puts at 0 or 1, or
	// a stray write end in it would keep the reader from end of file.
	var fd [2]int
	if err := unix.Pipe2(fd[:], unix.O_CLOEXEC); err != nil {
		peer.Fail("pipe", err)
	}
	mine, theirs := fd[1], fd[0]
	files := []uintptr{uintptr(theirs), 1, 2}
	if reading {
		mine, theirs = fd[0], fd[1]
		files = []uintptr{0, uintptr(theirs), 2}
	}
	pid, err := syscall.ForkExec(args[0], args, &syscall.ProcAttr{Env: os.Environ(), Files: files})
	if err != nil {
		peer.Fail("execve", err)
	}
	if err := unix.Close(theirs); err != nil {
		peer.Fail("close", err)
	}
	ok := transfer(mine, reading, lines, head, timeout)
	if err := unix.Close(mine); err != nil {
		peer.Error("close", err)
		ok = false
	}
	ws, err := wire.PipeWaitChild(pid, time.Duration(timeout)*time.Second)
	if err == unix.ETIMEDOUT {
		peer.Failf("timeout: child still running after %d s", timeout)
	}
	if err != nil {
		peer.Fail("waitpid", err)
	}
	return ok, ws
}

// runPopen runs the child through "/bin/sh -c", as popen does, moves the
// text, closes the parent's end and waits, as pclose does. It returns
// false if the transfer failed; it exits if the child cannot be started or
// waited for.
func runPopen(args []string, reading bool, lines, head, timeout int64) (bool, unix.WaitStatus) {
	// "exec" replaces the shell by the program, so that the status is the
	// program's own: a shell that forked it would report a death by
	// SIGPIPE as exit status 141.
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = wire.ShellQuote(a)
	}
	cmd := exec.Command("/bin/sh", "-c", "exec "+strings.Join(words, " "))
	r, w, err := os.Pipe()
	if err != nil {
		peer.Fail("popen", err)
	}
	mine, theirs := w, r
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r, os.Stdout, os.Stderr
	if reading {
		mine, theirs = r, w
		cmd.Stdin, cmd.Stdout = os.Stdin, w
	}
	if err := cmd.Start(); err != nil {
		peer.Fail("popen", err)
	}
	if err := theirs.Close(); err != nil {
		peer.Fail("close", err)
	}
	// Fd puts the descriptor in blocking mode, as popen's is: the
	// transfer waits in poll.
	ok := transfer(int(mine.Fd()), reading, lines, head, timeout)
	if err := mine.Close(); err != nil {
		peer.Error("close", err)
		ok = false
	}
	var exit *exec.ExitError
	if err := cmd.Wait(); err != nil && !errors.As(err, &exit) {
		peer.Fail("pclose", err)
	}
	return ok, unix.WaitStatus(cmd.ProcessState.Sys().(syscall.WaitStatus))
}

func main() {
	fs := peer.Flags(usage)
	child := fs.String("child", "", "the program the child runs")
	mode := fs.String("mode", "read", "read the text from the child's stdout, or write it to its stdin")
	usePopen := fs.Bool("popen", false, "start the child through /bin/sh, as popen does")
	lines := fs.Int64("lines", wire.PipeStdioLines, "lines of the text")
	head := fs.Int64("head", -1, "read only the first this many bytes, then close the read end")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the child")
	_ = fs.Parse(os.Args[1:]) // ExitOnError; what follows "--" is the child's
	peer.Range(fs, "lines", *lines, 0, wire.PipeStdioMaxLines)
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "head" {
			peer.Range(fs, "head", *head, 0, 1<<31-1)
		}
	})
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if *child == "" {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}
	reading := *mode == "read"
	if !reading && *mode != "write" {
		peer.Usage(fs, "bad -mode %s", *mode)
	}
	if *head >= 0 && !reading {
		peer.Usage(fs, "-head wants -mode read")
	}

	// The child does the other half: it writes when the parent reads.
	other := "read"
	if reading {
		other = "write"
	}
	args := append([]string{*child, "-mode", other, "-lines", fmt.Sprint(*lines),
		"-timeout", fmt.Sprint(*timeout)}, fs.Args()...)

	run := runFork
	if *usePopen {
		run = runPopen
	}
	ok, ws := run(args, reading, *lines, *head, *timeout)
	if ok && !reading {
		fmt.Printf("parent wrote %d bytes\n", *lines*wire.PipeStdioLineBytes)
	}
	fmt.Println(wire.PipeStatus("child", ws))
	if !ok || !ws.Exited() || ws.ExitStatus() != 0 {
		os.Exit(peer.ExitFail)
	}
}
