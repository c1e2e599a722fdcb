// Command pipe_parent_child_parent is the Go counterpart of
// ctests/pipe_parent_child_parent.c: the parent of document 002's one-way
// child/parent simplex pipe. It creates a pipe and starts the child with
// the pipe's write end as an inherited descriptor, named by "-fd n" and
// followed by the arguments after "--"; it reads the message until end of
// file, prints it and says how the child ended.
//
// Go cannot fork without exec, so the child is always a program: the one
// named by -child, or without it this program itself, run with -fd n to
// play the document's child as the C parent's forked child does.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "pipe_parent_child_parent [-child path] [-no-reader] [-fd n] [-timeout seconds] [-- child-args...]"

// writeMessage is the document's child: it writes the message and closes
// the write end, dying by SIGPIPE as the C child does if the reader is
// gone (see wire.DieOfSIGPIPE).
func writeMessage(fd int) {
	if err := peer.WriteFull(fd, []byte(wire.PipeMessage+"\x00")); err != nil {
		if err == unix.EPIPE {
			wire.DieOfSIGPIPE()
		}
		peer.Fail("write", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}

// stopChild kills a child the parent gives up on and reaps it, so that it
// neither outlives the parent nor stays a zombie.
func stopChild(pid int, limit time.Duration) {
	if err := unix.Kill(pid, unix.SIGKILL); err != nil {
		peer.Error("kill", err)
	} else if _, err := wire.PipeWaitChild(pid, limit); err != nil {
		peer.Error("waitpid", err)
	}
}

func main() {
	fs := peer.Flags(usage)
	child := fs.String("child", "", "program the child runs (default: this one, with -fd)")
	noReader := fs.Bool("no-reader", false, "close the read end before the child starts")
	childfd := fs.Int64("fd", -1, "play the child: write the message to this descriptor")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the child")
	_ = fs.Parse(os.Args[1:]) // ExitOnError; what follows "--" is the child's
	peer.Range(fs, "fd", *childfd, -1, 1<<31-1)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	if *childfd >= 0 {
		writeMessage(int(*childfd))
		return
	}
	limit := time.Duration(*timeout) * time.Second

	// O_CLOEXEC: the child must inherit the write end alone, as descriptor
	// 3, or a stray copy of it would keep the parent from end of file.
	var fd [2]int
	if err := unix.Pipe2(fd[:], unix.O_CLOEXEC); err != nil {
		peer.Fail("pipe", err)
	}
	if *noReader {
		if err := unix.Close(fd[0]); err != nil {
			peer.Fail("close", err)
		}
	}
	path := *child
	if path == "" {
		self, err := os.Executable()
		if err != nil {
			peer.Fail("readlink", err)
		}
		path = self
	}
	const childFD = 3 // the descriptor after stdin, stdout and stderr
	argv := append([]string{path, "-fd", fmt.Sprint(childFD)}, fs.Args()...)
	pid, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{
		Env:   os.Environ(),
		Files: []uintptr{0, 1, 2, uintptr(fd[1])},
	})
	if err != nil {
		peer.Fail("execve", err)
	}
	if err := unix.Close(fd[1]); err != nil {
		peer.Fail("close", err)
	}

	y := make([]byte, wire.PipeReadBytes)
	total := 0
	if !*noReader {
		scratch := make([]byte, wire.PipeReadBytes)
		for {
			pfd := []unix.PollFd{{Fd: int32(fd[0]), Events: unix.POLLIN}}
			ready, err := unix.Poll(pfd, int(limit.Milliseconds()))
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				peer.Fail("poll", err)
			}
			if ready == 0 {
				fmt.Fprintf(os.Stderr, "timeout: no end of file after %d s\n", *timeout)
				stopChild(pid, limit)
				os.Exit(peer.ExitFail)
			}
			// Bytes past the buffer are counted, not kept.
			dst := scratch
			if total < len(y) {
				dst = y[total:]
			}
			n, err := unix.Read(fd[0], dst)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				peer.Fail("read", err)
			}
			if n == 0 {
				break
			}
			total += n
			// Bounded: a child that never stops writing must not keep the
			// parent reading for ever (nor overflow the count).
			if total > wire.PipeMaxBytes {
				fmt.Fprintf(os.Stderr, "message: more than %d bytes\n", wire.PipeMaxBytes)
				stopChild(pid, limit)
				os.Exit(peer.ExitFail)
			}
		}
		if err := unix.Close(fd[0]); err != nil {
			peer.Fail("close", err)
		}
	}

	ws, err := wire.PipeWaitChild(pid, limit)
	if err == unix.ETIMEDOUT {
		peer.Failf("timeout: child still running after %d s", *timeout)
	}
	if err != nil {
		peer.Fail("waitpid", err)
	}
	failed := false
	if !*noReader {
		kept := y[:min(total, len(y))]
		fmt.Printf("parent read %d bytes: %s\n", total, peer.CString(kept))
		if len(peer.CString(kept)) == len(kept) {
			fmt.Fprintf(os.Stderr, "message: no NUL in %d bytes\n", total)
			failed = true
		}
	}
	fmt.Println(wire.PipeStatus("child", ws))
	if !ws.Exited() || ws.ExitStatus() != 0 {
		failed = true
	}
	if failed {
		os.Exit(peer.ExitFail)
	}
}
