/*
 * bench_unixgram_sender: the sender of the Unix datagram socket message
 * rate benchmark. It connects to the socket -path and sends -n datagrams
 * of -size bytes, each starting with its number; the kernel holds it back
 * while the receiver's queue is full.
 */
#include "peer.h"
#include "bench.h"

#include <sys/un.h>

#define USAGE "bench_unixgram_sender -path socket [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

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
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_READY | BENCH_F_GATE, 100, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = connect_unix(t[BENCH_PATH], SOCK_DGRAM);
	bench_start(a, t);
	bench_dgram_send(fd, a[BENCH_N], a[BENCH_SIZE], 0);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
