/*
 * ring_buffer_producer: the producer process of document 001's bounded
 * buffer in shared memory. It maps the ring the consumer created (ring.h,
 * in a POSIX shared memory object), puts n items into it in order, waits
 * until the consumer has taken the last one, checks the consumer's count,
 * and prints how many items it produced and the stream's checksum.
 *
 * Made correct: the ring's magic, slot size and capacity are checked
 * before use (the size in 64 bits, which no capacity wraps), and so are
 * in and out, which index its slots; in and out are atomics with acquire and release order (see
 * ring_buffer.h for the argument); the busy-wait (-wait spin) yields the
 * processor after a bounded spin, and -wait futex sleeps instead; every
 * wait is bounded by -timeout. -stats prints the rate to stderr.
 */
#include "peer.h"
#include "ring_buffer.h"

#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define USAGE "ring_buffer_producer [-name name] [-n items] [-wait spin|futex] [-timeout seconds] [-stats]"

int main(int argc, char **argv)
{
	const char *name = RING_BUFFER_NAME;
	long n = RING_BUFFER_ITEMS, timeout = 10;
	enum ring_buffer_wait wait = RING_BUFFER_WAIT_SPIN;
	int stats = 0;
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'N'},
		{"n", required_argument, NULL, 'n'},
		{"wait", required_argument, NULL, 'w'},
		{"timeout", required_argument, NULL, 't'},
		{"stats", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': name = optarg; break;
		case 'n': n = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'w':
			if (strcmp(optarg, "spin") == 0)
				wait = RING_BUFFER_WAIT_SPIN;
			else if (strcmp(optarg, "futex") == 0)
				wait = RING_BUFFER_WAIT_FUTEX;
			else
				peer_usage(USAGE);
			break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		case 's': stats = 1; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	int fd = shm_open(name, O_RDWR, 0);
	if (fd < 0)
		peer_fail("shm_open");
	struct stat st;
	if (fstat(fd, &st) != 0)
		peer_fail("fstat");
	if ((uint64_t)st.st_size < sizeof(struct ring_header)) {
		fprintf(stderr, "ring: %jd bytes, too small for its header\n", (intmax_t)st.st_size);
		return PEER_EXIT_FAIL;
	}
	size_t size = (size_t)st.st_size;
	char *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		peer_fail("mmap");
	struct ring_header *h = (struct ring_header *)mem;
	struct ring_item *buffer = (struct ring_item *)(mem + sizeof *h);
	uint32_t magic = __atomic_load_n(&h->magic, __ATOMIC_ACQUIRE);
	/* The size in 64 bits: on a 32-bit machine RING_SEGMENT_SIZE of a
	 * hostile capacity wraps around to a plausible size. */
	if (magic != RING_MAGIC || h->item_size != RING_ITEM_SIZE || h->capacity < 2 ||
	    (uint64_t)size != sizeof *h + (uint64_t)h->capacity * RING_ITEM_SIZE) {
		fprintf(stderr, "ring: magic 0x%08" PRIx32 ", item size %" PRIu32 ", capacity %" PRIu32 ", %zu bytes: not a ring\n",
			magic, h->item_size, h->capacity, size);
		return PEER_EXIT_FAIL;
	}
	uint32_t cap = h->capacity;

	struct timespec start;
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		peer_fail("clock_gettime");
	uint32_t in = __atomic_load_n(&h->in, __ATOMIC_ACQUIRE), out = __atomic_load_n(&h->out, __ATOMIC_ACQUIRE);
	/* in indexes the slot written next: one past the ring is a write past
	 * the segment. */
	if (in >= cap || out >= cap) {
		fprintf(stderr, "ring: in %" PRIu32 ", out %" PRIu32 ", capacity %" PRIu32 ": index out of range\n", in, out, cap);
		return PEER_EXIT_FAIL;
	}
	uint64_t sum = FNV64_OFFSET;
	for (uint64_t seq = 1; seq <= (uint64_t)n; seq++) {
		/* while (((in + 1) % BUFFER_SIZE) == out) ; */
		uint32_t next = (in + 1) % cap;
		if (next == out && ring_buffer_wait(h, &h->out, next, wait, timeout, &out) != 0) {
			if (errno == ETIMEDOUT)
				fprintf(stderr, "timeout: no free slot for item %" PRIu64 " after %ld s\n", seq, timeout);
			peer_fail("wait");
		}
		/* buffer[in] = next_produced; */
		ring_buffer_fill(&buffer[in], seq);
		sum = (sum ^ buffer[in].checksum) * FNV64_PRIME;
		/* Plain, like consumed (see the consumer): published by in. */
		h->produced = seq;
		/* in = (in + 1) % BUFFER_SIZE; */
		in = next;
		if (ring_buffer_publish(h, &h->in, in) != 0)
			peer_fail("futex");
	}
	/* The consumer has taken everything when out catches up with in. */
	while (out != in) {
		if (ring_buffer_wait(h, &h->out, out, wait, timeout, &out) != 0) {
			if (errno == ETIMEDOUT)
				fprintf(stderr, "timeout: the consumer left the ring unemptied after %ld s\n", timeout);
			peer_fail("wait");
		}
	}
	long long ns = ring_buffer_elapsed_ns(&start);
	/* The consumer's last store of consumed came before its last out. */
	uint64_t consumed = h->consumed;
	if (consumed != (uint64_t)n) {
		fprintf(stderr, "consumed: have %" PRIu64 ", want %ld\n", consumed, n);
		return PEER_EXIT_FAIL;
	}
	printf("produced %ld items\n", n);
	printf("checksum %016" PRIx64 "\n", sum);
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (stats)
		fprintf(stderr, "ring_buffer_producer: %ld items in %.3f s: %.0f items/s\n", n, (double)ns / 1e9,
			ns > 0 ? (double)n * 1e9 / (double)ns : 0.0);
	if (munmap(mem, size) != 0)
		peer_fail("munmap");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
