package layout

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
