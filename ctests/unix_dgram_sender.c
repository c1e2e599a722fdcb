/*
 * unix_dgram_sender: the sending end of document 002's datagram sockets
 * in the Unix domain, on a path or in the abstract namespace (-abstract).
 * It sends a datagram of each length of -sizes, then one datagram
 * gathered by sendmsg() from three separate buffers (document 000's
 * "gather-write"), then an open descriptor (SCM_RIGHTS).
 *
 * Made correct: the socket is connect()ed to the receiver once, so send()
 * and sendmsg() need no address; a Unix datagram socket does not drop
 * datagrams but blocks the sender while the receiver's queue is full, so
 * nothing is lost and the send timeout bounds the wait; the file behind
 * the descriptor is unlinked before it is passed.
 */
#include "peer.h"
#include "udp.h"
#include "unix_sock.h"

#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sys/time.h>

#define USAGE "unix_dgram_sender [-path name] [-abstract] [-sizes n,n,...] [-file name] [-timeout seconds]"
#define DEFAULT_SIZES "0,1,100,1000,65536"

/* parse_sizes splits a comma-separated list of datagram lengths. */
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
		sizes[n++] = (uint32_t)parse_long(tok, 0, UNIX_DGRAM_MAX, USAGE);
	}
	free(copy);
	return n;
}

int main(int argc, char **argv)
{
	const char *path = UNIX_SOCK_PATH, *file = "sender.txt", *sizelist = DEFAULT_SIZES;
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

	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connect(fd, (struct sockaddr *)&addr, alen) != 0)
		peer_fail("connect");

	static unsigned char buf[UNIX_DGRAM_MAX];
	for (size_t k = 0; k < count; k++) {
		uint32_t n = sizes[k];
		for (uint32_t i = 0; i < n; i++)
			buf[i] = udp_pattern(n, i);
		ssize_t sent = send(fd, buf, n, 0);
		if (sent < 0)
			peer_fail("send");
		if ((size_t)sent != n) {
			fprintf(stderr, "datagram %zu: sent %zd of %" PRIu32 " bytes\n", k + 1, sent, n);
			return PEER_EXIT_FAIL;
		}
		printf("sent %" PRIu32 " bytes\n", n);
	}

	/* Gather-write: three separate buffers, one datagram. */
	char p0[] = UNIX_SG_PART0, p1[] = UNIX_SG_PART1, p2[] = UNIX_SG_PART2;
	struct iovec iov[3] = {
		{.iov_base = p0, .iov_len = sizeof p0 - 1},
		{.iov_base = p1, .iov_len = sizeof p1 - 1},
		{.iov_base = p2, .iov_len = sizeof p2 - 1},
	};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 3};
	ssize_t sent = sendmsg(fd, &msg, 0);
	if (sent < 0)
		peer_fail("sendmsg");
	printf("gathered %zd bytes from 3 buffers\n", sent);

	int mine = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (mine < 0)
		peer_fail("open");
	if (write_full(mine, UNIX_SENDER_TEXT, strlen(UNIX_SENDER_TEXT)) != 0)
		peer_fail("write");
	if (close(mine) != 0)
		peer_fail("close");
	if ((mine = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		peer_fail("open");
	if (unlink(file) != 0)
		peer_fail("unlink");
	if (unix_send_fd(fd, mine) != 0)
		peer_fail("sendmsg");
	printf("passed a descriptor\n");
	if (close(mine) != 0)
		peer_fail("close");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
