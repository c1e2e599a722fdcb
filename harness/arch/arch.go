// Package arch describes the Linux architectures ipcconform builds peers for:
// the GOARCH name, the Debian cross compiler, the qemu-user emulator, and
// the facts about each one that the suite checks (byte order, word size).
package arch

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Arch is one Linux architecture, named by its GOARCH.
type Arch struct {
	GOARCH string
	Triple string // Debian's cross gcc prefix, as in gcc-<Triple>; empty with NoCC
	// NoCC, when set, says why the architecture has no C compiler here (Debian
	// 12 packages none for loong64): its programs are Go alone, and a cell
	// that needs a C peer on it is not one of the matrix's.
	NoCC string
	// LayoutLike, with NoCC, names the architecture whose C compiler gives
	// a's C layouts in the layout check: one with the same C data model,
	// byte order and kernel and C library structures.
	LayoutLike string
	Qemu       string // qemu-user emulator suffix, as in qemu-<Qemu>
	DebArch    string // Debian's name, as in libc6-dev-<DebArch>-cross
	BigEndian  bool
	PtrSize    int
	// Env holds extra environment for building Go peers (GOARM, GOMIPS…),
	// so that Go and C agree on the ABI (hard-float arm, for instance).
	Env []string
}

var all = []Arch{
	{GOARCH: "386", DebArch: "i386", Triple: "i686-linux-gnu", Qemu: "i386", PtrSize: 4, Env: []string{"GO386=sse2"}},
	{GOARCH: "amd64", DebArch: "amd64", Triple: "x86_64-linux-gnu", Qemu: "x86_64", PtrSize: 8},
	{GOARCH: "arm", DebArch: "armhf", Triple: "arm-linux-gnueabihf", Qemu: "arm", PtrSize: 4, Env: []string{"GOARM=7"}},
	{GOARCH: "arm64", DebArch: "arm64", Triple: "aarch64-linux-gnu", Qemu: "aarch64", PtrSize: 8},
	{GOARCH: "loong64", DebArch: "loong64", Qemu: "loongarch64", PtrSize: 8, NoCC: "Debian 12 has no C cross compiler for loong64", LayoutLike: "riscv64"},
	{GOARCH: "mips", DebArch: "mips", Triple: "mips-linux-gnu", Qemu: "mips", BigEndian: true, PtrSize: 4, Env: []string{"GOMIPS=hardfloat"}},
	{GOARCH: "mips64", DebArch: "mips64", Triple: "mips64-linux-gnuabi64", Qemu: "mips64", BigEndian: true, PtrSize: 8, Env: []string{"GOMIPS64=hardfloat"}},
	{GOARCH: "mips64le", DebArch: "mips64el", Triple: "mips64el-linux-gnuabi64", Qemu: "mips64el", PtrSize: 8, Env: []string{"GOMIPS64=hardfloat"}},
	{GOARCH: "mipsle", DebArch: "mipsel", Triple: "mipsel-linux-gnu", Qemu: "mipsel", PtrSize: 4, Env: []string{"GOMIPS=hardfloat"}},
	{GOARCH: "ppc64", DebArch: "ppc64", Triple: "powerpc64-linux-gnu", Qemu: "ppc64", BigEndian: true, PtrSize: 8},
	{GOARCH: "ppc64le", DebArch: "ppc64el", Triple: "powerpc64le-linux-gnu", Qemu: "ppc64le", PtrSize: 8},
	{GOARCH: "riscv64", DebArch: "riscv64", Triple: "riscv64-linux-gnu", Qemu: "riscv64", PtrSize: 8},
	{GOARCH: "s390x", DebArch: "s390x", Triple: "s390x-linux-gnu", Qemu: "s390x", BigEndian: true, PtrSize: 8},
}

// All returns every architecture the suite knows, sorted by GOARCH.
func All() []Arch {
	out := append([]Arch(nil), all...)
	sort.Slice(out, func(i, j int) bool { return out[i].GOARCH < out[j].GOARCH })
	return out
}

