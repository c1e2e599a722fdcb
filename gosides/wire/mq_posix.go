package wire

// The mailbox of document 001 as a POSIX message queue; mirrors
// ctests/include/mq_posix.h.
const (
	MqPosixName     = "/mailbox" // MQ_POSIX_NAME
	MqPosixMaxmsg   = 10         // MQ_POSIX_MAXMSG
	MqPosixMsgsize  = 64         // MQ_POSIX_MSGSIZE
	MqPosixStop     = "stop"     // MQ_POSIX_STOP
	MqPosixStopPrio = 0          // MQ_POSIX_STOP_PRIO
	MqPosixNumbered = "message " // MQ_POSIX_NUMBERED, then the number
	MqPosixPrios    = 3          // MQ_POSIX_PRIOS
)

// MqPosixSends mirrors MQ_POSIX_SENDS: the messages sent without -count,
// in order.
var MqPosixSends = []struct {
	Prio uint
	Text string
}{
	{1, "low"},
	{9, "urgent"},
	{5, "normal"},
	{5, "normal, sent later"},
	{0, "lowest"},
}
