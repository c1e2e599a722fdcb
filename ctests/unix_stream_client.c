/*
 * unix_stream_client: the active end of document 002's stream sockets
 * (socket, connect, send, recv) in the Unix domain, on a path or in the
 * abstract namespace (-abstract). It sends a length-prefixed frame
 * (framing.h) for each size of -sizes and an end frame, printing what it
 * sent, then passes the server an open descriptor (SCM_RIGHTS) and
 * prints what it reads through the descriptor the server passes back.
 *
 * Made correct: every header field in network byte order, every write
 * resumed until whole, the file behind the passed descriptor unlinked
 * first, so that its content can only come through the descriptor, and a
 * read through the server's descriptor bounded by -timeout (the server
 * chooses what it leads to: a pipe that never has data, too).
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
#include <sys/time.h>

#define USAGE "unix_stream_client [-path name] [-abstract] [-sizes n,n,...] [-file name] [-timeout seconds]"
#define DEFAULT_SIZES "0,1,5,100,1000,65536"

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

/* parse_sizes splits a comma-separated list of payload lengths. */
static size_t parse_sizes(const char *s, uint32_t *sizes, size_t max)
{
	size_t n = 0;
	char *copy = strdup(s), *save = NULL;
	if (copy == NULL)
		peer_fail("strdup");
	for (char *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (n == max) {
			fprintf(stderr, "more than %zu sizes\n", max);
			peer_usage(USAGE);
		}
		sizes[n++] = (uint32_t)parse_long(tok, 0, FRAME_MAX_PAYLOAD, USAGE);
	}
	free(copy);
	return n;
}

/* send_frame writes one frame: its header, in network byte order, and
 * its payload. */
static void send_frame(int fd, size_t k, uint16_t type, uint32_t len)
{
	static unsigned char buf[FRAME_HEADER_SIZE + FRAME_MAX_PAYLOAD];
	struct frame_header h = {.length = htonl(len), .type = htons(type), .flags = htons(0)};
	memcpy(buf, &h, sizeof h);
	for (uint32_t i = 0; i < len; i++)
		buf[sizeof h + i] = frame_pattern(len, i);
	if (write_full(fd, buf, sizeof h + len) != 0)
		peer_fail("write");
	if (type == FRAME_TYPE_DATA)
		printf("frame %zu: type %u length %" PRIu32 " checksum 0x%08" PRIx32 "\n",
		       k, (unsigned)type, len, frame_checksum(buf + sizeof h, len));
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
	const char *path = UNIX_SOCK_PATH, *file = "client.txt", *sizelist = DEFAULT_SIZES;
	long timeout = 10;
	int abstract = 0;
	static const struct option opts[] = {
		{"path", required_argument, NULL, 'p'},
		{"abstract", no_argument, NULL, 'a'},
		{"sizes", required_argument, NULL, 's'},
		{"file", required_argument, NULL, 'f'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': path = optarg; break;
		case 'a': abstract = 1; break;
		case 's': sizelist = optarg; break;
		case 'f': file = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	uint32_t sizes[UNIX_MAX_MESSAGES];
	size_t count = parse_sizes(sizelist, sizes, UNIX_MAX_MESSAGES);
	struct sockaddr_un addr;
	socklen_t alen = unix_addr(&addr, path, abstract);
	if (alen == 0) {
		fprintf(stderr, "name too long: %s\n", path);
		peer_usage(USAGE);
	}
	/* A server that has gone away is reported as write: EPIPE. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connect(fd, (struct sockaddr *)&addr, alen) != 0)
		peer_fail("connect");

	unsigned long long total = 0;
	for (size_t k = 0; k < count; k++) {
		send_frame(fd, k + 1, FRAME_TYPE_DATA, sizes[k]);
		total += sizes[k];
	}
	send_frame(fd, count + 1, FRAME_TYPE_END, 0);
	printf("end: %zu frames, %llu payload bytes\n", count, total);

	int mine = open_unlinked(file, UNIX_CLIENT_TEXT);
	if (unix_send_fd(fd, mine) != 0)
		peer_fail("sendmsg");
	if (close(mine) != 0)
		peer_fail("close");

	int passed = unix_recv_fd(fd);
	if (passed == -1)
		peer_fail("recvmsg");
	if (passed == -2) {
		fprintf(stderr, "recvmsg: no descriptor\n");
		return PEER_EXIT_FAIL;
	}
	char buf[UNIX_FILE_MAX];
	ssize_t n = read_passed(passed, buf, sizeof buf, timeout);
	if (n == -2) {
		fprintf(stderr, "timeout: no data through the descriptor after %ld s\n", timeout);
		return PEER_EXIT_FAIL;
	}
	if (n < 0)
		peer_fail("read");
	printf("descriptor: %.*s", (int)n, buf);
	if (close(passed) != 0)
		peer_fail("close");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
