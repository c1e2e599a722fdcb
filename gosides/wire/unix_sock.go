package wire

// The Unix-domain socket protocols of documents 002 and 003; mirrors
// ctests/include/unix_sock.h. unix_stream carries FrameHeader frames with
// FramePattern payloads, unix_dgram datagrams with UDPPattern payloads;
// a passed descriptor rides on the byte UnixFdTag.
const (
	UnixSockPath    = "unix.sock" // UNIX_SOCK_PATH: the default address, a path
	UnixSockBacklog = 5           // UNIX_SOCK_BACKLOG
	UnixMaxMessages = 64          // UNIX_MAX_MESSAGES: frames or datagrams one peer sends
	UnixDgramMax    = 65536       // UNIX_DGRAM_MAX: the longest datagram sent
	UnixFdTag       = 'F'         // UNIX_FD_TAG: the byte a passed descriptor rides on
	UnixFileMax     = 4096        // UNIX_FILE_MAX: bytes read through a passed descriptor

	UnixClientText = "read through the descriptor the client passed\n" // UNIX_CLIENT_TEXT
	UnixServerText = "read through the descriptor the server passed\n" // UNIX_SERVER_TEXT
	UnixSenderText = "read through the descriptor the sender passed\n" // UNIX_SENDER_TEXT

	UnixSgPart0 = "Hello, "      // UNIX_SG_PART0: the gathered datagram's pieces
	UnixSgPart1 = "scatter/"     // UNIX_SG_PART1
	UnixSgPart2 = "gather world" // UNIX_SG_PART2
	UnixSgBuf0  = 5              // UNIX_SG_BUF0: the buffers it is scattered into
	UnixSgBuf1  = 10             // UNIX_SG_BUF1
	UnixSgBuf2  = 64             // UNIX_SG_BUF2
)
