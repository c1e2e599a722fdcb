package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ipcconform/ipcconform/harness/arch"
)

// A second emulator lives beside the system's qemu-user, never in its
// place: its Debian package is downloaded, not installed, and unpacked
// under arch.QemuRoot, where $IPCCONFORM_QEMU selects it.

// backportsSources is the apt source of Debian 12's backports, the suite
// whose qemu-user (10.x, statically linked) is the second emulator.
const (
	backportsSources = "/etc/apt/sources.list.d/ipcconform-bookworm-backports.sources"
	backportsStanza  = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`
)

// qemuSuites maps the major versions toolchains -qemu installs to the
// Debian suite that has them. bookworm-backports' qemu-user holds the
// static binaries (its qemu-user-static is a transitional package).
var qemuSuites = map[string]string{"10": "bookworm-backports"}

// systemQemu reports whether the foreign architectures run under the
// qemu-user on PATH, the one apt-get install qemu-user provides.
func systemQemu() bool {
	v := os.Getenv(arch.QemuEnv)
	return v == "" || v == "system"
}

// installQemu makes qemu-user version (a major version, or a prefix of a
// full one) available under arch.QemuRoot, unless it already is.
func installQemu(version string, install bool) error {
	if have := installedQemu(version); have != "" {
		fmt.Fprintf(os.Stderr, "toolchains: qemu-user %s in %s\n", filepath.Base(filepath.Dir(filepath.Dir(have))), have)
		return nil
	}
	major, _, _ := strings.Cut(version, ".")
	suite, ok := qemuSuites[major]
	if !ok {
		return fmt.Errorf("no Debian 12 suite known to have it (known: 10, from bookworm-backports)")
	}
	if !install || os.Geteuid() != 0 {
		return fmt.Errorf("not installed; as root: ipcconform toolchains -qemu %s (adds %s to apt's sources, then apt-get download qemu-user/%s and dpkg -x it into %s/qemu-<version>)", version, suite, suite, arch.QemuRoot)
	}
	if err := ensureSuite(suite); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ipcconform-qemu-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, args := range [][]string{{"apt-get", "update", "-qq"}, {"apt-get", "download", "-qq", "-o", "APT::Sandbox::User=root", "qemu-user/" + suite}} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %v", strings.Join(args, " "), err)
		}
	}
	debs, _ := filepath.Glob(filepath.Join(tmp, "qemu-user_*.deb"))
	if len(debs) != 1 {
		return fmt.Errorf("apt-get download qemu-user/%s: want one qemu-user_*.deb, have %q", suite, debs)
	}
	out, err := exec.Command("dpkg-deb", "-f", debs[0], "Version").Output()
	if err != nil {
		return fmt.Errorf("dpkg-deb -f %s Version: %v", debs[0], err)
	}
	full := upstreamVersion(strings.TrimSpace(string(out)))
	if !arch.RunnerMatches("qemu-"+full, "qemu-"+version) {
		return fmt.Errorf("%s has qemu-user %s (%s), not %s", suite, full, strings.TrimSpace(string(out)), version)
	}
	// Unpacked beside its final place and renamed, so that a half-unpacked
	// folder is never taken for an emulator.
	if err := os.MkdirAll(arch.QemuRoot, 0o755); err != nil {
		return err
	}
	dest := filepath.Join(arch.QemuRoot, "qemu-"+full)
	part, err := os.MkdirTemp(arch.QemuRoot, ".qemu-"+full+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(part)
	if b, err := exec.Command("dpkg", "-x", debs[0], part).CombinedOutput(); err != nil {
		return fmt.Errorf("dpkg -x %s %s: %v\n%s", debs[0], part, err, b)
	}
	if err := os.Chmod(part, 0o755); err != nil {
		return err
	}
	if err := os.Rename(part, dest); err != nil {
		return err
	}
	bin := arch.QemuBin(full)
	probe := filepath.Join(bin, "qemu-s390x")
	b, err := exec.Command(probe, "--version").Output()
	if err != nil || !strings.Contains(string(b), "version "+full+" ") {
		return fmt.Errorf("%s --version: %v %q", probe, err, firstLine(string(b)))
	}
	fmt.Fprintf(os.Stderr, "toolchains: qemu-user %s unpacked in %s (the system's qemu-user is untouched; select it with %s=%s)\n", full, bin, arch.QemuEnv, version)
	return nil
}

// installedQemu returns the binaries' folder of an unpacked qemu-user
// whose version matches version, or "".
func installedQemu(version string) string {
	dirs, _ := filepath.Glob(filepath.Join(arch.QemuRoot, "qemu-*"))
	for _, d := range dirs {
		v := strings.TrimPrefix(filepath.Base(d), "qemu-")
		if arch.RunnerMatches("qemu-"+v, "qemu-"+version) {
			if _, err := os.Stat(filepath.Join(arch.QemuBin(v), "qemu-s390x")); err == nil {
				return arch.QemuBin(v)
			}
		}
	}
	return ""
}

// ensureSuite adds suite to apt's sources unless a source names it.
func ensureSuite(suite string) error {
	files, _ := filepath.Glob("/etc/apt/sources.list.d/*")
	files = append(files, "/etc/apt/sources.list")
	word := regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(suite) + `(\s|$)`)
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && word.Match(b) {
			return nil
		}
	}
	fmt.Fprintf(os.Stderr, "toolchains: adding %s to apt's sources (%s)\n", suite, backportsSources)
	return os.WriteFile(backportsSources, []byte(strings.ReplaceAll(backportsStanza, "bookworm-backports", suite)), 0o644)
}

// upstreamVersion strips a Debian version's epoch and revision:
// "1:10.0.2+ds-2+deb13u1~bpo12+1" is "10.0.2".
func upstreamVersion(v string) string {
	if _, after, ok := strings.Cut(v, ":"); ok {
		v = after
	}
	if i := strings.IndexAny(v, "+~-"); i >= 0 {
		v = v[:i]
	}
	return v
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
