/*
 * tcp_fixed_server: the iterative stream socket server of document 002.
 * It serves clients one after another: from each it reads exactly
 * CLIENT_BYTES bytes, prints them, and replies SERVER_BYTES bytes.
 *
 * Made correct: it binds loopback unless told otherwise, reports its port
 * (port 0 picks a free one) in a ready file, reads in a loop because TCP
 * may deliver the request in pieces, bounds every client with a timeout,
 * and survives a client that goes away (SIGPIPE ignored, EPIPE reported).
 */
#include "peer.h"
#include "tcp_fixed.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "tcp_fixed_server [-bind addr] [-port n] [-n clients] [-ready file] [-timeout seconds]"

/* serve handles one client; it returns 0, or -1 after reporting why. */
static int serve(int fd)
{
	char buf[CLIENT_BYTES];
	ssize_t n = read_full(fd, buf, sizeof buf);
	if (n < 0) {
		peer_error("read");
		return -1;
	}
	if ((size_t)n < sizeof buf) {
		fprintf(stderr, "read: short read: %zd of %d bytes\n", n, CLIENT_BYTES);
		return -1;
	}
	printf("client sent %.*s\n", (int)strnlen(buf, sizeof buf), buf);
	printf("server sending %s\n", SERVER_STR);
	fflush(stdout);
	if (write_full(fd, SERVER_STR, SERVER_BYTES) != 0) {
		peer_error("write");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL;
	long port = TCP_FIXED_PORT, nclients = 0, timeout = 10;
	static const struct option opts[] = {
		{"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},
		{"n", required_argument, NULL, 'n'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': bind_addr = optarg; break;
		case 'p': port = parse_long(optarg, 0, 65535, USAGE); break;
		case 'n': nclients = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &addr.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", bind_addr);
		peer_usage(USAGE);
	}
	/* A client that disconnects early must cost one client, not the server. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	int serverfd = socket(AF_INET, SOCK_STREAM, 0);
	if (serverfd < 0)
		peer_fail("socket");
	int one = 1;
	if (setsockopt(serverfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		peer_fail("setsockopt");
	if (bind(serverfd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	if (listen(serverfd, TCP_FIXED_BACKLOG) != 0)
		peer_fail("listen");
	socklen_t len = sizeof addr;
	if (getsockname(serverfd, (struct sockaddr *)&addr, &len) != 0)
		peer_fail("getsockname");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));

	struct timeval tv = {.tv_sec = timeout};
	int failures = 0;
	for (long served = 0; nclients == 0 || served < nclients; served++) {
		struct sockaddr_in client;
		socklen_t clen = sizeof client;
		int fd = accept(serverfd, (struct sockaddr *)&client, &clen);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED) {
				served--;
				continue;
			}
			peer_fail("accept");
		}
		if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
		    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
			peer_fail("setsockopt");
		if (serve(fd) != 0)
			failures++;
		if (close(fd) != 0)
			peer_fail("close");
	}
	if (close(serverfd) != 0)
		peer_fail("close");
	return failures ? PEER_EXIT_FAIL : 0;
}
