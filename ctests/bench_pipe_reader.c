/*
 * bench_pipe_reader: the reading end of the pipe throughput benchmark. It
 * reads -n transfers of -size bytes from the pipe it inherits as
 * descriptor -fd, checks each one's number, then expects end of file.
 */
#include "peer.h"
#include "bench.h"

#define USAGE "bench_pipe_reader -fd n [-n transfers] [-size bytes] [-timeout seconds] [-ready file]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_FD | BENCH_F_READY, 4096, a, t);
	if (a[BENCH_FD] < 0)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	bench_start(a, t);
	bench_stream_read((int)a[BENCH_FD], a[BENCH_N], a[BENCH_SIZE]);
	if (close((int)a[BENCH_FD]) != 0)
		peer_fail("close");
	return 0;
}