// Lookup returns the architecture named by goarch.
func Lookup(goarch string) (Arch, error) {
	for _, a := range all {
		if a.GOARCH == goarch {
			return a, nil
		}
	}
	return Arch{}, fmt.Errorf("unknown architecture %q", goarch)
}

// ParseList parses a comma-separated list of GOARCHs, in which "host"
// names the host's. The whole list may also be "all" (or "installed":
// every architecture, left for the caller to filter by its tools) or
// empty (none).
func ParseList(s string) ([]Arch, error) {
	switch s {
	case "":
		return nil, nil
	case "all", "installed":
		return All(), nil
	}
	var out []Arch
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "host" {
			name = Host().GOARCH
		}
		a, err := Lookup(name)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// Host returns the architecture the test binary runs on.
func Host() Arch {
	a, err := Lookup(runtime.GOARCH)
	if err != nil {
		panic("ipcconform: unsupported host architecture " + runtime.GOARCH)
	}
	return a
}

// Native reports whether a's programs run on this host without emulation:
// the host's own architecture, or 32-bit x86 on an amd64 kernel that runs
// i386 programs (one built without IA32 emulation, or booted with
// ia32_emulation=0, does not: there they run under qemu-i386).
func (a Arch) Native() bool {
	h := Host()
	return a.GOARCH == h.GOARCH || (h.GOARCH == "amd64" && a.GOARCH == "386" && runsI386())
}

var runsI386 = sync.OnceValue(func() bool {
	f, err := os.CreateTemp("", "ipcconform-i386-")
	if err != nil {
		return false
	}
	defer os.Remove(f.Name())
	_, err = f.Write(i386Exit)
	if cerr := f.Close(); err != nil || cerr != nil || os.Chmod(f.Name(), 0o700) != nil {
		return false
	}
	return exec.Command(f.Name()).Run() == nil
})

// i386Exit is the smallest i386 ELF executable: exit(0) by int 0x80. A
// kernel that cannot run i386 programs refuses it with ENOEXEC.
var i386Exit = func() []byte {
	const base, codeOff = 0x08048000, 52 + 32
	code := []byte{0xb8, 1, 0, 0, 0, 0x31, 0xdb, 0xcd, 0x80} // mov eax,1; xor ebx,ebx; int 0x80
	le := binary.LittleEndian
	b := []byte{0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	b = le.AppendUint16(b, 2)            // e_type: executable
	b = le.AppendUint16(b, 3)            // e_machine: i386
	b = le.AppendUint32(b, 1)            // e_version
	b = le.AppendUint32(b, base+codeOff) // e_entry
	b = le.AppendUint32(b, 52)           // e_phoff
	b = le.AppendUint32(b, 0)            // e_shoff
	b = le.AppendUint32(b, 0)            // e_flags
	b = le.AppendUint16(b, 52)           // e_ehsize
	b = le.AppendUint16(b, 32)           // e_phentsize
	b = le.AppendUint16(b, 1)            // e_phnum
	b = append(b, 0, 0, 0, 0, 0, 0)      // no sections
	size := uint32(codeOff + len(code))
	for _, v := range []uint32{1, 0, base, base, size, size, 5, 0x1000} { // PT_LOAD, R+X
		b = le.AppendUint32(b, v)
	}
	return append(b, code...)
}()

// CC returns the C compiler command for a. The host's own compiler is "cc"
// (or $CC, resolved by the caller); every other architecture uses Debian's
// cross compiler, so a 386 build never depends on gcc -m32 multilib.
func (a Arch) CC() string {
	if a.GOARCH == Host().GOARCH {
		return "cc"
	}
	return a.Triple + "-gcc"
}

// CSide returns the architecture whose C compiler gives a's C layouts: a
// itself, or LayoutLike for an architecture without a C compiler.
func (a Arch) CSide() (Arch, error) {
	if a.NoCC == "" {
		return a, nil
	}
	if a.LayoutLike == "" {
		return Arch{}, fmt.Errorf("no C compiler for %s, and no architecture to read its C layouts from: %s", a.GOARCH, a.NoCC)
	}
	return Lookup(a.LayoutLike)
}

// CCPackages are the Debian packages that provide a's C compiler and the
// static C library peers link against (none with NoCC).
func (a Arch) CCPackages() []string {
	if a.NoCC != "" {
		return nil
	}
	if a.GOARCH == Host().GOARCH {
		return []string{"gcc", "libc6-dev"}
	}
	return []string{"gcc-" + a.Triple, "libc6-dev-" + a.DebArch + "-cross"}
}

// Runner returns the command prefix that starts a program built for a: empty
// when it runs natively, the qemu-user emulator otherwise: the one on PATH
// (Debian 12's qemu-user 7.2), or the one $IPCCONFORM_QEMU selects (see
// QemuEnv).
func (a Arch) Runner() []string {
	if a.Native() {
		return nil
	}
	name := "qemu-" + a.Qemu
	if dir, _ := qemuDir(); dir != "" {
		return []string{filepath.Join(dir, name)}
	}
	return []string{name}
}

// QemuEnv names the environment variable that chooses the emulator of the
// foreign architectures: empty or "system" for the qemu-user on PATH; a
// version ("10", "10.0.2") for the one ipcconform toolchains -qemu
// installed under QemuRoot (the newest matching that version); or the
// absolute path of a folder holding qemu-<arch> binaries.
const QemuEnv = "IPCCONFORM_QEMU"

// QemuRoot is where ipcconform toolchains -qemu unpacks an emulator that
// must not replace the system's: QemuRoot/qemu-<version>/usr/bin.
const QemuRoot = "/opt/ipcconform"

// QemuBin returns the folder of the binaries of the emulator unpacked
// under QemuRoot as version ("10.0.2").
func QemuBin(version string) string {
	return filepath.Join(QemuRoot, "qemu-"+version, "usr", "bin")
}

var qemuDirOnce = sync.OnceValues(func() (string, error) {
	return selectQemu(os.Getenv(QemuEnv), QemuRoot)
})

// selectQemu returns the folder of the qemu-user binaries sel names (see
// QemuEnv), looking for unpacked versions under root; "" is the PATH's.
func selectQemu(sel, root string) (string, error) {
	switch {
	case sel == "" || sel == "system":
		return "", nil
	case filepath.IsAbs(sel):
		return sel, nil
	}
	if !runnerName.MatchString("qemu-" + sel) {
		return "", fmt.Errorf("%s=%q: want system, a qemu-user version (10, 10.0.2) or a folder", QemuEnv, sel)
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "qemu-*"))
	best := ""
	for _, d := range dirs {
		v := strings.TrimPrefix(filepath.Base(d), "qemu-")
		if runnerName.MatchString("qemu-"+v) && RunnerMatches("qemu-"+v, "qemu-"+sel) && (best == "" || versionLess(best, v)) {
			best = v
		}
	}
	if best == "" {
		// The folder it would be: HaveRunner says it is missing and how
		// to install it.
		return filepath.Join(root, "qemu-"+sel, "usr", "bin"), fmt.Errorf("%s=%s: qemu-user %s is not installed under %s (to install it: ipcconform toolchains -qemu %s)", QemuEnv, sel, sel, root, sel)
	}
	return filepath.Join(root, "qemu-"+best, "usr", "bin"), nil
}

var runnerName = regexp.MustCompile(`^qemu-[0-9]+(\.[0-9]+)*$`)

// qemuDir returns the folder of the emulator $IPCCONFORM_QEMU selects,
// empty for the one on PATH, and why it is not there.
func qemuDir() (string, error) { return qemuDirOnce() }

// versionLess orders dotted versions numerically ("10.0.2" < "10.0.10").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}

// RunnerID names what runs a's programs here, with its version: "native",
// or "qemu-<version>" ("qemu-7.2.13") for qemu-user, as the emulator
// reports itself. An emulator's bugs are known per version, so expected
// failures name the runner they were seen on.
func (a Arch) RunnerID() (string, error) {
	r := a.Runner()
	if len(r) == 0 {
		return "native", nil
	}
	if v, ok := runnerIDs.Load(r[0]); ok {
		return v.(string), nil
	}
	out, err := exec.Command(r[0], "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %v", r[0], err)
	}
	// "qemu-s390x version 7.2.13 (Debian 1:7.2+dfsg-7+deb12u7)"
	f := strings.Fields(string(out))
	if len(f) < 3 || f[1] != "version" {
		return "", fmt.Errorf("%s --version: no version in %q", r[0], firstLine(string(out)))
	}
	id := "qemu-" + f[2]
	runnerIDs.Store(r[0], id)
	return id, nil
}

