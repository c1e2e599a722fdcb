/*
 * bench_tcp_client: the pinging side of the TCP loopback round-trip
 * benchmark. It connects to 127.0.0.1 -port, turns Nagle's algorithm off,
 * and sends -n pings of -size bytes, each starting with its number,
 * waiting for each to come back.
 */
#include "peer.h"
#include "bench.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#define USAGE "bench_tcp_client -port n [-n round trips] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

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

/* nodelay sends each ping at once instead of waiting to fill a segment. */
static void nodelay(int fd)
{
	int one = 1;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
		peer_fail("setsockopt");
}

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PORT | BENCH_F_READY | BENCH_F_GATE, BENCH_PING_SIZE, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = connect_tcp(a[BENCH_PORT]);
	nodelay(fd);
	bench_start(a, t);
	bench_ping(fd, fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
