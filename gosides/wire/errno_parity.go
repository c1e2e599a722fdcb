package wire

// The failing calls of errno_prober and errno_receiver; mirrors
// ctests/include/errno_parity.h.
const (
	ErrnoParityKey       = 7007                   // ERRNO_PARITY_KEY
	ErrnoParityName      = "/errno_parity"        // ERRNO_PARITY_NAME
	ErrnoParityFifo      = "errno_parity.fifo"    // ERRNO_PARITY_FIFO
	ErrnoParitySock      = "errno_parity.sock"    // ERRNO_PARITY_SOCK
	ErrnoParityAbsent    = "errno_parity.absent"  // ERRNO_PARITY_ABSENT
	ErrnoParityPrivate   = "errno_parity.private" // ERRNO_PARITY_PRIVATE
	ErrnoParityShmBytes  = 64                     // ERRNO_PARITY_SHM_BYTES
	ErrnoParityMsgBytes  = 1024                   // ERRNO_PARITY_MSG_BYTES
	ErrnoParityMsgLimit  = 65536                  // ERRNO_PARITY_MSG_LIMIT
	ErrnoParityBig       = 64                     // ERRNO_PARITY_BIG
	ErrnoParitySmall     = 16                     // ERRNO_PARITY_SMALL
	ErrnoParityUDPTooBig = 65508                  // ERRNO_PARITY_UDP_TOO_BIG
	ErrnoParityMtype     = 1                      // ERRNO_PARITY_MTYPE
)
