/*
 * bench.h: what the bench peers (ctests/bench_<mechanism>_<role>.c and
 * their Go counterparts, gosides/bench_<mechanism>_<role>/ with
 * gosides/benchsys) share: their flags, the stamp every transfer carries,
 * the loops that move bytes over a stream or a datagram socket, the
 * ping-pong of the latency benchmarks, and ring.h's ring used with slots
 * of any size and a futex wake.
 *
 * Every transfer, message and ping starts with its number, from 0, as a
 * 64-bit little-endian word (BENCH_STAMP_SIZE bytes); the rest of it is a
 * fixed pattern. The receiving side checks each number, so a benchmark
 * that loses, repeats or reorders data fails instead of measuring it.
 *
 * UDP has no flow control: the receiver returns a credit (the number of
 * messages it has received, 64-bit little-endian) every BENCH_UDP_CREDIT
 * messages and after the last, and the sender keeps at most
 * BENCH_UDP_WINDOW messages unacknowledged, so none is dropped. The
 * sender ends once the last credit has arrived.
 *
 * Ring: ring.h's header, then capacity slots of item_size bytes. A
 * BENCH_ITEM_SIZE slot is a struct ring_item (seq from 1, checksum seq ^
 * BENCH_ITEM_CHECK, the payload a fixed pattern); a bigger one is raw
 * bytes, stamped like a stream transfer. The producer fills the free
 * slots, up to an eighth of the ring, then publishes in; the consumer
 * empties what it finds, then publishes out. The futex word grows by
 * BENCH_RING_STEP after every publication; a side that must wait polls
 * the other's index -spin times, then sets BENCH_RING_WAITING, looks once
 * more, and sleeps in FUTEX_WAIT; a side that publishes and finds the bit
 * set clears it and wakes the sleeper. The produced and consumed counters
 * are not kept (they stay 0).
 *
 * The latency ring's segment holds two rings of BENCH_PING_SLOTS 64-byte
 * items: client to server at offset 0, server to client at offset
 * BENCH_PING_OFFSET, each with its own futex word.
 *
 * The side that starts a benchmark (writer, sender, client) writes its
 * -ready file once set up, and with -gate waits for its go (end of file on
 * an inherited descriptor): the measured part starts there.
 *
 * Every peer bounds its whole run with -timeout seconds (a watchdog that
 * ends it with "timeout" on stderr) rather than each wait, so that no
 * benchmark loop pays for a timer.
 */
#ifndef IPCC_BENCH_H
#define IPCC_BENCH_H

#include "peer.h"
#include "ring.h"

#include <getopt.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>

/* Bytes of the number each transfer, message and ping starts with. */
#define BENCH_STAMP_SIZE 8

/* A ring slot that holds a struct ring_item. */
#define BENCH_ITEM_SIZE 64

/* ring_item.checksum of the bench's items: seq ^ BENCH_ITEM_CHECK. */
#define BENCH_ITEM_CHECK 0x5a5a5a5a5a5a5a5aull

/* Slot bytes of a throughput ring: capacity is this over the slot size. */
#define BENCH_RING_BYTES 1048576

/* The fewest slots of a throughput ring. */
#define BENCH_RING_MIN_SLOTS 8

/* The futex word's waiting bit and the step of every publication. */
#define BENCH_RING_WAITING 1u
#define BENCH_RING_STEP 2u

/* Polls of the other side's index before a throughput ring side sleeps. */
#define BENCH_RING_SPIN 1000

/* The latency ring: slots of each of its two rings, and where the second
 * starts. */
#define BENCH_PING_SLOTS 2
#define BENCH_PING_OFFSET 4096

/* The default size of a ping, in bytes. */
#define BENCH_PING_SIZE 64

/* UDP flow control, in messages; and the receive buffer asked for. */
#define BENCH_UDP_WINDOW 256
#define BENCH_UDP_CREDIT 32
#define BENCH_UDP_RCVBUF 1048576

