/*
 * capitalize_client: document 001's Python TCPClient in C. It sends a
 * sentence (-sentence, or a line it prompts for on standard input, as the
 * document's raw_input does) to the capitalize server and prints the reply
 * as the document does: "From Server: " and the reply.
 *
 * Made correct: the sentence is read before connecting, so that no
 * connection waits on a person typing; like the document's client it keeps
 * its sending side open (-shutdown shuts it down after the sentence, which
 * tells a server reading to end of file that the sentence is whole); it reads the
 * reply to the end, not one recv(1024) that TCP may cut short; the server
 * is named by -host and -port and the reply bounded in time. -chunk n
 * writes the sentence n bytes at a time (TCP_NODELAY, a pause between
 * pieces) to prove the server reassembles it.
 */
#include "peer.h"
#include "capitalize.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define USAGE "capitalize_client [-host name] [-port n] [-sentence text] [-chunk bytes] [-shutdown] [-timeout seconds]"

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
	const char *host = "localhost", *sentence = NULL;
	long port = CAPITALIZE_PORT, chunk = 0, timeout = 10;
	int shut = 0;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"sentence", required_argument, NULL, 's'},
		{"chunk", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'},
		{"shutdown", no_argument, NULL, 'x'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 's': sentence = optarg; break;
		case 'c': chunk = parse_long(optarg, 0, CAPITALIZE_MAX, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		case 'x': shut = 1; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	/* Room for the longest sentence, its newline and the NUL. */
	char line[CAPITALIZE_MAX + 2];
	if (sentence == NULL) {
		printf("%s", CAPITALIZE_PROMPT);
		fflush(stdout);
		if (fgets(line, sizeof line, stdin) == NULL) {
			if (ferror(stdin))
				peer_fail("read");
			fprintf(stderr, "read: no sentence on standard input\n");
			return PEER_EXIT_FAIL;
		}
		line[strcspn(line, "\n")] = '\0';
		sentence = line;
	}
	size_t slen = strlen(sentence);
	if (slen > CAPITALIZE_MAX) {
		fprintf(stderr, "sentence longer than %d bytes\n", CAPITALIZE_MAX);
		peer_usage(USAGE);
	}
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
		if (write_full(fd, sentence, slen) != 0)
			peer_fail("write");
	} else {
		int one = 1;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
			peer_fail("setsockopt");
		for (size_t off = 0; off < slen; off += (size_t)chunk) {
			size_t n = slen - off < (size_t)chunk ? slen - off : (size_t)chunk;
			if (write_full(fd, sentence + off, n) != 0)
				peer_fail("write");
			struct timespec pause = {.tv_nsec = 2000000};
			nanosleep(&pause, NULL);
		}
	}
	if (shut && shutdown(fd, SHUT_WR) != 0)
		peer_fail("shutdown");

	/* One byte more than a reply may hold tells one that is too long. */
	char reply[CAPITALIZE_MAX + 1];
	ssize_t n = read_full(fd, reply, sizeof reply);
	if (n < 0)
		peer_fail("read");
	if (n > CAPITALIZE_MAX) {
		fprintf(stderr, "read: reply longer than %d bytes\n", CAPITALIZE_MAX);
		return PEER_EXIT_FAIL;
	}
	/* fwrite, not %s: the reply is bytes, and printed as they came. */
	printf("%s ", CAPITALIZE_FROM);
	fwrite(reply, 1, (size_t)n, stdout);
	putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout))
		peer_fail("write");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
