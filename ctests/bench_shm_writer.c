/*
 * bench_shm_writer: the producer of the shared-memory ring throughput
 * benchmark. It opens the POSIX shared memory object -name that the reader
 * made, and moves -n items of -size bytes through its ring (ring.h, as
 * bench.h uses it): 64-byte items are struct ring_item, bigger ones raw
 * stamped bytes.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <sys/mman.h>

#define USAGE "bench_shm_writer -name /name [-n items] [-size bytes] [-spin polls] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_NAME | BENCH_F_SPIN | BENCH_F_READY | BENCH_F_GATE, BENCH_ITEM_SIZE, a, t);
	if (t[BENCH_NAME] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = shm_open(t[BENCH_NAME], O_RDWR, 0);
	if (fd < 0)
		peer_fail("shm_open");
	size_t len = bench_map_size(fd);
	void *base = bench_map(fd, len);
	if (close(fd) != 0)
		peer_fail("close");
	bench_start(a, t);
	bench_ring_write_all(base, a[BENCH_N], a[BENCH_SIZE], a[BENCH_SPIN] < 0 ? BENCH_RING_SPIN : a[BENCH_SPIN]);
	if (munmap(base, len) != 0)
		peer_fail("munmap");
	return 0;
}
