package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// The RPC peers (ctests/rpc) link libtirpc statically, so each
// architecture's C compiler needs that architecture's libtirpc.a, and
// every build needs the headers in /usr/include/tirpc (the same for every
// architecture). The host's come from Debian's libtirpc-dev. Another
// architecture's libtirpc.a is taken from its libtirpc-dev:<debarch> and
// unpacked into the cross compiler's own library folder, /usr/<triple>/lib,
// where libc6-dev-<debarch>-cross keeps libc.a: installing the multiarch
// package itself would pull that architecture's Kerberos and OpenSSL
// libraries, which apt installs only in lockstep with the host's
// versions, and which a static peer does not use.

// tirpcHeader is the header every RPC peer includes.
const tirpcHeader = "/usr/include/tirpc/rpc/rpc.h"

// haveTirpc reports whether a's C compiler finds a static libtirpc and
// the headers are installed.
func haveTirpc(a arch.Arch) bool {
	if _, err := os.Stat(tirpcHeader); err != nil {
		return false
	}
	out, err := exec.Command(a.CC(), "-print-file-name=libtirpc.a").Output()
	return err == nil && filepath.IsAbs(strings.TrimSpace(string(out)))
}

// ensureTirpc installs libtirpc for the host and each of archs whose C compiler lacks
// it, when running as root and install is set; otherwise, or when there
// is no Debian package for the architecture, it says so: the RPC peers
// then do not build for it, and its RPC cells fail naming the library.
func ensureTirpc(archs []arch.Arch, install bool) {
	// The host's peers are built by every go test.
	all := []arch.Arch{arch.Host()}
	for _, a := range archs {
		if a.GOARCH != arch.Host().GOARCH {
			all = append(all, a)
		}
	}
	for _, a := range all {
		if a.HaveCC() != nil || haveTirpc(a) {
			continue
		}
		if !install || os.Geteuid() != 0 {
			fmt.Fprintf(os.Stderr, "toolchains: %-8s no static libtirpc for the RPC peers; as root, ipcconform toolchains installs it\n", a.GOARCH)
			continue
		}
		if err := installTirpc(a); err != nil {
			fmt.Fprintf(os.Stderr, "toolchains: %-8s libtirpc: %v; the RPC peers will not build for it\n", a.GOARCH, err)
			continue
		}
		fmt.Fprintf(os.Stderr, "toolchains: %-8s libtirpc installed\n", a.GOARCH)
	}
}

func tirpcRun(args ...string) error {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

func installTirpc(a arch.Arch) error {
	if a.GOARCH == arch.Host().GOARCH {
		if err := tirpcRun("apt-get", "update", "-qq"); err != nil {
			return err
		}
		return tirpcRun("apt-get", "install", "-y", "-qq", "--no-install-recommends", "libtirpc-dev", "rpcsvc-proto")
	}
	if _, err := os.Stat(tirpcHeader); err != nil {
		// The headers are the host package's.
		if err := installTirpc(arch.Host()); err != nil {
			return err
		}
	}
	if served := repoArchitectures(); len(served) > 0 && !slices.Contains(served, a.DebArch) {
		// Asking apt would add the architecture and update for nothing.
		return fmt.Errorf("the configured Debian repositories have no %s packages", a.DebArch)
	}
	out, err := exec.Command("dpkg", "--print-foreign-architectures").Output()
	if err != nil {
		return fmt.Errorf("dpkg --print-foreign-architectures: %v", err)
	}
	added := false
	if !slices.Contains(strings.Fields(string(out)), a.DebArch) {
		if err := tirpcRun("dpkg", "--add-architecture", a.DebArch); err != nil {
			return err
		}
		added = true
	}
	err = downloadTirpc(a)
	if err != nil && added {
		// Leave dpkg as it was: no package of that architecture came.
		tirpcRun("dpkg", "--remove-architecture", a.DebArch)
		tirpcRun("apt-get", "update", "-qq")
	}
	return err
}

func downloadTirpc(a arch.Arch) error {
	if err := tirpcRun("apt-get", "update", "-qq"); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "tirpc")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// apt-get download writes as the _apt user where it can.
	if err := os.Chmod(tmp, 0o777); err != nil {
		return err
	}
	get := exec.Command("apt-get", "download", "libtirpc-dev:"+a.DebArch)
	get.Dir = tmp
	if out, err := get.CombinedOutput(); err != nil {
		return fmt.Errorf("apt-get download libtirpc-dev:%s: %v\n%s", a.DebArch, err, out)
	}
	debs, _ := filepath.Glob(filepath.Join(tmp, "libtirpc-dev_*.deb"))
	if len(debs) != 1 {
		return fmt.Errorf("apt-get download libtirpc-dev:%s left %d packages", a.DebArch, len(debs))
	}
	x := filepath.Join(tmp, "x")
	if err := tirpcRun("dpkg-deb", "-x", debs[0], x); err != nil {
		return err
	}
	libs, _ := filepath.Glob(filepath.Join(x, "usr/lib/*/libtirpc.a"))
	if len(libs) != 1 {
		return fmt.Errorf("%s holds %d libtirpc.a", filepath.Base(debs[0]), len(libs))
	}
	lib, err := os.ReadFile(libs[0])
	if err != nil {
		return err
	}
	dir := filepath.Join("/usr", a.Triple, "lib")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	dst := filepath.Join(dir, "libtirpc.a")
	if err := os.WriteFile(dst+".tmp", lib, 0o644); err != nil {
		return err
	}
	if err := os.Rename(dst+".tmp", dst); err != nil {
		return err
	}
	if !haveTirpc(a) {
		return fmt.Errorf("%s -print-file-name=libtirpc.a does not find %s", a.CC(), dst)
	}
	return nil
}

// repoArchitectures returns the architectures the configured apt
// repositories serve, from the Architectures field of their Release
// files in apt's lists (none before the first apt-get update).
func repoArchitectures() []string {
	files, _ := filepath.Glob("/var/lib/apt/lists/*Release")
	var archs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "Architectures:"); ok {
				for _, a := range strings.Fields(v) {
					if !slices.Contains(archs, a) {
						archs = append(archs, a)
					}
				}
			}
		}
	}
	return archs
}
