// Command pipe_parent_child_child is the Go counterpart of
// ctests/pipe_parent_child_child.c: the child of document 002's one-way
// child/parent simplex pipe. It writes "message for parent" with its NUL,
// 19 bytes, to the pipe's write end, a descriptor it inherits (-fd n), and
// exits; its closing the pipe is the parent's end of file. Without -fd it
// writes on its standard output, so that a shell pipeline
// (pipe_parent_child_child | od -c) is its pipe.
package main

import (
	"os/signal"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "pipe_parent_child_child [-fd n] [-sigpipe default|ignore]"

func main() {
	fs := peer.Flags(usage)
	fd := fs.Int64("fd", 1, "the pipe's write end (default: standard output)")
	sigpipe := fs.String("sigpipe", "default", "SIGPIPE disposition: default or ignore")
	peer.Parse(fs)
	peer.Range(fs, "fd", *fd, 0, 1<<31-1)
	switch *sigpipe {
	case "ignore":
		signal.Ignore(unix.SIGPIPE)
	case "default":
	default:
		peer.Usage(fs, "bad -sigpipe %s", *sigpipe)
	}

	m := []byte(wire.PipeMessage + "\x00")
	if err := peer.WriteFull(int(*fd), m); err != nil {
		// The Go runtime turns the kernel's SIGPIPE for a write on any
		// descriptor but 1 and 2 into EPIPE; with the default disposition
		// the C child is killed by SIGPIPE, so this one must be too.
		if err == unix.EPIPE && *sigpipe == "default" {
			wire.DieOfSIGPIPE()
		}
		peer.Fail("write", err)
	}
	if err := unix.Close(int(*fd)); err != nil {
		peer.Fail("close", err)
	}
}