var runnerIDs sync.Map // emulator command -> RunnerID

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// RunnerMatches reports whether a runner ID ("qemu-7.2.13") is the one a
// list names ("qemu-7.2", "qemu-7", "native"): equal, or a prefix of it
// ending at a dot.
func RunnerMatches(id, want string) bool {
	return id == want || strings.HasPrefix(id, want+".")
}

// Probe results are computed once per process: LookPath walks $PATH.
var probes sync.Map // string -> error

func lookPathOnce(name string) error {
	if v, ok := probes.Load(name); ok {
		err, _ := v.(error)
		return err
	}
	_, err := exec.LookPath(name)
	probes.Store(name, err)
	return err
}

// ResetProbes forgets what the probes found, after tools were installed.
func ResetProbes() { probes.Clear() }

// HaveCC reports whether a's C compiler is installed, and if not, an error
// that names the package to install.
func (a Arch) HaveCC() error {
	if a.NoCC != "" {
		return fmt.Errorf("no C compiler for %s: %s", a.GOARCH, a.NoCC)
	}
	if err := lookPathOnce(a.CC()); err != nil {
		return fmt.Errorf("no C compiler for %s (%s): apt-get install %s", a.GOARCH, a.CC(), strings.Join(a.CCPackages(), " "))
	}
	return nil
}

