package wire

// Constants of bench.h: what the bench peers (ctests/bench_*.c and
// gosides/bench_*) share. Transfers, messages and pings start with their
// number as a 64-bit little-endian word; the shared-memory benchmarks use
// ring.h's RingHeader with slots of any size (see bench.h).
const (
	BenchStampSize    = 8                  // BENCH_STAMP_SIZE: bytes of each transfer's number
	BenchItemSize     = 64                 // BENCH_ITEM_SIZE: a slot holding a RingItem
	BenchItemCheck    = 0x5a5a5a5a5a5a5a5a // BENCH_ITEM_CHECK: RingItem.Checksum is Seq ^ this
	BenchRingBytes    = 1048576            // BENCH_RING_BYTES: slot bytes of a throughput ring
	BenchRingMinSlots = 8                  // BENCH_RING_MIN_SLOTS: fewest slots of a throughput ring
	BenchRingWaiting  = 1                  // BENCH_RING_WAITING: the futex word's waiting bit
	BenchRingStep     = 2                  // BENCH_RING_STEP: the futex word's step per publication
	BenchRingSpin     = 1000               // BENCH_RING_SPIN: polls before a throughput ring side sleeps
	BenchPingSlots    = 2                  // BENCH_PING_SLOTS: slots of each latency ring
	BenchPingOffset   = 4096               // BENCH_PING_OFFSET: where the second latency ring starts
	BenchPingSize     = 64                 // BENCH_PING_SIZE: default bytes of a ping
	BenchUDPWindow    = 256                // BENCH_UDP_WINDOW: unacknowledged UDP messages at most
	BenchUDPCredit    = 32                 // BENCH_UDP_CREDIT: messages per credit
	BenchUDPRcvbuf    = 1048576            // BENCH_UDP_RCVBUF: receive buffer asked for
	BenchMQMaxmsg     = 10                 // BENCH_MQ_MAXMSG: messages a POSIX queue holds
	BenchMsgType      = 1                  // BENCH_MSG_TYPE: SysV message type
)
