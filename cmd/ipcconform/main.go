// Command ipcconform runs the conformance matrix of the module it is run
// in, as its ipcconform.json configures it: every scenario over every
// pairing of C and Go peers, on the host and on every other architecture
// whose cross compiler and qemu-user are installed, with one role at a
// time on big-endian s390x and on 32-bit arm and 386 against the host. It
// shows progress while it runs, prints the matrix, and writes it as
// Markdown, JSON and JUnit XML.
//
// Usage:
//
//	ipcconform [-archs list|installed|host] [-mixed list] [-shard i/n] [-scenario regexp] [-out dir] [-install]
//	ipcconform init
//	ipcconform toolchains [-archs list] [-install] [-qemu version]
//	ipcconform merge [-out dir] report.json...
//
// The foreign architectures run under the qemu-user on PATH, or under the
// one $IPCCONFORM_QEMU names (10: bookworm-backports' qemu-user 10.0, which
// toolchains -qemu 10 unpacks beside the system's).
//
// The exit status is 1 when a cell fails, an expected failure passes, or a
// listed expected failure no longer matches any cell.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "init":
			os.Exit(initMain(os.Args[2:]))
		case "toolchains":
			os.Exit(toolchainsMain(os.Args[2:]))
		case "merge":
			os.Exit(mergeMain(os.Args[2:]))
		}
	}
	os.Exit(runMain(os.Args[1:]))
}

func usageExit(fs *flag.FlagSet, err error) int {
	fmt.Fprintf(os.Stderr, "ipcconform: %v\n", err)
	fs.Usage()
	return 2
}
