/*
 * bench_unix_client: the pinging side of the Unix stream socket round-trip
 * benchmark. It connects to the socket -path and sends -n pings of -size
 * bytes, each starting with its number, waiting for each to come back.
 */
#include "peer.h"
#include "bench.h"

#include <sys/un.h>

#define USAGE "bench_unix_client -path socket [-n round trips] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

/* connect_unix returns a socket of type connected to path. */
static int connect_unix(const char *path, int type)
{
	struct sockaddr_un addr;
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		peer_fail("connect");
	}
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
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
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_READY | BENCH_F_GATE, BENCH_PING_SIZE, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = connect_unix(t[BENCH_PATH], SOCK_STREAM);
	bench_start(a, t);
	bench_ping(fd, fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
