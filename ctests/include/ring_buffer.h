/*
 * ring_buffer.h: how the ring_buffer peers use ring.h's bounded buffer: the
 * POSIX shared memory object that holds it, the items they move, and the
 * futex protocol of the blocking variant.
 *
 * Items: item seq (from 1) has a payload of six 64-bit words
 * ring_buffer_word(seq, 0..5), each stored little-endian, and checksum
 * FNV-1a 64 of the payload. The stream's checksum folds every item's
 * checksum in order: sum = (sum ^ checksum) * FNV64_PRIME from FNV64_OFFSET.
 *
 * Blocking: ring_header.futex grows by RING_BUFFER_FUTEX_STEP after every
 * change of in or out. A side that must wait sets its low bit,
 * RING_BUFFER_FUTEX_WAITING, looks at the index once more, and sleeps in
 * FUTEX_WAIT while the word is unchanged; a side that moved an index and
 * finds the bit set clears it and wakes the sleepers. A side that
 * busy-waits never sets the bit, so the two variants interoperate and a
 * busy side pays no system call.
 */
#ifndef IPCC_RING_BUFFER_H
#define IPCC_RING_BUFFER_H

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "ring.h"

/* The default POSIX shared memory name of the ring. Document 001 names
 * none for the bounded buffer. */
#define RING_BUFFER_NAME "/bounded_buffer"

/* The default number of items moved. */
#define RING_BUFFER_ITEMS 1000000

/* Polls of a busy-waiting side before it yields the processor on each
 * further poll. */
#define RING_BUFFER_SPIN 1000

/* Yields of a busy-waiting side, after its spin, before it naps
 * RING_BUFFER_NAP_NS on each further poll: with more runnable processes
 * than processors a yield hands the processor to any of them, and the
 * other side may wait a whole round for its turn; a nap lets the
 * scheduler run it, and wakes the napper with a sleeper's priority. */
#define RING_BUFFER_YIELDS 100
#define RING_BUFFER_NAP_NS 50000

/* ring_header.futex: the waiting bit and the step of every change. */
#define RING_BUFFER_FUTEX_WAITING 1u
#define RING_BUFFER_FUTEX_STEP 2u

/* FNV-1a 64. */
#define FNV64_OFFSET 0xcbf29ce484222325u
#define FNV64_PRIME 0x100000001b3u

