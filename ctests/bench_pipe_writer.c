/*
 * bench_pipe_writer: the writing end of the pipe throughput benchmark. It
 * writes -n transfers of -size bytes, each starting with its number, to
 * the pipe it inherits as descriptor -fd, then closes it.
 */
#include "peer.h"
#include "bench.h"

#define USAGE "bench_pipe_writer -fd n [-n transfers] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_FD | BENCH_F_READY | BENCH_F_GATE, 4096, a, t);
	if (a[BENCH_FD] < 0)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	bench_start(a, t);
	bench_stream_write((int)a[BENCH_FD], a[BENCH_N], a[BENCH_SIZE]);
	if (close((int)a[BENCH_FD]) != 0)
		peer_fail("close");
	return 0;
}
