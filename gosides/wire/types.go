package wire

// Mirrors of the C integer types that cross the boundary (see
// ctests/layout/probe.c). Go's int and uint have the size of C's long on
// every Linux architecture, which is what time_t, size_t and shmatt_t are
// made of in glibc's default (32-bit time) ABI.
type (
	KeyT     int32 // key_t
	PidT     int32 // pid_t
	UidT     uint32
	ModeT    uint32
	SizeT    uint
	SsizeT   int
	Long     int
	Ulong    uint
	TimeT    int
	OffT     int // off_t as the peers are built (no _FILE_OFFSET_BITS=64); Go itself seeks with int64
	ShmattT  uint
	MsgqnumT uint
)