// HaveRunner reports whether a's programs can be started here, and if not,
// an error that names the package to install.
func (a Arch) HaveRunner() error {
	r := a.Runner()
	if len(r) == 0 {
		return nil
	}
	if _, err := qemuDir(); err != nil {
		return fmt.Errorf("cannot run %s programs: %v", a.GOARCH, err)
	}
	if err := lookPathOnce(r[0]); err != nil {
		if filepath.IsAbs(r[0]) {
			return fmt.Errorf("cannot run %s programs (%s not found)", a.GOARCH, r[0])
		}
		return fmt.Errorf("cannot run %s programs (%s not found): apt-get install qemu-user", a.GOARCH, r[0])
	}
	if a.GOARCH == "386" {
		// Go's 386 programs crash under qemu-i386 7.2 at their first
		// signal ("fatal: bad g in signal handler", "morestack on g0"),
		// C's run; qemu-user 10.0 runs both. Half a 386 matrix would
		// read as a Go bug, so 386 waits for an emulator that runs it.
		id, err := a.RunnerID()
		if err != nil {
			return fmt.Errorf("cannot run 386 programs: %v", err)
		}
		return emulates386(id)
	}
	return nil
}

// emulates386 says why the emulator id cannot run the 386 matrix: one
// before qemu-user 10 crashes Go's programs.
func emulates386(id string) error {
	v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(id, "qemu-"), ".", 2)[0])
	if err != nil || v < 10 {
		return fmt.Errorf("cannot run 386 programs: this kernel runs no i386 programs (no IA32 emulation), and Go's crash under %s (fatal: bad g in signal handler); qemu-user 10 runs them: ipcconform toolchains -qemu 10, then ipcconform -qemu 10 (or %s=10)", id, QemuEnv)
	}
	return nil
}
