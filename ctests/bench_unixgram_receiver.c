/*
 * bench_unixgram_receiver: the receiver of the Unix datagram socket
 * message rate benchmark. It binds the socket -path, says so in the
 * -ready file, receives -n datagrams of -size bytes, checking each one's
 * number, and removes the socket file.
 */
#include "peer.h"
#include "bench.h"

#include <sys/un.h>

#define USAGE "bench_unixgram_receiver -path socket [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_READY, 100, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	struct sockaddr_un addr;
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	if (strlen(t[BENCH_PATH]) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		peer_fail("bind");
	}
	strcpy(addr.sun_path, t[BENCH_PATH]);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	peer_ready(t[BENCH_READY], "%s", t[BENCH_PATH]);
	bench_dgram_recv(fd, a[BENCH_N], a[BENCH_SIZE], 0);
	if (close(fd) != 0)
		peer_fail("close");
	if (unlink(t[BENCH_PATH]) != 0)
		peer_fail("unlink");
	return 0;
}
