package wire

import "structs"

// A counter in SysV shared memory guarded by a SysV semaphore set; mirrors
// ctests/include/sem_sysv.h.
const (
	SemSysvKey        = 1234   // SEM_SYSV_KEY
	SemSysvIncrements = 100000 // SEM_SYSV_INCREMENTS
	SemSysvMutex      = 0      // SEM_SYSV_MUTEX
	SemSysvJoined     = 1      // SEM_SYSV_JOINED
	SemSysvDone       = 2      // SEM_SYSV_DONE
	SemSysvNsems      = 3      // SEM_SYSV_NSEMS
)

// SemSysvCounter mirrors struct sem_sysv_counter, the segment.
type SemSysvCounter struct {
	_     structs.HostLayout
	Count uint64
}
