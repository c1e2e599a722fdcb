package wire

// The SysV shared memory handshake of document 004; mirrors
// ctests/include/shm_sysv.h.
const (
	ShmSysvKey  = 5678 // SHM_SYSV_KEY
	SHMSZ       = 27   // SHMSZ
	ShmSysvDone = '*'  // SHM_SYSV_DONE
)
