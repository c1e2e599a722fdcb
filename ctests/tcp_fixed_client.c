/*
 * tcp_fixed_client: the stream socket client of document 002. It resolves
 * the server's host name, connects, writes CLIENT_BYTES bytes, reads
 * exactly SERVER_BYTES bytes back and prints what it sent and received.
 *
 * Made correct: getaddrinfo for the obsolete gethostbyname, every byte of
 * the reply read however TCP splits it, a timeout on the reply, and the
 * write side shut down after the request so a server that waits for more
 * sees end of file at once. -chunk n writes the request n bytes at a time
 * (TCP_NODELAY, a pause between pieces) to prove the server reassembles it.
 * The server is named by -host and -port, or as the document's client
 * names it, `client serverhost port#`: two words after the flags.
 */
#include "peer.h"
#include "tcp_fixed.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define USAGE "tcp_fixed_client [-host name] [-port n] [-chunk bytes] [-timeout seconds] [serverhost port#]"

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
	const char *host = "localhost";
	long port = TCP_FIXED_PORT, chunk = 0, timeout = 10;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"chunk", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 'c': chunk = parse_long(optarg, 0, CLIENT_BYTES, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (argc - optind == 2) {
		host = argv[optind];
		port = parse_long(argv[optind + 1], 1, 65535, USAGE);
	} else if (optind != argc)
		peer_usage(USAGE);

	/* A server that has gone away is reported as write: EPIPE, as the Go
	 * side reports it, rather than killing the client. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

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
	char ip[INET_ADDRSTRLEN];
	if (inet_ntop(AF_INET, &server.sin_addr, ip, sizeof ip) == NULL)
		peer_fail("inet_ntop");
	printf("Using server IP addr = %s\n", ip);
	fflush(stdout);

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connect(fd, (struct sockaddr *)&server, sizeof server) != 0)
		peer_fail("connect");

	if (chunk == 0) {
		if (write_full(fd, CLIENT_STR, CLIENT_BYTES) != 0)
			peer_fail("write");
	} else {
		int one = 1;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
			peer_fail("setsockopt");
		for (size_t off = 0; off < CLIENT_BYTES; off += (size_t)chunk) {
			size_t n = CLIENT_BYTES - off < (size_t)chunk ? CLIENT_BYTES - off : (size_t)chunk;
			if (write_full(fd, CLIENT_STR + off, n) != 0)
				peer_fail("write");
			struct timespec pause = {.tv_nsec = 2000000};
			nanosleep(&pause, NULL);
		}
	}
	if (shutdown(fd, SHUT_WR) != 0)
		peer_fail("shutdown");

	char buf[SERVER_BYTES];
	ssize_t n = read_full(fd, buf, sizeof buf);
	if (n < 0)
		peer_fail("read");
	if ((size_t)n < sizeof buf) {
		fprintf(stderr, "read: short read: %zd of %d bytes\n", n, SERVER_BYTES);
		return PEER_EXIT_FAIL;
	}
	printf("sent %s\n", CLIENT_STR);
	printf("received %.*s\n", (int)strnlen(buf, sizeof buf), buf);
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
