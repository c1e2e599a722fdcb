package wire

// The fixed-size request/reply protocol of document 002's stream socket
// client and server; mirrors ctests/include/tcp_fixed.h.
const (
	TCPFixedPort    = 5001 // TCP_FIXED_PORT
	TCPFixedBacklog = 5    // TCP_FIXED_BACKLOG

	ClientStr   = "Hello, server"          // CLIENT_STR
	ClientBytes = 14                       // CLIENT_BYTES: ClientStr and its NUL
	ServerStr   = "Hello, client; goodbye" // SERVER_STR
	ServerBytes = 23                       // SERVER_BYTES
)
