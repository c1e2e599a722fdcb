/*
 * bench_shm_server: the answering side of the shared-memory ring
 * round-trip benchmark. It makes the POSIX shared memory object -name
 * (0600) holding two rings of BENCH_PING_SLOTS 64-byte items, says so in
 * the -ready file, takes -n items from the first ring and answers each in
 * the second, sleeping in FUTEX_WAIT until the client wakes it (after
 * -spin polls, 0 by default), and removes the object.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <sys/mman.h>

#define USAGE "bench_shm_server -name /name [-n round trips] [-spin polls] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_NAME | BENCH_F_SPIN | BENCH_F_READY, BENCH_PING_SIZE, a, t);
	if (t[BENCH_NAME] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	size_t len = 2 * BENCH_PING_OFFSET;
	int fd = shm_open(t[BENCH_NAME], O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		peer_fail("shm_open");
	if (ftruncate(fd, (off_t)len) != 0)
		peer_fail("ftruncate");
	unsigned char *base = bench_map(fd, len);
	if (close(fd) != 0)
		peer_fail("close");
	bench_ring_init(base, BENCH_PING_SLOTS, BENCH_ITEM_SIZE);
	bench_ring_init(base + BENCH_PING_OFFSET, BENCH_PING_SLOTS, BENCH_ITEM_SIZE);
	peer_ready(t[BENCH_READY], "%s", t[BENCH_NAME]);
	long spin = a[BENCH_SPIN] < 0 ? 0 : a[BENCH_SPIN];
	unsigned char *pongs = base + BENCH_PING_OFFSET;
	uint32_t ping[2], pong[2];
	bench_ring_attach(base, BENCH_ITEM_SIZE, 0, ping);
	bench_ring_attach(pongs, BENCH_ITEM_SIZE, 1, pong);
	unsigned char *buf = bench_buffer(BENCH_ITEM_SIZE);
	for (long i = 0; i < a[BENCH_N]; i++) {
		while (bench_ring_get(base, ping, spin, i, 1, buf) == 0)
			;
		while (bench_ring_put(pongs, pong, spin, i, 1, buf) == 0)
			;
	}
	free(buf);
	if (munmap(base, len) != 0)
		peer_fail("munmap");
	if (shm_unlink(t[BENCH_NAME]) != 0)
		peer_fail("shm_unlink");
	printf("answered %ld pings of %d bytes\n", a[BENCH_N], BENCH_ITEM_SIZE);
	return 0;
}
