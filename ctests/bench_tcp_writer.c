/*
 * bench_tcp_writer: the client of the TCP loopback throughput benchmark.
 * It connects to 127.0.0.1 -port and writes -n transfers of -size bytes,
 * each starting with its number.
 */
#include "peer.h"
#include "bench.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#define USAGE "bench_tcp_writer -port n [-n transfers] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

/* connect_tcp returns a stream socket connected to the loopback port. */
static int connect_tcp(long port)
{
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("connect");
	return fd;
}

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PORT | BENCH_F_READY | BENCH_F_GATE, 4096, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = connect_tcp(a[BENCH_PORT]);
	bench_start(a, t);
	bench_stream_write(fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
