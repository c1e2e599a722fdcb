/*
 * bench_mmap_writer: the producer of the mapped-file throughput benchmark.
 * It maps the file -path that the reader made, shared, and moves -n items
 * of -size bytes through the ring it holds (ring.h, as bench.h uses it).
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <sys/mman.h>

#define USAGE "bench_mmap_writer -path file [-n items] [-size bytes] [-spin polls] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_SPIN | BENCH_F_READY | BENCH_F_GATE, BENCH_ITEM_SIZE, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = open(t[BENCH_PATH], O_RDWR | O_CLOEXEC);
	if (fd < 0)
		peer_fail("open");
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
