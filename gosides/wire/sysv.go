package wire

// System constants that golang.org/x/sys/unix does not define (it wraps
// neither System V message queues nor semaphores), spelled as x/sys would.
// Their values are the same on every Linux architecture; harness/layout
// checks that against each C library.
const (
	MSG_NOERROR     = 0x1000 // msgrcv: truncate a long message instead of E2BIG
	SEM_UNDO        = 0x1000 // semop: undo the operation when the process exits
	GETVAL          = 12     // semctl: read a semaphore's value
	SETVAL          = 16     // semctl: set a semaphore's value
	PIPE_BUF        = 4096   // largest write to a pipe that is atomic
	SA_NOCLDSTOP    = 0x1
	SA_RESTART      = 0x10000000
	INADDR_LOOPBACK = 0x7f000001
)
