/*
 * date_client: document 001's Java DateClient in C. It connects to the
 * date server, reads its reply to the end and prints it, line by line.
 *
 * Made correct: the server is named by -host and -port (the document
 * hard-codes 127.0.0.1:6013) and resolved with getaddrinfo; the reply is
 * bounded in time (a receive timeout) and size; a reply that does not end
 * in a newline was cut short, and is an error, not a line.
 */
#include "peer.h"
#include "date.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "date_client [-host name] [-port n] [-timeout seconds]"

/* gai_name names a getaddrinfo error the way the Go side does. */
static const char *gai_name(int err)
{
	switch (err) {
	case EAI_NONAME: return "EAI_NONAME";
	case EAI_AGAIN: return "EAI_AGAIN";
	case EAI_FAIL: return "EAI_FAIL";
	case EAI_NODATA: return "EAI_NODATA";
	case EAI_SYSTEM: return errno_name(errno);
	default: return "EAI_FAIL";
	}
}

int main(int argc, char **argv)
{
	const char *host = DATE_HOST;
	long port = DATE_PORT, timeout = 10;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	struct addrinfo hints, *res;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	int gerr = getaddrinfo(host, NULL, &hints, &res);
	if (gerr != 0) {
		fprintf(stderr, "getaddrinfo: %s\n", gai_name(gerr));
		return PEER_EXIT_FAIL;
	}
	struct sockaddr_in server;
	memcpy(&server, res->ai_addr, sizeof server);
	freeaddrinfo(res);
	server.sin_port = htons((uint16_t)port);

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connect(fd, (struct sockaddr *)&server, sizeof server) != 0)
		peer_fail("connect");

	/* One byte more than a reply may hold tells a reply that is too long. */
	char buf[DATE_LINE_MAX + 1];
	ssize_t n = read_full(fd, buf, sizeof buf);
	if (n < 0)
		peer_fail("read");
	if (n > DATE_LINE_MAX) {
		fprintf(stderr, "read: reply longer than %d bytes\n", DATE_LINE_MAX);
		return PEER_EXIT_FAIL;
	}
	if (n == 0 || buf[n - 1] != '\n') {
		fprintf(stderr, "read: reply of %zd bytes does not end in a newline\n", n);
		return PEER_EXIT_FAIL;
	}
	if (write_full(STDOUT_FILENO, buf, (size_t)n) != 0)
		peer_fail("write");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
