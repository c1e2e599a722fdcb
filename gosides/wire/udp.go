package wire

// The datagram protocol of document 000's connectionless client and
// server; mirrors ctests/include/udp.h. After each datagram the receiver
// acks with the length it saw, a uint32 in network byte order.
const (
	UDPDatagramPort = 8888  // UDP_DATAGRAM_PORT
	UDPMaxDatagram  = 65507 // UDP_MAX_DATAGRAM: 65535 less the IPv4 and UDP headers
	UDPMaxDatagrams = 64    // UDP_MAX_DATAGRAMS: datagrams one sender may send
	UDPAckBytes     = 4     // UDP_ACK_BYTES
)

// UDPPattern is byte i of a datagram of length n (udp_pattern).
func UDPPattern(n, i uint32) byte { return byte((i + n) % 251) }
