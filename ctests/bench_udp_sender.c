/*
 * bench_udp_sender: the sender of the UDP message rate benchmark. It sends
 * -n datagrams of -size bytes, each starting with its number, to 127.0.0.1
 * -port, keeping to the receiver's credit window (bench.h), and ends once
 * the last credit has come back.
 */
#include "peer.h"
#include "bench.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#define USAGE "bench_udp_sender -port n [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PORT | BENCH_F_READY | BENCH_F_GATE, 100, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)a[BENCH_PORT]);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("connect");
	bench_start(a, t);
	bench_dgram_send(fd, a[BENCH_N], a[BENCH_SIZE], 1);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
