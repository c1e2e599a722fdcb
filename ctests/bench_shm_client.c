/*
 * bench_shm_client: the pinging side of the shared-memory ring round-trip
 * benchmark. It opens the POSIX shared memory object -name that the server
 * made, puts -n 64-byte items in the first ring, and takes each one's
 * answer from the second, sleeping in FUTEX_WAIT until the server wakes
 * it (after -spin polls, 0 by default).
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <sys/mman.h>

#define USAGE "bench_shm_client -name /name [-n round trips] [-spin polls] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_NAME | BENCH_F_SPIN | BENCH_F_READY | BENCH_F_GATE, BENCH_PING_SIZE, a, t);
	if (t[BENCH_NAME] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = shm_open(t[BENCH_NAME], O_RDWR, 0);
	if (fd < 0)
		peer_fail("shm_open");
	size_t len = bench_map_size(fd);
	unsigned char *base = bench_map(fd, len);
	if (close(fd) != 0)
		peer_fail("close");
	long spin = a[BENCH_SPIN] < 0 ? 0 : a[BENCH_SPIN];
	unsigned char *pongs = base + BENCH_PING_OFFSET;
	uint32_t ping[2], pong[2];
	bench_ring_attach(base, BENCH_ITEM_SIZE, 1, ping);
	bench_ring_attach(pongs, BENCH_ITEM_SIZE, 0, pong);
	unsigned char *buf = bench_buffer(BENCH_ITEM_SIZE);
	bench_start(a, t);
	for (long i = 0; i < a[BENCH_N]; i++) {
		while (bench_ring_put(base, ping, spin, i, 1, buf) == 0)
			;
		while (bench_ring_get(pongs, pong, spin, i, 1, buf) == 0)
			;
	}
	free(buf);
	if (munmap(base, len) != 0)
		peer_fail("munmap");
	printf("%ld round trips of %d bytes\n", a[BENCH_N], BENCH_ITEM_SIZE);
	return 0;
}
