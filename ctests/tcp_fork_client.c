/*
 * tcp_fork_client: a client of the fork-per-client server of documents
 * 000 and 004 (connect, write, read, close). It sends two lines naming
 * itself and prints the answers, in capitals.
 *
 * Made correct: answers are read up to their '\n' however TCP splits
 * them, and every wait is bounded.
 */
#include "peer.h"
#include "tcp_fork.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "tcp_fork_client [-host addr] [-port n] [-name word] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1", *name = "client";
	long port = TCP_FORK_PORT, timeout = 10;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"name", required_argument, NULL, 'm'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 'm': name = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc || strlen(name) > 64)
		peer_usage(USAGE);
	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", host);
		peer_usage(USAGE);
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("connect");

	static const char *const words[] = {"hello", "goodbye"};
	for (int k = 0; k < 2; k++) {
		char line[TCP_LINE_MAX];
		int len = snprintf(line, sizeof line, "%s from %s\n", words[k], name);
		if (write_full(fd, line, (size_t)len) != 0)
			peer_fail("write");
		char reply[TCP_LINE_MAX];
		size_t got = 0;
		while (got == 0 || reply[got - 1] != '\n') {
			if (got == sizeof reply) {
				fprintf(stderr, "answer longer than %d bytes\n", TCP_LINE_MAX);
				return PEER_EXIT_FAIL;
			}
			ssize_t n = read(fd, reply + got, sizeof reply - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				peer_fail("read");
			if (n == 0) {
				fprintf(stderr, "read: end of file before the answer\n");
				return PEER_EXIT_FAIL;
			}
			got += (size_t)n;
		}
		printf("%.*s\n", (int)got - 1, reply);
	}
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
