/*
 * capitalize_server: document 001's Python TCPServer in C. It serves
 * clients one after another: from each it takes a sentence, what one read
 * of up to CAPITALIZE_MAX bytes returns (the document's recv(1024)), so a
 * client that keeps its side open gets its answer as one that shuts it
 * down does; it replies the sentence with its ASCII letters in upper case,
 * then closes the connection.
 *
 * Made correct: one recv(1024) may return part of a sentence that TCP
 * split, so with -to-eof the server reads until the client shuts down its
 * sending side (and refuses a sentence longer than CAPITALIZE_MAX); only ASCII letters
 * change, as Python's bytes.upper() does, so every byte the client sent
 * comes back in its place; the reply is written whole; it binds loopback
 * unless told otherwise, reports its port in a ready file, and bounds each
 * client with a timeout.
 */
#include "peer.h"
#include "capitalize.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "capitalize_server [-bind addr] [-port n] [-n clients] [-to-eof] [-ready file] [-timeout seconds]"

/* read_once is one read(2), retried only when a signal interrupted it. */
static ssize_t read_once(int fd, void *buf, size_t len)
{
	ssize_t n;
	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* serve handles one client; it returns 0, or -1 after reporting why. */
static int serve(int fd, int to_eof)
{
	/* One byte more than a sentence may hold tells one that is too long. */
	char buf[CAPITALIZE_MAX + 1];
	ssize_t n = to_eof ? read_full(fd, buf, sizeof buf) : read_once(fd, buf, CAPITALIZE_MAX);
	if (n < 0) {
		peer_error("read");
		return -1;
	}
	if (n > CAPITALIZE_MAX) {
		fprintf(stderr, "read: sentence longer than %d bytes\n", CAPITALIZE_MAX);
		return -1;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
	}
	if (write_full(fd, buf, (size_t)n) != 0) {
		peer_error("write");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL;
	long port = CAPITALIZE_PORT, nclients = 0, timeout = 10;
	int to_eof = 0;
	static const struct option opts[] = {
		{"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},
		{"n", required_argument, NULL, 'n'},
		{"to-eof", no_argument, NULL, 'e'},
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
		case 'e': to_eof = 1; break;
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
	if (listen(serverfd, CAPITALIZE_BACKLOG) != 0)
		peer_fail("listen");
	socklen_t len = sizeof addr;
	if (getsockname(serverfd, (struct sockaddr *)&addr, &len) != 0)
		peer_fail("getsockname");
	printf("%s\n", CAPITALIZE_READY_TEXT);
	if (fflush(stdout) != 0)
		peer_fail("write");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));

	struct timeval tv = {.tv_sec = timeout};
	int failures = 0;
	for (long served = 0; nclients == 0 || served < nclients; served++) {
		int fd = accept(serverfd, NULL, NULL);
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
		if (serve(fd, to_eof) != 0)
			failures++;
		if (close(fd) != 0)
			peer_fail("close");
	}
	if (close(serverfd) != 0)
		peer_fail("close");
	return failures ? PEER_EXIT_FAIL : 0;
}
