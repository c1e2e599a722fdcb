/*
 * bench_fifo_writer: the writing end of the FIFO throughput benchmark. It
 * opens the FIFO -path, which the reader made, and writes -n transfers of
 * -size bytes, each starting with its number.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>

#define USAGE "bench_fifo_writer -path fifo [-n transfers] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_READY | BENCH_F_GATE, 4096, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = open(t[BENCH_PATH], O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		peer_fail("open");
	bench_start(a, t);
	bench_stream_write(fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
