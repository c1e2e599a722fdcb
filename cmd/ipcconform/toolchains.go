package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// defaultMixed are the architectures paired one role at a time with the
// host: big-endian s390x, and 32-bit arm and 386.
const defaultMixed = "s390x,arm,386"

// missing returns the Debian packages needed to build and run peers for
// archs that are not installed.
func missing(archs []arch.Arch) []string {
	set := map[string]bool{}
	for _, a := range archs {
		if a.HaveCC() != nil {
			for _, p := range a.CCPackages() {
				set[p] = true
			}
		}
		if r := a.Runner(); len(r) > 0 && systemQemu() {
			if _, err := exec.LookPath(r[0]); err != nil {
				set["qemu-user"] = true
			}
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// ensureToolchains installs what archs need when running as root and
// install is set; otherwise it prints the command and goes on with what
// there is. It returns the architectures that are usable, and for each
// of the others why it is left out.
func ensureToolchains(archs []arch.Arch, install bool) (usable []arch.Arch, leftOut []string) {
	pkgs := missing(archs)
	if len(pkgs) > 0 {
		cmdline := "apt-get install -y " + strings.Join(pkgs, " ")
		if install && os.Geteuid() == 0 {
			fmt.Fprintf(os.Stderr, "toolchains: installing %s\n", strings.Join(pkgs, " "))
			for _, args := range [][]string{{"apt-get", "update", "-qq"}, append([]string{"apt-get", "install", "-y", "-qq", "--no-install-recommends"}, pkgs...)} {
				cmd := exec.Command(args[0], args[1:]...)
				cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
				cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
				if err := cmd.Run(); err != nil {
					fmt.Fprintf(os.Stderr, "toolchains: %s: %v; going on with what is installed\n", strings.Join(args, " "), err)
					break
				}
			}
			arch.ResetProbes()
		} else {
			fmt.Fprintf(os.Stderr, "toolchains: missing %s; to install: %s\n", strings.Join(pkgs, " "), cmdline)
		}
	}
	// The RPC peers' static libtirpc, per architecture (rpc_toolchains.go).
	ensureTirpc(archs, install)
	for _, a := range archs {
		// A missing C compiler leaves a out, unless it has none to install
		// (its cells are Go's alone); so does an emulator that is missing
		// or cannot run its programs.
		why := a.HaveCC()
		if why == nil || a.NoCC != "" {
			why = a.HaveRunner()
		}
		if why != nil {
			fmt.Fprintf(os.Stderr, "toolchains: %-8s skipped: %v\n", a.GOARCH, why)
			leftOut = append(leftOut, fmt.Sprintf("every cell on %s is left out: %v", a.GOARCH, why))
			continue
		}
		runner := "native"
		if r := a.Runner(); len(r) > 0 {
			runner = r[0]
		}
		compiler := a.CC()
		if a.NoCC != "" {
			// Go peers alone; the cells with a C peer there are not run.
			compiler = "Go peers only, no cell with a C peer on " + a.GOARCH + " is run (" + a.NoCC + ")"
		}
		fmt.Fprintf(os.Stderr, "toolchains: %-8s %s, %s\n", a.GOARCH, compiler, runner)
		usable = append(usable, a)
	}
	return usable, leftOut
}

func toolchainsMain(args []string) int {
	fs := flag.NewFlagSet("ipcconform toolchains", flag.ContinueOnError)
	archs := fs.String("archs", "all", "architectures: a comma-separated list of GOARCHs, or all")
	install := fs.Bool("install", true, "install what is missing with apt-get when running as root")
	qemu := fs.String("qemu", "", "also install this qemu-user version beside the system's (10: bookworm-backports'), and check the archs against it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	as, err := arch.ParseList(*archs)
	if err != nil {
		return usageExit(fs, err)
	}
	if *qemu != "" {
		if err := installQemu(*qemu, *install); err != nil {
			fmt.Fprintf(os.Stderr, "toolchains: qemu-user %s: %v\n", *qemu, err)
			return 1
		}
		os.Setenv(arch.QemuEnv, *qemu)
	}
	usable, _ := ensureToolchains(as, *install)
	if len(usable) < len(as) {
		return 1
	}
	return 0
}