/* POSIX message queue: messages it holds. */
#define BENCH_MQ_MAXMSG 10

/* SysV message type of every message. */
#define BENCH_MSG_TYPE 1

/* The flags a bench peer may take, beyond -n, -timeout and -cpuprofile. */
enum bench_flag {
	BENCH_F_SIZE = 1 << 0,    /* -size bytes */
	BENCH_F_READY = 1 << 1,   /* -ready file */
	BENCH_F_PATH = 1 << 2,    /* -path file: FIFO, socket, mapped file, pid file */
	BENCH_F_NAME = 1 << 3,    /* -name /name: POSIX IPC name */
	BENCH_F_KEY = 1 << 4,     /* -key n: SysV IPC key */
	BENCH_F_PORT = 1 << 5,    /* -port n: loopback port */
	BENCH_F_FD = 1 << 6,      /* -fd n: inherited descriptor */
	BENCH_F_RWFD = 1 << 7,    /* -rfd n -wfd n: inherited descriptors */
	BENCH_F_PID = 1 << 8,     /* -pid n: the other process */
	BENCH_F_SPIN = 1 << 9,    /* -spin polls */
	BENCH_F_GATE = 1 << 10,   /* -gate n: inherited descriptor to wait on */
};

/* What a bench peer was told: numbers in a long[BENCH_NARGS], indexed by
 * enum bench_arg, and names in a const char *[BENCH_NTEXTS], indexed by
 * enum bench_text (NULL when not given). Plain arrays, not a struct: they
 * stay in the C peers and have no Go mirror. */
enum bench_arg {
	BENCH_N,       /* transfers, messages or round trips */
	BENCH_SIZE,    /* bytes of each */
	BENCH_TIMEOUT, /* seconds the whole run may take */
	BENCH_KEY, BENCH_PORT, BENCH_FD, BENCH_RFD, BENCH_WFD, BENCH_PID, BENCH_SPIN, BENCH_GATE,
	BENCH_NARGS,
};
enum bench_text { BENCH_READY, BENCH_PATH, BENCH_NAME, BENCH_NTEXTS };

/* bench_parse reads the command line; a flag not in want is bad usage. size
 * is -size's default; -spin's is -1, for the peer to choose. */
