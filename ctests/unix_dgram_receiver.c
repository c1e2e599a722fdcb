/*
 * unix_dgram_receiver: the receiving end of document 002's datagram
 * sockets (socket, bind, recvfrom) in the Unix domain, on a path or in
 * the abstract namespace (-abstract). It receives -n datagrams and prints
 * each one's length (one read per datagram, every byte checked), then one
 * datagram with recvmsg() scattered into three buffers, printing each,
 * then a passed descriptor (SCM_RIGHTS), printing what it reads through it.
 *
 * Made correct: MSG_TRUNC reveals a datagram longer than the buffer
 * instead of cutting it silently, every wait is bounded (a read through
 * the passed descriptor too: the sender chooses what it leads to, a pipe
 * that never has data as well as a file), and the socket path is removed
 * when the receiver is done.
 */
#include "peer.h"
#include "udp.h"
#include "unix_sock.h"

#include <getopt.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/time.h>

#define USAGE "unix_dgram_receiver [-path name] [-abstract] [-n datagrams] [-ready file] [-timeout seconds]"

/* read_passed reads up to len bytes through a passed descriptor, to its
 * end of file, waiting at most timeout seconds before each read: what the
 * descriptor leads to is the peer's choice, a pipe that never has data as
 * well as a file. It returns the bytes read, -1 with errno set, or -2 when
 * nothing came within the timeout. */
static ssize_t read_passed(int fd, char *buf, size_t len, long timeout)
{
	size_t got = 0;
	while (got < len) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int r = poll(&pfd, 1, (int)(timeout * 1000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return -2;
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* receive takes -n datagrams, the scattered one and the descriptor; it
 * returns 0, or -1 after reporting the first fault. */
static int receive(int fd, long count, long timeout)
{
	static unsigned char buf[UNIX_DGRAM_MAX];
	for (long k = 1; k <= count; k++) {
		ssize_t n = recv(fd, buf, sizeof buf, MSG_TRUNC);
		if (n < 0)
			peer_fail("recv");
		if ((size_t)n > sizeof buf) {
			fprintf(stderr, "datagram %ld: %zd bytes, more than %d\n", k, n, UNIX_DGRAM_MAX);
			return -1;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != udp_pattern((uint32_t)n, (uint32_t)i)) {
				fprintf(stderr, "datagram %ld: byte %zd is 0x%02x, want 0x%02x\n",
					k, i, buf[i], udp_pattern((uint32_t)n, (uint32_t)i));
				return -1;
			}
		}
		printf("received %zd bytes\n", n);
	}

	/* Scatter-read: one datagram into three separate buffers. */
	char b0[UNIX_SG_BUF0], b1[UNIX_SG_BUF1], b2[UNIX_SG_BUF2];
	struct iovec iov[3] = {
		{.iov_base = b0, .iov_len = sizeof b0},
		{.iov_base = b1, .iov_len = sizeof b1},
		{.iov_base = b2, .iov_len = sizeof b2},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 3};
	ssize_t n = recvmsg(fd, &msg, 0);
	if (n < 0)
		peer_fail("recvmsg");
	if (msg.msg_flags & MSG_TRUNC) {
		fprintf(stderr, "recvmsg: the datagram is longer than %d bytes\n",
			UNIX_SG_BUF0 + UNIX_SG_BUF1 + UNIX_SG_BUF2);
		return -1;
	}
	static const char want[] = UNIX_SG_PART0 UNIX_SG_PART1 UNIX_SG_PART2;
	printf("scattered %zd bytes into 3 buffers\n", n);
	size_t off = 0;
	for (int i = 0; i < 3; i++) {
		size_t len = (size_t)n - off < iov[i].iov_len ? (size_t)n - off : iov[i].iov_len;
		printf("buffer %d: \"%.*s\"\n", i, (int)len, (char *)iov[i].iov_base);
		if (off + len > sizeof want - 1 || memcmp(iov[i].iov_base, want + off, len) != 0) {
			fprintf(stderr, "recvmsg: buffer %d differs from the datagram sent\n", i);
			return -1;
		}
		off += len;
	}
	if (off != sizeof want - 1) {
		fprintf(stderr, "recvmsg: %zu bytes, want %zu\n", off, sizeof want - 1);
		return -1;
	}

	int passed = unix_recv_fd(fd);
	if (passed == -1)
		peer_fail("recvmsg");
	if (passed == -2) {
		fprintf(stderr, "recvmsg: no descriptor\n");
		return -1;
	}
	char text[UNIX_FILE_MAX];
	n = read_passed(passed, text, sizeof text, timeout);
	if (n == -2) {
		fprintf(stderr, "timeout: no data through the descriptor after %ld s\n", timeout);
		if (close(passed) != 0)
			peer_fail("close");
		return -1;
	}
	if (n < 0)
		peer_fail("read");
	printf("descriptor: %.*s", (int)n, text);
	if (close(passed) != 0)
		peer_fail("close");
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = UNIX_SOCK_PATH, *ready = NULL;
	long count = 1, timeout = 10;
	int abstract = 0;
	static const struct option opts[] = {
		{"path", required_argument, NULL, 'p'},
		{"abstract", no_argument, NULL, 'a'},
		{"n", required_argument, NULL, 'n'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': path = optarg; break;
		case 'a': abstract = 1; break;
		case 'n': count = parse_long(optarg, 0, UNIX_MAX_MESSAGES, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	struct sockaddr_un addr;
	socklen_t alen = unix_addr(&addr, path, abstract);
	if (alen == 0) {
		fprintf(stderr, "name too long: %s\n", path);
		peer_usage(USAGE);
	}

	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	/* The socket file is created 0600 whatever the caller's umask: only
	 * our own uid may connect (secure by default). */
	mode_t old_mask = umask(0177);
	if (bind(fd, (struct sockaddr *)&addr, alen) != 0)
		peer_fail("bind");
	umask(old_mask);
	peer_ready(ready, "%s%s", abstract ? "@" : "", path);

	int status = receive(fd, count, timeout) == 0 ? 0 : PEER_EXIT_FAIL;
	if (close(fd) != 0)
		peer_fail("close");
	if (!abstract && unlink(path) != 0)
		peer_fail("unlink");
	return status;
}
