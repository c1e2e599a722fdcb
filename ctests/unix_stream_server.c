/*
 * unix_stream_server: the passive end of document 002's stream sockets
 * (socket, bind, listen, accept, recv, send) in the Unix domain of
 * documents 002 and 003, on a path or in the abstract namespace
 * (-abstract). It serves one client: it reads length-prefixed frames
 * (framing.h) until the end frame, printing each, then receives an open
 * descriptor (SCM_RIGHTS) and prints what it reads through it, and passes
 * the client a descriptor of its own.
 *
 * Made correct: a stream keeps no message boundaries, so every header and
 * payload is read whole and lengths are bounded; the descriptor's file is
 * unlinked before it is passed, so its content can only come through the
 * descriptor; a read through a passed descriptor waits at most -timeout
 * (the client chooses what it leads to: a pipe that never has data, too);
 * a client gone before the server passes its descriptor is an EPIPE, not
 * a SIGPIPE; the socket path is removed when the server is done.
 */
#include "peer.h"
#include "tcp_framing.h"
#include "unix_sock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/time.h>

#define USAGE "unix_stream_server [-path name] [-abstract] [-file name] [-ready file] [-timeout seconds]"

/* read_frames reads and prints frames until FRAME_TYPE_END; it returns 0,
 * or -1 after reporting the first fault. */
static int read_frames(int fd)
{
	static unsigned char payload[FRAME_MAX_PAYLOAD];
	unsigned long long total = 0;
	for (unsigned long k = 1;; k++) {
		struct frame_header h;
		ssize_t n = read_full(fd, &h, sizeof h);
		if (n < 0) {
			peer_error("read");
			return -1;
		}
		if ((size_t)n < sizeof h) {
			fprintf(stderr, "frame %lu: end of stream after %zd of %d header bytes\n", k, n, FRAME_HEADER_SIZE);
			return -1;
		}
		uint32_t len = ntohl(h.length);
		uint16_t type = ntohs(h.type);
		if (len > FRAME_MAX_PAYLOAD) {
			fprintf(stderr, "frame %lu: length %" PRIu32 " exceeds the maximum %d\n", k, len, FRAME_MAX_PAYLOAD);
			return -1;
		}
		if (type == FRAME_TYPE_END && len == 0) {
			printf("end: %lu frames, %llu payload bytes\n", k - 1, total);
			return 0;
		}
		if (type != FRAME_TYPE_DATA) {
			fprintf(stderr, "frame %lu: unknown type %u\n", k, (unsigned)type);
			return -1;
		}
		n = read_full(fd, payload, len);
		if (n < 0) {
			peer_error("read");
			return -1;
		}
		if ((size_t)n < len) {
			fprintf(stderr, "frame %lu: end of stream after %zd of %" PRIu32 " payload bytes\n", k, n, len);
			return -1;
		}
		for (uint32_t i = 0; i < len; i++) {
			if (payload[i] != frame_pattern(len, i)) {
				fprintf(stderr, "frame %lu: payload byte %" PRIu32 " is 0x%02x, want 0x%02x\n",
					k, i, payload[i], frame_pattern(len, i));
				return -1;
			}
		}
		printf("frame %lu: type %u length %" PRIu32 " checksum 0x%08" PRIx32 "\n",
		       k, (unsigned)type, len, frame_checksum(payload, len));
		total += len;
	}
}

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

/* print_fd prints what fd (a passed descriptor) reads. */
static int print_fd(int fd, long timeout)
{
	char buf[UNIX_FILE_MAX];
	ssize_t n = read_passed(fd, buf, sizeof buf, timeout);
	if (n == -2) {
		fprintf(stderr, "timeout: no data through the descriptor after %ld s\n", timeout);
		return -1;
	}
	if (n < 0) {
		peer_error("read");
		return -1;
	}
	printf("descriptor: %.*s", (int)n, buf);
	return 0;
}

/* open_unlinked writes text to a new file name, opens it for reading and
 * removes the name: the descriptor is then the only way to the content. */
static int open_unlinked(const char *name, const char *text)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		peer_fail("open");
	if (write_full(fd, text, strlen(text)) != 0)
		peer_fail("write");
	if (close(fd) != 0)
		peer_fail("close");
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		peer_fail("open");
	if (unlink(name) != 0)
		peer_fail("unlink");
	return fd;
}

int main(int argc, char **argv)
{
	const char *path = UNIX_SOCK_PATH, *file = "server.txt", *ready = NULL;
	long timeout = 10;
	int abstract = 0;
	static const struct option opts[] = {
		{"path", required_argument, NULL, 'p'},
		{"abstract", no_argument, NULL, 'a'},
		{"file", required_argument, NULL, 'f'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': path = optarg; break;
		case 'a': abstract = 1; break;
		case 'f': file = optarg; break;
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
	/* A client gone before the server passes its descriptor is reported
	 * as sendmsg: EPIPE, as the Go side reports it, rather than killing
	 * the server. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		peer_fail("socket");
	/* SO_RCVTIMEO bounds accept() as well as read(). */
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	/* The socket file is created 0600 whatever the caller's umask: only
	 * our own uid may connect (secure by default). */
	mode_t old_mask = umask(0177);
	if (bind(lfd, (struct sockaddr *)&addr, alen) != 0)
		peer_fail("bind");
	umask(old_mask);
	if (listen(lfd, UNIX_SOCK_BACKLOG) != 0)
		peer_fail("listen");
	peer_ready(ready, "%s%s", abstract ? "@" : "", path);

	int fd;
	while ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
		if (errno != EINTR && errno != ECONNABORTED)
			peer_fail("accept");
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	int status = 0;
	if (read_frames(fd) != 0) {
		status = PEER_EXIT_FAIL;
		goto out;
	}
	int passed = unix_recv_fd(fd);
	if (passed == -1)
		peer_fail("recvmsg");
	if (passed == -2) {
		fprintf(stderr, "recvmsg: no descriptor\n");
		status = PEER_EXIT_FAIL;
		goto out;
	}
	if (print_fd(passed, timeout) != 0)
		status = PEER_EXIT_FAIL;
	if (close(passed) != 0)
		peer_fail("close");
	if (status != 0)
		goto out;

	int mine = open_unlinked(file, UNIX_SERVER_TEXT);
	if (unix_send_fd(fd, mine) != 0)
		peer_fail("sendmsg");
	if (close(mine) != 0)
		peer_fail("close");
	/* Wait for the client to close, so that it has the descriptor before
	 * the server's end goes away. */
	char rest;
	ssize_t n = read(fd, &rest, 1);
	if (n < 0)
		peer_fail("read");
	if (n > 0) {
		fprintf(stderr, "read: unexpected data after the descriptor\n");
		status = PEER_EXIT_FAIL;
	}
out:
	if (close(fd) != 0)
		peer_fail("close");
	if (close(lfd) != 0)
		peer_fail("close");
	if (!abstract && unlink(path) != 0)
		peer_fail("unlink");
	return status;
}