static inline void bench_parse(int argc, char **argv, const char *usage, unsigned want, long size,
			       long a[BENCH_NARGS], const char *t[BENCH_NTEXTS])
{
	static const struct option opts[] = {
		{"n", required_argument, NULL, 'n'},
		{"timeout", required_argument, NULL, 't'},
		{"cpuprofile", required_argument, NULL, 'c'},
		{"size", required_argument, NULL, 's'},
		{"ready", required_argument, NULL, 'r'},
		{"path", required_argument, NULL, 'p'},
		{"name", required_argument, NULL, 'N'},
		{"key", required_argument, NULL, 'k'},
		{"port", required_argument, NULL, 'P'},
		{"fd", required_argument, NULL, 'f'},
		{"rfd", required_argument, NULL, 'R'},
		{"wfd", required_argument, NULL, 'W'},
		{"pid", required_argument, NULL, 'i'},
		{"spin", required_argument, NULL, 'S'},
		{"gate", required_argument, NULL, 'g'},
		{NULL, 0, NULL, 0},
	};
	for (int i = 0; i < BENCH_NARGS; i++)
		a[i] = 0;
	for (int i = 0; i < BENCH_NTEXTS; i++)
		t[i] = NULL;
	a[BENCH_N] = 1;
	a[BENCH_SIZE] = size;
	a[BENCH_TIMEOUT] = 60;
	a[BENCH_FD] = a[BENCH_RFD] = a[BENCH_WFD] = a[BENCH_GATE] = a[BENCH_SPIN] = -1;
	int c;
	unsigned seen = 0;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': a[BENCH_N] = parse_long(optarg, 0, LONG_MAX, usage); break;
		case 't': a[BENCH_TIMEOUT] = parse_long(optarg, 1, 86400, usage); break;
		case 'c': break; /* a Go side's profile: C peers are profiled with perf */
		case 's': seen |= BENCH_F_SIZE; a[BENCH_SIZE] = parse_long(optarg, BENCH_STAMP_SIZE, 1 << 24, usage); break;
		case 'r': seen |= BENCH_F_READY; t[BENCH_READY] = optarg; break;
		case 'p': seen |= BENCH_F_PATH; t[BENCH_PATH] = optarg; break;
		case 'N': seen |= BENCH_F_NAME; t[BENCH_NAME] = optarg; break;
		case 'k': seen |= BENCH_F_KEY; a[BENCH_KEY] = parse_long(optarg, INT32_MIN, INT32_MAX, usage); break;
		case 'P': seen |= BENCH_F_PORT; a[BENCH_PORT] = parse_long(optarg, 0, 65535, usage); break;
		case 'f': seen |= BENCH_F_FD; a[BENCH_FD] = parse_long(optarg, 0, INT_MAX, usage); break;
		case 'R': seen |= BENCH_F_RWFD; a[BENCH_RFD] = parse_long(optarg, 0, INT_MAX, usage); break;
		case 'W': seen |= BENCH_F_RWFD; a[BENCH_WFD] = parse_long(optarg, 0, INT_MAX, usage); break;
		case 'i': seen |= BENCH_F_PID; a[BENCH_PID] = parse_long(optarg, 1, INT_MAX, usage); break;
		case 'S': seen |= BENCH_F_SPIN; a[BENCH_SPIN] = parse_long(optarg, 0, LONG_MAX, usage); break;
		case 'g': seen |= BENCH_F_GATE; a[BENCH_GATE] = parse_long(optarg, 0, INT_MAX, usage); break;
		default: peer_usage(usage);
		}
	}
	if (optind != argc || (seen & ~want) != 0)
		peer_usage(usage);
}

/* bench_on_alarm ends a run that outlived its -timeout. */
static inline void bench_on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "timeout\n";
	ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)ignored;
	_exit(PEER_EXIT_FAIL);
}

/* bench_watchdog bounds the whole run to seconds. */
static inline void bench_watchdog(long seconds)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = bench_on_alarm;
	if (sigemptyset(&sa.sa_mask) != 0 || sigaction(SIGALRM, &sa, NULL) != 0)
		peer_fail("sigaction");
	alarm((unsigned)seconds);
}

/* bench_start is where a peer has set up and its measured part begins: it
 * writes its pid to the -ready file, then, with -gate, waits until the
 * descriptor gate reads end of file (or a byte), so that whoever measures
 * it can leave process start-up out. */
static inline void bench_start(const long a[BENCH_NARGS], const char *const t[BENCH_NTEXTS])
{
	peer_ready(t[BENCH_READY], "%d", (int)getpid());
	if (a[BENCH_GATE] < 0)
		return;
	char c;
	ssize_t r;
	do
		r = read((int)a[BENCH_GATE], &c, 1);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		peer_fail("read");
	if (close((int)a[BENCH_GATE]) != 0)
		peer_fail("close");
}

