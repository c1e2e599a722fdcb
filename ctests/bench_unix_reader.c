/*
 * bench_unix_reader: the server of the Unix stream socket throughput
 * benchmark. It listens on the socket -path, says so in the -ready file,
 * accepts one client, reads -n transfers of -size bytes, checks each
 * one's number, expects end of file, and removes the socket file.
 */
#include "peer.h"
#include "bench.h"

#include <sys/un.h>

#define USAGE "bench_unix_reader -path socket [-n transfers] [-size bytes] [-ready file] [-timeout seconds]"

/* bind_unix returns a socket of type bound to path. */
static int bind_unix(const char *path, int type)
{
	struct sockaddr_un addr;
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof addr.sun_path) {
		errno = ENAMETOOLONG;
		peer_fail("bind");
	}
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	return fd;
}

/* accept_one listens on fd, says ready, and returns the one connection. */
static int accept_one(int fd, const char *ready, const char *path)
{
	if (listen(fd, 1) != 0)
		peer_fail("listen");
	peer_ready(ready, "%s", path);
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
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_PATH | BENCH_F_READY, 4096, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int fd = accept_one(bind_unix(t[BENCH_PATH], SOCK_STREAM), t[BENCH_READY], t[BENCH_PATH]);
	bench_stream_read(fd, a[BENCH_N], a[BENCH_SIZE]);
	if (close(fd) != 0)
		peer_fail("close");
	if (unlink(t[BENCH_PATH]) != 0)
		peer_fail("unlink");
	return 0;
}
