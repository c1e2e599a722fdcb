/*
 * bench_mmap_reader: the consumer of the mapped-file throughput benchmark.
 * It makes the file -path (0600) holding a ring (ring.h, as bench.h uses
 * it) of -size byte slots, maps it shared, says so in the -ready file,
 * takes -n items, checking each, and removes the file.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <sys/mman.h>

#define USAGE "bench_mmap_reader -path file [-n items] [-size bytes] [-spin polls] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_SPIN | BENCH_F_READY, BENCH_ITEM_SIZE, a, t);
	if (t[BENCH_PATH] == NULL || a[BENCH_SIZE] % 8 != 0)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	uint32_t cap = bench_ring_capacity(a[BENCH_SIZE]);
	size_t len = bench_ring_bytes(cap, a[BENCH_SIZE]);
	int fd = open(t[BENCH_PATH], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		peer_fail("open");
	if (ftruncate(fd, (off_t)len) != 0)
		peer_fail("ftruncate");
	void *base = bench_map(fd, len);
	if (close(fd) != 0)
		peer_fail("close");
	bench_ring_init(base, cap, a[BENCH_SIZE]);
	peer_ready(t[BENCH_READY], "%s", t[BENCH_PATH]);
	bench_ring_read_all(base, a[BENCH_N], a[BENCH_SIZE], a[BENCH_SPIN] < 0 ? BENCH_RING_SPIN : a[BENCH_SPIN]);
	if (munmap(base, len) != 0)
		peer_fail("munmap");
	if (unlink(t[BENCH_PATH]) != 0)
		peer_fail("unlink");
	return 0;
}