/* bench_put_stamp stores v little-endian at p. */
static inline void bench_put_stamp(unsigned char *p, uint64_t v)
{
	for (unsigned i = 0; i < BENCH_STAMP_SIZE; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* bench_stamp reads the little-endian word at p. */
static inline uint64_t bench_stamp(const unsigned char *p)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < BENCH_STAMP_SIZE; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* bench_buffer returns size bytes of the fixed pattern. */
static inline unsigned char *bench_buffer(long size)
{
	unsigned char *b = malloc((size_t)size);
	if (b == NULL)
		peer_fail("malloc");
	for (long i = 0; i < size; i++)
		b[i] = (unsigned char)(i * 7 + 1);
	return b;
}

/* bench_check_stamp fails the run when what carries stamp got instead of i. */
static inline void bench_check_stamp(const char *what, long i, uint64_t got)
{
	if (got != (uint64_t)i) {
		fprintf(stderr, "%s %ld: stamp %" PRIu64 "\n", what, i, got);
		exit(PEER_EXIT_FAIL);
	}
}

/* bench_stream_write writes n stamped transfers of size bytes to fd. */
static inline void bench_stream_write(int fd, long n, long size)
{
	unsigned char *buf = bench_buffer(size);
	for (long i = 0; i < n; i++) {
		bench_put_stamp(buf, (uint64_t)i);
		if (write_full(fd, buf, (size_t)size) != 0)
			peer_fail("write");
	}
	free(buf);
	printf("wrote %ld transfers of %ld bytes\n", n, size);
}

/* bench_read_exact reads size bytes, or fails the run. */
static inline void bench_read_exact(int fd, unsigned char *buf, long size)
{
	ssize_t got = read_full(fd, buf, (size_t)size);
	if (got < 0)
		peer_fail("read");
	if (got < size) {
		fprintf(stderr, "read: short read: %zd of %ld bytes\n", got, size);
		exit(PEER_EXIT_FAIL);
	}
}

/* bench_stream_read reads n stamped transfers of size bytes from fd, then
 * end of file. */
static inline void bench_stream_read(int fd, long n, long size)
{
	unsigned char *buf = bench_buffer(size);
	for (long i = 0; i < n; i++) {
		bench_read_exact(fd, buf, size);
		bench_check_stamp("transfer", i, bench_stamp(buf));
	}
	ssize_t extra = read_full(fd, buf, 1);
	if (extra < 0)
		peer_fail("read");
	if (extra != 0) {
		fprintf(stderr, "read: more than %ld transfers\n", n);
		exit(PEER_EXIT_FAIL);
	}
	free(buf);
	printf("read %ld transfers of %ld bytes\n", n, size);
}

/* bench_ping sends n stamped pings of size bytes on wfd, each answered on
 * rfd before the next. */
static inline void bench_ping(int rfd, int wfd, long n, long size)
{
	unsigned char *buf = bench_buffer(size);
	for (long i = 0; i < n; i++) {
		bench_put_stamp(buf, (uint64_t)i);
		if (write_full(wfd, buf, (size_t)size) != 0)
			peer_fail("write");
		bench_read_exact(rfd, buf, size);
		bench_check_stamp("pong", i, bench_stamp(buf));
	}
	free(buf);
	printf("%ld round trips of %ld bytes\n", n, size);
}

/* bench_pong answers n pings of size bytes from rfd on wfd. */
static inline void bench_pong(int rfd, int wfd, long n, long size)
{
	unsigned char *buf = bench_buffer(size);
	for (long i = 0; i < n; i++) {
		bench_read_exact(rfd, buf, size);
		bench_check_stamp("ping", i, bench_stamp(buf));
		if (write_full(wfd, buf, (size_t)size) != 0)
			peer_fail("write");
	}
	free(buf);
	printf("answered %ld pings of %ld bytes\n", n, size);
}

/* bench_credit reads one credit from fd (flags 0 or MSG_DONTWAIT) into
 * *acked; it returns 0, or -1 when none was waiting. */
static inline int bench_credit(int fd, int flags, uint64_t *acked)
{
	unsigned char c[BENCH_STAMP_SIZE];
	for (;;) {
		ssize_t r = recv(fd, c, sizeof c, flags);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && flags != 0)
			return -1;
		if (r < 0)
			peer_fail("recv");
		if (r != (ssize_t)sizeof c) {
			fprintf(stderr, "recv: credit of %zd bytes\n", r);
			exit(PEER_EXIT_FAIL);
		}
		uint64_t v = bench_stamp(c);
		if (v > *acked)
			*acked = v;
		return 0;
	}
}

/* bench_write_message writes size bytes of buf as one datagram. */
static inline void bench_write_message(int fd, const unsigned char *buf, long size)
{
	for (;;) {
		ssize_t w = write(fd, buf, (size_t)size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			peer_fail("write");
		if (w != size) {
			fprintf(stderr, "write: short write: %zd of %ld bytes\n", w, size);
			exit(PEER_EXIT_FAIL);
		}
		return;
	}
}

/* bench_dgram_send sends n stamped messages of size bytes on the connected
 * socket fd, one write each; with credits, it keeps to the UDP window. */
static inline void bench_dgram_send(int fd, long n, long size, int credits)
{
	unsigned char *buf = bench_buffer(size);
	uint64_t acked = 0;
	for (long i = 0; i < n; i++) {
		if (credits && i % BENCH_UDP_CREDIT == 0)
			while (bench_credit(fd, MSG_DONTWAIT, &acked) == 0)
				;
		while (credits && (uint64_t)i - acked >= BENCH_UDP_WINDOW)
			bench_credit(fd, 0, &acked);
		bench_put_stamp(buf, (uint64_t)i);
		bench_write_message(fd, buf, size);
	}
	while (credits && acked < (uint64_t)n)
		bench_credit(fd, 0, &acked);
	free(buf);
	printf("sent %ld messages of %ld bytes\n", n, size);
}

/* bench_dgram_recv receives n stamped messages of size bytes on fd. With
 * credits, fd is unconnected: it connects to the first message's sender
 * and returns credits to it. */
static inline void bench_dgram_recv(int fd, long n, long size, int credits)
{
	unsigned char *buf = bench_buffer(size + 1);
	unsigned char c[BENCH_STAMP_SIZE];
	for (long i = 0; i < n; i++) {
		ssize_t r;
		if (credits && i == 0) {
			struct sockaddr_storage from;
			socklen_t len = sizeof from;
			do
				r = recvfrom(fd, buf, (size_t)size + 1, 0, (struct sockaddr *)&from, &len);
			while (r < 0 && errno == EINTR);
			if (r >= 0 && connect(fd, (struct sockaddr *)&from, len) != 0)
				peer_fail("connect");
		} else {
			do
				r = read(fd, buf, (size_t)size + 1);
			while (r < 0 && errno == EINTR);
		}
		if (r < 0)
			peer_fail("read");
		if (r != size) {
			fprintf(stderr, "read: message %ld of %zd bytes\n", i, r);
			exit(PEER_EXIT_FAIL);
		}
		bench_check_stamp("message", i, bench_stamp(buf));
		if (credits && ((i + 1) % BENCH_UDP_CREDIT == 0 || i + 1 == n)) {
			bench_put_stamp(c, (uint64_t)i + 1);
			bench_write_message(fd, c, sizeof c);
		}
	}
	free(buf);
	printf("received %ld messages of %ld bytes\n", n, size);
}

/* A side of a ring is the segment's address and a uint32_t[2]: its own
 * index (in for the producer, out for the consumer) at BENCH_OWN, and the
 * other side's as last seen at BENCH_SEEN. */
enum bench_side { BENCH_OWN, BENCH_SEEN };

/* bench_ring_capacity is the capacity of a throughput ring of slot-byte
 * slots. */
static inline uint32_t bench_ring_capacity(long slot)
{
	long cap = BENCH_RING_BYTES / slot;
	return (uint32_t)(cap < BENCH_RING_MIN_SLOTS ? BENCH_RING_MIN_SLOTS : cap);
}

/* bench_ring_bytes is the size of a ring's segment. */
static inline size_t bench_ring_bytes(uint32_t cap, long slot)
{
	return sizeof(struct ring_header) + (size_t)cap * (size_t)slot;
}

/* bench_ring_init initialises the ring at base; the magic comes last. */
static inline void bench_ring_init(void *base, uint32_t cap, long slot)
{
	struct ring_header *h = base;
	h->capacity = cap;
	h->item_size = (uint32_t)slot;
	h->futex = 0;
	h->in = 0;
	h->out = 0;
	h->produced = 0;
	h->consumed = 0;
	__atomic_store_n(&h->magic, RING_MAGIC, __ATOMIC_SEQ_CST);
}

/* bench_ring_attach sets side up as a side of the ring at base, whose
 * slots must be slot bytes. */
static inline void bench_ring_attach(void *base, long slot, int producer, uint32_t side[2])
{
	struct ring_header *h = base;
	if (__atomic_load_n(&h->magic, __ATOMIC_SEQ_CST) != RING_MAGIC || h->item_size != (uint32_t)slot || h->capacity < 2) {
		fprintf(stderr, "ring: bad header\n");
		exit(PEER_EXIT_FAIL);
	}
	side[BENCH_OWN] = __atomic_load_n(producer ? &h->in : &h->out, __ATOMIC_SEQ_CST);
	side[BENCH_SEEN] = __atomic_load_n(producer ? &h->out : &h->in, __ATOMIC_SEQ_CST);
}

static inline long bench_futex(uint32_t *word, int op, uint32_t val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

/* bench_ring_wait waits until *idx is no longer seen: spin polls, then
 * the futex. */
static inline void bench_ring_wait(struct ring_header *h, uint32_t *idx, uint32_t seen, long spin)
{
	for (long s = 0; s < spin; s++)
		if (__atomic_load_n(idx, __ATOMIC_ACQUIRE) != seen)
			return;
	for (;;) {
		uint32_t f = __atomic_load_n(&h->futex, __ATOMIC_SEQ_CST);
		if ((f & BENCH_RING_WAITING) == 0) {
			if (!__atomic_compare_exchange_n(&h->futex, &f, f | BENCH_RING_WAITING, 0,
							 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				continue;
			f |= BENCH_RING_WAITING;
		}
		if (__atomic_load_n(idx, __ATOMIC_SEQ_CST) != seen)
			return;
		if (bench_futex(&h->futex, FUTEX_WAIT, f) != 0 && errno != EAGAIN && errno != EINTR)
			peer_fail("futex");
		if (__atomic_load_n(idx, __ATOMIC_ACQUIRE) != seen)
			return;
	}
}

/* bench_ring_publish stores v in *idx and wakes a sleeping other side. */
static inline void bench_ring_publish(struct ring_header *h, uint32_t *idx, uint32_t v)
{
	__atomic_store_n(idx, v, __ATOMIC_SEQ_CST);
	uint32_t old = __atomic_fetch_add(&h->futex, BENCH_RING_STEP, __ATOMIC_SEQ_CST);
	if (old & BENCH_RING_WAITING) {
		__atomic_fetch_and(&h->futex, ~BENCH_RING_WAITING, __ATOMIC_SEQ_CST);
		if (bench_futex(&h->futex, FUTEX_WAKE, INT_MAX) < 0)
			peer_fail("futex");
	}
}

/* bench_ring_put fills up to n slots, from item first on, from src (a
 * slot's worth of pattern), waiting for room; it returns how many. */
static inline long bench_ring_put(void *base, uint32_t side[2], long spin, long first, long n, unsigned char *src)
{
	struct ring_header *h = base;
	unsigned char *slots = (unsigned char *)base + sizeof *h;
	uint32_t in = side[BENCH_OWN], cap = h->capacity, slot = h->item_size;
	uint32_t room = (side[BENCH_SEEN] + cap - in - 1) % cap;
	if (room == 0) {
		side[BENCH_SEEN] = __atomic_load_n(&h->out, __ATOMIC_ACQUIRE);
		room = (side[BENCH_SEEN] + cap - in - 1) % cap;
		if (room == 0) {
			bench_ring_wait(h, &h->out, side[BENCH_SEEN], spin);
			return 0;
		}
	}
	uint32_t batch = cap / 8 ? cap / 8 : 1;
	if (room > batch)
		room = batch;
	if ((long)room > n)
		room = (uint32_t)n;
	for (uint32_t k = 0; k < room; k++) {
		unsigned char *s = slots + (size_t)in * slot;
		uint64_t i = (uint64_t)(first + k);
		if (slot == BENCH_ITEM_SIZE) {
			struct ring_item *it = (struct ring_item *)s;
			it->seq = i + 1;
			it->checksum = (i + 1) ^ BENCH_ITEM_CHECK;
			memcpy(it->payload, src, RING_PAYLOAD_SIZE);
		} else {
			bench_put_stamp(src, i);
			memcpy(s, src, slot);
		}
		in = in + 1 == cap ? 0 : in + 1;
	}
	side[BENCH_OWN] = in;
	bench_ring_publish(h, &h->in, in);
	return room;
}

/* bench_ring_get empties up to n slots, expecting item first on, into dst
 * (a slot's worth), waiting for items; it returns how many. */
static inline long bench_ring_get(void *base, uint32_t side[2], long spin, long first, long n, unsigned char *dst)
{
	struct ring_header *h = base;
	const unsigned char *slots = (const unsigned char *)base + sizeof *h;
	uint32_t out = side[BENCH_OWN], cap = h->capacity, slot = h->item_size;
	uint32_t avail = (side[BENCH_SEEN] + cap - out) % cap;
	if (avail == 0) {
		side[BENCH_SEEN] = __atomic_load_n(&h->in, __ATOMIC_ACQUIRE);
		avail = (side[BENCH_SEEN] + cap - out) % cap;
		if (avail == 0) {
			bench_ring_wait(h, &h->in, side[BENCH_SEEN], spin);
			return 0;
		}
	}
	if ((long)avail > n)
		avail = (uint32_t)n;
	for (uint32_t k = 0; k < avail; k++) {
		const unsigned char *s = slots + (size_t)out * slot;
		long i = first + (long)k;
		memcpy(dst, s, slot);
		if (slot == BENCH_ITEM_SIZE) {
			struct ring_item it;
			memcpy(&it, dst, sizeof it);
			bench_check_stamp("item", i + 1, it.seq);
			if (it.checksum != (it.seq ^ BENCH_ITEM_CHECK)) {
				fprintf(stderr, "item %ld: checksum %" PRIu64 "\n", i + 1, it.checksum);
				exit(PEER_EXIT_FAIL);
			}
		} else {
			bench_check_stamp("transfer", i, bench_stamp(dst));
		}
		out = out + 1 == cap ? 0 : out + 1;
	}
	side[BENCH_OWN] = out;
	bench_ring_publish(h, &h->out, out);
	return avail;
}

/* bench_ring_write_all attaches to the ring at base as its producer and
 * moves n items of size bytes through it. */
static inline void bench_ring_write_all(void *base, long n, long size, long spin)
{
	uint32_t side[2];
	bench_ring_attach(base, size, 1, side);
	unsigned char *src = bench_buffer(size);
	for (long i = 0; i < n;)
		i += bench_ring_put(base, side, spin, i, n - i, src);
	free(src);
	printf("wrote %ld transfers of %ld bytes\n", n, size);
}

/* bench_ring_read_all attaches to the ring at base as its consumer and
 * takes n items of size bytes from it. */
static inline void bench_ring_read_all(void *base, long n, long size, long spin)
{
	uint32_t side[2];
	bench_ring_attach(base, size, 0, side);
	unsigned char *dst = bench_buffer(size);
	for (long i = 0; i < n;)
		i += bench_ring_get(base, side, spin, i, n - i, dst);
	free(dst);
	printf("read %ld transfers of %ld bytes\n", n, size);
}

/* bench_map maps len bytes of fd, shared. */
static inline void *bench_map(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		peer_fail("mmap");
	return p;
}

/* bench_map_size is the size of the file open as fd. */
static inline size_t bench_map_size(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		peer_fail("fstat");
	return (size_t)st.st_size;
}

#endif /* IPCC_BENCH_H */
