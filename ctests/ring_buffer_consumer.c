/*
 * ring_buffer_consumer: the consumer process of document 001's bounded
 * buffer in shared memory. It creates the ring (ring.h: a header with in
 * and out, then capacity slots, BUFFER_SIZE by default, holding at most
 * capacity-1 items) in a POSIX shared memory object, and takes n items out
 * of it in order, checking each one's sequence number, checksum and
 * payload. It prints how many items it consumed and the stream's checksum,
 * and removes the object.
 *
 * Made correct: in and out are atomics with acquire and release order (see
 * ring_buffer.h for the argument), not plain ints a compiler may read once;
 * the busy-wait (-wait spin) yields the processor after a bounded spin,
 * and -wait futex sleeps instead; every wait is bounded by -timeout; the
 * object is created exclusively, 0600 unless -mode says otherwise, and
 * removed on every path once created. -stats prints the rate to stderr.
 */
#include "peer.h"
#include "ring_buffer.h"

#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define USAGE "ring_buffer_consumer [-name name] [-n items] [-capacity slots] [-wait spin|futex] " \
	      "[-mode octal] [-ready file] [-timeout seconds] [-stats]"

static const char *name = RING_BUFFER_NAME;

static void fail_unlinking(const char *call)
{
	peer_error(call);
	if (shm_unlink(name) != 0)
		peer_error("shm_unlink");
	exit(PEER_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	long n = RING_BUFFER_ITEMS, capacity = BUFFER_SIZE, mode = 0600, timeout = 10;
	enum ring_buffer_wait wait = RING_BUFFER_WAIT_SPIN;
	const char *ready = NULL;
	int stats = 0;
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'N'},
		{"n", required_argument, NULL, 'n'},
		{"capacity", required_argument, NULL, 'c'},
		{"wait", required_argument, NULL, 'w'},
		{"mode", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{"stats", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'N': name = optarg; break;
		case 'n': n = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'c': capacity = parse_long(optarg, 2, 1 << 20, USAGE); break;
		case 'w':
			if (strcmp(optarg, "spin") == 0)
				wait = RING_BUFFER_WAIT_SPIN;
			else if (strcmp(optarg, "futex") == 0)
				wait = RING_BUFFER_WAIT_FUTEX;
			else
				peer_usage(USAGE);
			break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		case 's': stats = 1; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	size_t size = RING_SEGMENT_SIZE(capacity);
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, (mode_t)mode);
	if (fd < 0)
		peer_fail("shm_open");
	if (ftruncate(fd, (off_t)size) != 0)
		fail_unlinking("ftruncate");
	char *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		fail_unlinking("mmap");
	struct ring_header *h = (struct ring_header *)mem;
	struct ring_item *buffer = (struct ring_item *)(mem + sizeof *h);
	h->capacity = (uint32_t)capacity;
	h->item_size = RING_ITEM_SIZE;
	/* The rest is zero from ftruncate; the magic, last, says it is ready. */
	__atomic_store_n(&h->magic, RING_MAGIC, __ATOMIC_RELEASE);
	peer_ready(ready, "%s", name);

	struct timespec start;
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		fail_unlinking("clock_gettime");
	uint32_t in = 0, out = 0, cap = (uint32_t)capacity;
	uint64_t sum = FNV64_OFFSET;
	struct ring_item want;
	for (uint64_t seq = 1; seq <= (uint64_t)n; seq++) {
		if (in == out && ring_buffer_wait(h, &h->in, out, wait, timeout, &in) != 0) {
			if (errno == ETIMEDOUT)
				fprintf(stderr, "timeout: no item %" PRIu64 " from the producer after %ld s\n", seq, timeout);
			fail_unlinking("wait");
		}
		/* next_consumed = buffer[out]; */
		struct ring_item next_consumed = buffer[out];
		ring_buffer_fill(&want, seq);
		if (next_consumed.seq != seq) {
			fprintf(stderr, "item: have sequence number %" PRIu64 ", want %" PRIu64 "\n", next_consumed.seq, seq);
			fail_unlinking("check");
		}
		if (ring_buffer_fnv(next_consumed.payload) != next_consumed.checksum ||
		    next_consumed.checksum != want.checksum ||
		    memcmp(next_consumed.payload, want.payload, RING_PAYLOAD_SIZE) != 0) {
			fprintf(stderr, "item %" PRIu64 ": have checksum %016" PRIx64 ", want %016" PRIx64 "\n", seq,
				next_consumed.checksum, want.checksum);
			fail_unlinking("check");
		}
		sum = (sum ^ next_consumed.checksum) * FNV64_PRIME;
		/* A plain store: the producer reads the count only after its
		 * acquire load of the out published below, and mips32 has no
		 * lock-free 64-bit atomics to share between processes. */
		h->consumed = seq;
		/* out = (out + 1) % BUFFER_SIZE; */
		out = (out + 1) % cap;
		if (ring_buffer_publish(h, &h->out, out) != 0)
			fail_unlinking("futex");
	}
	long long ns = ring_buffer_elapsed_ns(&start);
	printf("consumed %ld items\n", n);
	printf("checksum %016" PRIx64 "\n", sum);
	if (fflush(stdout) != 0)
		fail_unlinking("write");
	if (stats)
		fprintf(stderr, "ring_buffer_consumer: %ld items in %.3f s: %.0f items/s\n", n, (double)ns / 1e9,
			ns > 0 ? (double)n * 1e9 / (double)ns : 0.0);
	if (munmap(mem, size) != 0)
		fail_unlinking("munmap");
	if (close(fd) != 0)
		fail_unlinking("close");
	if (shm_unlink(name) != 0)
		peer_fail("shm_unlink");
	return 0;
}