/* ring_buffer_word is word k of item seq's payload (splitmix64). */
static inline uint64_t ring_buffer_word(uint64_t seq, unsigned k)
{
	uint64_t z = seq * 6 + k + 0x9e3779b97f4a7c15u;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* ring_buffer_fill writes item seq's payload and checksum into it. */
static inline void ring_buffer_fill(struct ring_item *it, uint64_t seq)
{
	uint64_t h = FNV64_OFFSET;
	it->seq = seq;
	for (unsigned k = 0; k < RING_PAYLOAD_SIZE / 8; k++) {
		uint64_t w = ring_buffer_word(seq, k);
		for (unsigned b = 0; b < 8; b++) {
			unsigned char c = (unsigned char)(w >> (8 * b));
			it->payload[8 * k + b] = (char)c;
			h = (h ^ c) * FNV64_PRIME;
		}
	}
	it->checksum = h;
}

/* ring_buffer_fnv is FNV-1a 64 of a payload. */
static inline uint64_t ring_buffer_fnv(const char payload[RING_PAYLOAD_SIZE])
{
	uint64_t h = FNV64_OFFSET;
	for (unsigned i = 0; i < RING_PAYLOAD_SIZE; i++)
		h = (h ^ (unsigned char)payload[i]) * FNV64_PRIME;
	return h;
}

/* How a side waits for the other: the document's busy-wait (polls, then a
 * sched_yield per poll after RING_BUFFER_SPIN of them, then a nap per poll
 * after RING_BUFFER_YIELDS yields), or asleep in FUTEX_WAIT on
 * ring_header.futex. */
enum ring_buffer_wait {
	RING_BUFFER_WAIT_SPIN,
	RING_BUFFER_WAIT_FUTEX,
};

/*
 * Ordering. The producer fills slot in with plain stores, then stores the
 * new in with release order; the consumer loads in with acquire order, so
 * when it sees the new index it sees the slot's bytes too. Symmetrically
 * the consumer copies slot out with plain loads, then stores the new out
 * with release order; the producer loads out with acquire order before it
 * reuses the slot, so the consumer's reads of the old item happen before
 * the producer's writes of the new one. Indices change only by their own
 * side, so each side may keep a stale copy of the other's index: a stale
 * one only makes the ring look fuller (or emptier) than it is. Go's
 * sync/atomic operations are sequentially consistent, which is stronger
 * than acquire and release, and compile to the same instructions on the
 * same addresses, so a C side and a Go side keep the argument.
 *
 * The futex handshake is Dekker's pattern: the waiter sets the waiting bit
 * then loads the index; the notifier stores the index then adds to the
 * futex word. Acquire and release do not stop either side from seeing the
 * other's older value; sequential consistency does: so the index stores
 * and the futex word's operations are all __ATOMIC_SEQ_CST. In the single
 * total order either the waiter's load sees the new index, or the
 * notifier's add comes after the waiter's bit and wakes it; and FUTEX_WAIT
 * sleeps only while the word still holds the value the waiter saw, so a
 * wake between its check and its sleep is not lost.
 */

/* ring_buffer_publish stores a side's new index and wakes the other side
 * if it sleeps. It returns 0, or -1 with errno set. */
static inline int ring_buffer_publish(struct ring_header *h, uint32_t *index, uint32_t value)
{
	__atomic_store_n(index, value, __ATOMIC_SEQ_CST);
	uint32_t old = __atomic_fetch_add(&h->futex, RING_BUFFER_FUTEX_STEP, __ATOMIC_SEQ_CST);
	if (old & RING_BUFFER_FUTEX_WAITING) {
		__atomic_fetch_and(&h->futex, ~RING_BUFFER_FUTEX_WAITING, __ATOMIC_SEQ_CST);
		/* Not FUTEX_PRIVATE_FLAG: the sleeper is another process. */
		if (syscall(SYS_futex, &h->futex, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) < 0)
			return -1;
	}
	return 0;
}

/* ring_buffer_elapsed_ns is the time since start. */
static inline long long ring_buffer_elapsed_ns(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(now.tv_sec - start->tv_sec) * 1000000000LL + (now.tv_nsec - start->tv_nsec);
}

/* ring_buffer_wait waits until the other side's index *watch is no longer
 * blocked, and stores its new value in *seen. It gives up after timeout
 * seconds without a change: -1 with errno ETIMEDOUT (or a futex error). */
static inline int ring_buffer_wait(struct ring_header *h, uint32_t *watch, uint32_t blocked,
				   enum ring_buffer_wait mode, long timeout, uint32_t *seen)
{
	uint32_t v = __atomic_load_n(watch, __ATOMIC_ACQUIRE);
	struct timespec start;
	if (v == blocked && clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		return -1;
	for (unsigned long polls = 1; v == blocked; polls++) {
		if (mode == RING_BUFFER_WAIT_SPIN) {
			if (polls > RING_BUFFER_SPIN + RING_BUFFER_YIELDS) {
				struct timespec nap = {.tv_nsec = RING_BUFFER_NAP_NS};
				nanosleep(&nap, NULL);
			} else if (polls > RING_BUFFER_SPIN) {
				sched_yield();
			}
			if (polls % 1024 == 0 && ring_buffer_elapsed_ns(&start) >= timeout * 1000000000LL) {
				errno = ETIMEDOUT;
				return -1;
			}
			v = __atomic_load_n(watch, __ATOMIC_ACQUIRE);
			continue;
		}
		uint32_t f = __atomic_load_n(&h->futex, __ATOMIC_SEQ_CST);
		if (!(f & RING_BUFFER_FUTEX_WAITING)) {
			if (!__atomic_compare_exchange_n(&h->futex, &f, f | RING_BUFFER_FUTEX_WAITING, 0,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				continue; /* the word moved: look again */
			f |= RING_BUFFER_FUTEX_WAITING;
		}
		v = __atomic_load_n(watch, __ATOMIC_SEQ_CST);
		if (v != blocked)
			break;
		/* Sleep in slices, to notice the timeout. */
		struct timespec slice = {.tv_nsec = 100000000};
		if (syscall(SYS_futex, &h->futex, FUTEX_WAIT, f, &slice, NULL, 0) < 0 &&
		    errno != EAGAIN && errno != ETIMEDOUT && errno != EINTR)
			return -1;
		v = __atomic_load_n(watch, __ATOMIC_ACQUIRE);
		if (v == blocked && ring_buffer_elapsed_ns(&start) >= timeout * 1000000000LL) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	*seen = v;
	return 0;
}

#endif /* IPCC_RING_BUFFER_H */
