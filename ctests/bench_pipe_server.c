/*
 * bench_pipe_server: the answering side of the pipe round-trip benchmark.
 * It reads -n pings of -size bytes from the pipe -rfd, checks each one's
 * number, and writes it back to the pipe -wfd.
 */
#include "peer.h"
#include "bench.h"

#define USAGE "bench_pipe_server -rfd n -wfd n [-n round trips] [-size bytes] [-timeout seconds] [-ready file]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_RWFD | BENCH_F_READY, BENCH_PING_SIZE, a, t);
	if (a[BENCH_RFD] < 0 || a[BENCH_WFD] < 0)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	bench_start(a, t);
	bench_pong((int)a[BENCH_RFD], (int)a[BENCH_WFD], a[BENCH_N], a[BENCH_SIZE]);
	if (close((int)a[BENCH_WFD]) != 0 || close((int)a[BENCH_RFD]) != 0)
		peer_fail("close");
	return 0;
}
