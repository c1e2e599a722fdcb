// Command pipe_stdio_child is the Go counterpart of ctests/pipe_stdio_child.c:
// a program at one end of a pipeline (document 003, `prog1 | prog2`;
// document 001, a program run by dup2 or popen with a pipe as its standard
// input or output). With -mode write (prog1) it prints the known text,
// -lines numbered lines, on its standard output; with -mode read (prog2) it
// reads the text from its standard input, checks every byte and end of
// file, and prints what it read.
//
// It writes through os.Stdout, as the C program writes through stdout: on
// descriptor 1 the Go runtime itself dies by SIGPIPE when the reader is
// gone, as a C program with the default disposition does, unless SIGPIPE
// is ignored (-sigpipe ignore), when the write reports EPIPE. Unlike a C
// program, it never keeps a SIG_IGN inherited across exec: the runtime
// installs its own handler, so "default" needs no reset.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "pipe_stdio_child [-mode read|write] [-lines n] [-head bytes] [-sigpipe default|ignore] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	mode := fs.String("mode", "write", "write the text to stdout, or read it from stdin")
	lines := fs.Int64("lines", wire.PipeStdioLines, "lines of the text")
	head := fs.Int64("head", -1, "read only the first this many bytes")
	sigpipe := fs.String("sigpipe", "default", "SIGPIPE disposition: default or ignore")
	timeout := fs.Int64("timeout", 10, "seconds to wait for input")
	peer.Parse(fs)
	peer.Range(fs, "lines", *lines, 0, wire.PipeStdioMaxLines)
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "head" {
			peer.Range(fs, "head", *head, 0, 1<<31-1)
		}
	})
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	reading := *mode == "read"
	if !reading && *mode != "write" {
		peer.Usage(fs, "bad -mode %s", *mode)
	}
	if *head >= 0 && !reading {
		peer.Usage(fs, "-head wants -mode read")
	}
	switch *sigpipe {
	case "ignore":
		signal.Ignore(unix.SIGPIPE)
	case "default":
	default:
		peer.Usage(fs, "bad -sigpipe %s", *sigpipe)
	}

	if reading {
		// prog2: its standard input is the pipe, its output the parent's.
		if !wire.PipeStdioReceive(0, "child", *lines, *head, *timeout) {
			os.Exit(peer.ExitFail)
		}
		return
	}

	// prog1: its standard output is the pipe, buffered as stdio buffers it.
	w := bufio.NewWriterSize(os.Stdout, wire.PIPE_BUF)
	for i := int64(0); i < *lines; i++ {
		if _, err := fmt.Fprintf(w, "%06d %s\n", i+1, wire.PipeStdioText); err != nil {
			peer.Fail("write", err)
		}
	}
	if err := w.Flush(); err != nil {
		peer.Fail("write", err)
	}
}
