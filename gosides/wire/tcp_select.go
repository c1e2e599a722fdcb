package wire

// The line protocol of document 000's concurrent servers (select() or a
// child per client) and document 001's capitalize server; mirrors
// ctests/include/tcp_select.h. tcp_fork serves the same protocol.
const (
	TCPSelectPort     = 12000 // TCP_SELECT_PORT
	TCPSelectBacklog  = 5     // TCP_SELECT_BACKLOG
	TCPLineMax        = 256   // TCP_LINE_MAX: the longest line, its '\n' included
	TCPSelectMaxConns = 16    // TCP_SELECT_MAX_CONNS: connections one client may open
)
