/*
 * bench_tcp_reader: the server of the TCP loopback throughput benchmark.
 * It listens on 127.0.0.1 -port (0: any free one, written to the -ready
 * file), accepts one client, reads -n transfers of -size bytes, checks
 * each one's number, and expects end of file.
 */
#include "peer.h"
#include "bench.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#define USAGE "bench_tcp_reader [-port n] [-n transfers] [-size bytes] [-ready file] [-timeout seconds]"

/* accept_tcp listens on the loopback port (0: any free one), writes the
 * port to the ready file, and returns the one connection. */
static int accept_tcp(long port, const char *ready)
{
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		peer_fail("setsockopt");
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	if (listen(fd, 1) != 0)
		peer_fail("listen");
	socklen_t len = sizeof addr;
	if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
		peer_fail("getsockname");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));
	int c;
	do
		c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	while (c < 0 && (errno == EINTR || errno == ECONNABORTED));
	if (c < 0)
		peer_fail("accept");
	if (close(fd) != 0)
		peer_fail("close");
	return c;
}

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PORT | BENCH_F_READY, 4096, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = accept_tcp(a[BENCH_PORT], t[BENCH_READY]);
	bench_stream_read(fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
