package layout

import "fmt"

// The mirrors that golang.org/x/sys/unix provides for system structs, whose
// names follow x/sys's rules rather than ours: the only explicit pairing
// table. A C field absent from a table is padding (glibc's __glibc_reserved
// and __pad fields); an opaque field is compared by offset and size only,
// with the reason shown in the report.
type xsysField struct {
	Go     string
	Opaque string // why kinds are not compared, when not ""
}

type xsysMirror struct {
	Go     string // "unix.RawSockaddrInet4"
	Fields map[string]xsysField
}

var xsysMirrors = map[string]xsysMirror{
	"sockaddr_in": {Go: "unix.RawSockaddrInet4", Fields: map[string]xsysField{
		"sin_family": {Go: "Family"},
		"sin_port":   {Go: "Port"},
		"sin_addr":   {Go: "Addr", Opaque: "struct in_addr as 4 bytes in network order"},
		"sin_zero":   {Go: "Zero"},
	}},
	"ipc_perm": {Go: "unix.SysvIpcPerm", Fields: map[string]xsysField{
		"__key": {Go: "Key"},
		"uid":   {Go: "Uid"},
		"gid":   {Go: "Gid"},
		"cuid":  {Go: "Cuid"},
		"cgid":  {Go: "Cgid"},
		"mode":  {Go: "Mode"},
		"__seq": {Go: "Seq"},
	}},
	"shmid_ds": {Go: "unix.SysvShmDesc", Fields: map[string]xsysField{
		"shm_perm":   {Go: "Perm"},
		"shm_segsz":  {Go: "Segsz"},
		"shm_atime":  {Go: "Atime"},
		"shm_dtime":  {Go: "Dtime"},
		"shm_ctime":  {Go: "Ctime"},
		"shm_cpid":   {Go: "Cpid"},
		"shm_lpid":   {Go: "Lpid"},
		"shm_nattch": {Go: "Nattch"},
		// 32-bit glibc's high halves of the times, x/sys's Atime_high…
		"__shm_atime_high": {Go: "Atime_high"},
		"__shm_dtime_high": {Go: "Dtime_high"},
		"__shm_ctime_high": {Go: "Ctime_high"},
	}},
}

// xsysTypes lists the x/sys types the probe must reference.
func xsysTypes() []string {
	var out []string
	for _, m := range xsysMirrors {
		out = append(out, m.Go[len("unix."):])
	}
	return out
}

// A knownDiff is a difference between glibc and golang.org/x/sys/unix that
// the suite records instead of failing on: x/sys mirrors the kernel's
// structs, glibc declares its own. An entry that stops occurring fails the
// check, so the list never goes stale.
type knownDiff struct {
	Arches []string // GOARCH names; nil for all
	Diff   string   // Diff.Subject + ": " + Diff.Msg
	Why    string
}

var knownDiffs = []knownDiff{
	{nil, "sockaddr_in: have align 2, want 4",
		"x/sys declares sin_addr as [4]byte, C as struct in_addr (a uint32); the bytes agree, only an enclosing struct could differ"},
	{[]string{"386", "arm"}, "ipc_perm.mode: have size 2, want 4",
		"x/sys follows the kernel's 16-bit mode and 2 bytes of padding, glibc a 32-bit mode_t; little-endian, so the low half agrees"},
	{[]string{"s390x"}, "ipc_perm.__seq: have offset 26, want 24",
		"the s390x kernel's ipc64_perm pads before seq, glibc's ipc_perm after it; glibc converts in shmctl, raw syscalls (x/sys) do not"},
	{[]string{"386", "arm", "mips", "mipsle"}, "shmid_ds.shm_atime: have unsigned 4 (uint32), want signed 4 (__time_t)",
		"x/sys follows the kernel's unsigned long, glibc's 32-bit time_t is signed; same bits until 2038"},
	{[]string{"386", "arm", "mips", "mipsle"}, "shmid_ds.shm_dtime: have unsigned 4 (uint32), want signed 4 (__time_t)",
		"as shm_atime"},
	{[]string{"386", "arm", "mips", "mipsle"}, "shmid_ds.shm_ctime: have unsigned 4 (uint32), want signed 4 (__time_t)",
		"as shm_atime"},
}

func (k knownDiff) applies(goarch string) bool {
	if k.Arches == nil {
		return true
	}
	for _, a := range k.Arches {
		if a == goarch {
			return true
		}
	}
	return false
}

// applyKnown moves the known differences of rep out of its Diffs (into
// Known) and reports every applicable entry that did not occur.
func (rep *Report) applyKnown(list []knownDiff) {
	seen := map[int]bool{}
	filter := func(ds []Diff) []Diff {
		var keep []Diff
		for _, d := range ds {
			matched := false
			for i, k := range list {
				if k.applies(d.Arch) && d.Subject+": "+d.Msg == k.Diff {
					seen[i] = true
					matched = true
					rep.Known = append(rep.Known, KnownDiff{d, k.Why})
				}
			}
			if !matched {
				keep = append(keep, d)
			}
		}
		return keep
	}
	rep.Diffs = filter(rep.Diffs)
	for _, p := range rep.Pairs {
		before := p.Diffs
		p.Diffs = nil
		for _, d := range before {
			if len(filter([]Diff{d})) == 0 {
				p.Known = append(p.Known, d)
			} else {
				p.Diffs = append(p.Diffs, d)
			}
		}
	}
	rep.Known = dedupKnown(rep.Known)
	for i, k := range list {
		if k.applies(rep.Arch.GOARCH) && !seen[i] {
			rep.Diffs = append(rep.Diffs, Diff{rep.Arch.GOARCH, "known difference", fmt.Sprintf("%q no longer occurs; remove it from the list", k.Diff)})
		}
	}
}

// A KnownDiff is a difference the suite expects, and why.
type KnownDiff struct {
	Diff
	Why string
}

func dedupKnown(ks []KnownDiff) []KnownDiff {
	var out []KnownDiff
	seen := map[Diff]bool{}
	for _, k := range ks {
		if !seen[k.Diff] {
			seen[k.Diff] = true
			out = append(out, k)
		}
	}
	return out
}
