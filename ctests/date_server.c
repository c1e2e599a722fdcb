/*
 * date_server: document 001's Java DateServer in C. It serves clients one
 * after another: to each it writes one line, the date as
 * java.util.Date.toString() prints it, and closes the connection.
 *
 * Made correct: it binds loopback unless told otherwise and reports its
 * port (port 0 picks a free one) in a ready file; a client that stalls or
 * goes away costs that client, not the server (a send timeout, SIGPIPE
 * ignored); the whole line is written however the kernel splits it. For
 * checks that must be exact, -epoch formats a fixed time in UTC and -date
 * sends a fixed text; by default it is the current local time, as in the
 * document.
 */
#include "peer.h"
#include "date.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define USAGE "date_server [-bind addr] [-port n] [-n clients] [-epoch seconds | -date text] [-ready file] [-timeout seconds]"

/* date_line formats the line the server sends, its newline included. */
static void date_line(char *line, size_t size, const char *fixed, int have_epoch, long long epoch)
{
	if (fixed != NULL) {
		snprintf(line, size, "%s\n", fixed);
		return;
	}
	time_t t = have_epoch ? (time_t)epoch : time(NULL);
	struct tm tm;
	if ((have_epoch ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL)
		peer_fail(have_epoch ? "gmtime" : "localtime");
	size_t n = strftime(line, size - 1, have_epoch ? DATE_FORMAT_UTC : DATE_FORMAT, &tm);
	if (n == 0) {
		errno = ERANGE;
		peer_fail("strftime");
	}
	line[n] = '\n';
	line[n + 1] = '\0';
}

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL, *fixed = NULL;
	long port = DATE_PORT, nclients = 0, timeout = 10;
	long long epoch = 0;
	int have_epoch = 0;
	static const struct option opts[] = {
		{"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},
		{"n", required_argument, NULL, 'n'},
		{"epoch", required_argument, NULL, 'e'},
		{"date", required_argument, NULL, 'd'},
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
		/* Up to 2^31-1, the time_t of a 32-bit architecture. */
		case 'e': epoch = parse_long(optarg, 0, INT_MAX, USAGE); have_epoch = 1; break;
		case 'd': fixed = optarg; break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc || (fixed != NULL && have_epoch))
		peer_usage(USAGE);
	if (fixed != NULL && (strchr(fixed, '\n') != NULL || strlen(fixed) + 1 >= DATE_LINE_MAX)) {
		fprintf(stderr, "bad date text\n");
		peer_usage(USAGE);
	}

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
	if (listen(serverfd, DATE_BACKLOG) != 0)
		peer_fail("listen");
	socklen_t len = sizeof addr;
	if (getsockname(serverfd, (struct sockaddr *)&addr, &len) != 0)
		peer_fail("getsockname");
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
		if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
			peer_fail("setsockopt");
		char line[DATE_LINE_MAX];
		date_line(line, sizeof line, fixed, have_epoch, epoch);
		if (write_full(fd, line, strlen(line)) != 0) {
			peer_error("write");
			failures++;
		}
		if (close(fd) != 0)
			peer_fail("close");
	}
	if (close(serverfd) != 0)
		peer_fail("close");
	return failures ? PEER_EXIT_FAIL : 0;
}
