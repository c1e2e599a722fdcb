package wire

// Document 001's POSIX shared memory producer and consumer; mirrors
// ctests/include/shm_posix.h.
const (
	ShmPosixName     = "OS"     // SHM_POSIX_NAME
	ShmPosixSize     = 4096     // SHM_POSIX_SIZE
	ShmPosixMessage0 = "Hello"  // SHM_POSIX_MESSAGE_0
	ShmPosixMessage1 = "World!" // SHM_POSIX_MESSAGE_1
)
