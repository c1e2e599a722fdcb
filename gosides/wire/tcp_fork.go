package wire

// The fork-per-client server of documents 000 and 004; mirrors
// ctests/include/tcp_fork.h. It serves the line protocol of tcp_select.
const (
	TCPForkPort    = 12000 // TCP_FORK_PORT
	TCPForkBacklog = 2     // TCP_FORK_BACKLOG: listen (sock, 2)
)
