/*
 * bench_udp_receiver: the receiver of the UDP message rate benchmark. It
 * binds 127.0.0.1 -port (0: any free one, written to the -ready file),
 * receives -n datagrams of -size bytes, checking each one's number, and
 * returns credits to the sender (bench.h).
 */
#include "peer.h"
#include "bench.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#define USAGE "bench_udp_receiver [-port n] [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PORT | BENCH_F_READY, 100, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)a[BENCH_PORT]);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	int rcvbuf = BENCH_UDP_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) != 0)
		peer_fail("setsockopt");
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	socklen_t len = sizeof addr;
	if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
		peer_fail("getsockname");
	peer_ready(t[BENCH_READY], "%u", (unsigned)ntohs(addr.sin_port));
	bench_dgram_recv(fd, a[BENCH_N], a[BENCH_SIZE], 1);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
