/*
 * tcp_select_client: clients of document 000's concurrent server, several
 * in one process so that their order is exact. It opens -conns
 * connections in order, then sends a line on the last connection first
 * and on the first connection last, reading each answer before the next
 * line: a server that serves one client at a time is still waiting on the
 * first connection when the last one asks, and the client times out.
 *
 * Made correct: answers are read up to their '\n' however TCP splits
 * them, every wait is bounded, and -chunk n writes each line n bytes at a
 * time (TCP_NODELAY, a pause between pieces) to prove the server keeps
 * each client's partial line.
 */
#include "peer.h"
#include "tcp_select.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define USAGE "tcp_select_client [-host addr] [-port n] [-conns n] [-chunk bytes] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1";
	long port = TCP_SELECT_PORT, conns = 3, chunk = 0, timeout = 10;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"conns", required_argument, NULL, 'c'},
		{"chunk", required_argument, NULL, 'k'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 'c': conns = parse_long(optarg, 1, TCP_SELECT_MAX_CONNS, USAGE); break;
		case 'k': chunk = parse_long(optarg, 0, TCP_LINE_MAX, USAGE); break;
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
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", host);
		peer_usage(USAGE);
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	int fds[TCP_SELECT_MAX_CONNS];
	struct timeval tv = {.tv_sec = timeout};
	for (long i = 0; i < conns; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (fds[i] < 0)
			peer_fail("socket");
		if (setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
		    setsockopt(fds[i], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
			peer_fail("setsockopt");
		if (connect(fds[i], (struct sockaddr *)&addr, sizeof addr) != 0)
			peer_fail("connect");
	}

	for (long i = conns - 1; i >= 0; i--) {
		char line[TCP_LINE_MAX];
		int len = snprintf(line, sizeof line, "message from connection %ld\n", i + 1);
		if (chunk == 0) {
			if (write_full(fds[i], line, (size_t)len) != 0)
				peer_fail("write");
		} else {
			int one = 1;
			if (setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
				peer_fail("setsockopt");
			for (int off = 0; off < len; off += (int)chunk) {
				size_t n = len - off < chunk ? (size_t)(len - off) : (size_t)chunk;
				if (write_full(fds[i], line + off, n) != 0)
					peer_fail("write");
				struct timespec pause = {.tv_nsec = 1000000};
				nanosleep(&pause, NULL);
			}
		}
		/* The answer, up to its '\n'. */
		char reply[TCP_LINE_MAX];
		size_t got = 0;
		while (got == 0 || reply[got - 1] != '\n') {
			if (got == sizeof reply) {
				fprintf(stderr, "connection %ld: answer longer than %d bytes\n", i + 1, TCP_LINE_MAX);
				return PEER_EXIT_FAIL;
			}
			ssize_t n = read(fds[i], reply + got, sizeof reply - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN) {
				fprintf(stderr, "connection %ld: no answer after %ld s\n", i + 1, timeout);
				return PEER_EXIT_FAIL;
			}
			if (n < 0)
				peer_fail("read");
			if (n == 0) {
				fprintf(stderr, "connection %ld: end of file before the answer\n", i + 1);
				return PEER_EXIT_FAIL;
			}
			got += (size_t)n;
		}
		printf("connection %ld: %.*s\n", i + 1, (int)got - 1, reply);
		fflush(stdout);
	}
	for (long i = 0; i < conns; i++) {
		if (close(fds[i]) != 0)
			peer_fail("close");
	}
	return 0;
}
