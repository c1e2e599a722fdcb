/*
 * bench_fifo_reader: the reading end of the FIFO throughput benchmark. It
 * makes the FIFO -path (0600), says so in the -ready file, reads -n
 * transfers of -size bytes, checks each one's number, expects end of
 * file, and removes the FIFO.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <sys/stat.h>

#define USAGE "bench_fifo_reader -path fifo [-n transfers] [-size bytes] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_READY, 4096, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	if (mkfifo(t[BENCH_PATH], 0600) != 0)
		peer_fail("mkfifo");
	peer_ready(t[BENCH_READY], "%s", t[BENCH_PATH]);
	int fd = open(t[BENCH_PATH], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		peer_fail("open");
	bench_stream_read(fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	if (unlink(t[BENCH_PATH]) != 0)
		peer_fail("unlink");
	return 0;
}
