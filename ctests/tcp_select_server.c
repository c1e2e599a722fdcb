/*
 * tcp_select_server: the single-process concurrent server of document 000
 * ("Single Process Server with select()"): one process multiplexes the
 * listening socket and every client connection with select(), keeping
 * each client's partial line as its state, and answers each line with the
 * line in capitals (document 001's capitalize server). It serves -n
 * clients and prints each line it answers.
 *
 * Made correct: select() overwrites its sets, so a master set is copied
 * before each call (the slide's memcpy); every ready descriptor is tested
 * in turn; a read takes whatever is there and the line is reassembled
 * across reads; descriptors at or above FD_SETSIZE are refused; the wait
 * is bounded by select()'s timeout, and a write to a client that never
 * reads its answers by SO_SNDTIMEO.
 */
#include "peer.h"
#include "tcp_select.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "tcp_select_server [-bind addr] [-port n] [-n clients] [-ready file] [-timeout seconds]"

/* A client's state: its accept number and the line read so far. */
struct client {
	long id;
	size_t len;
	char line[TCP_LINE_MAX];
};

static struct client *clients[FD_SETSIZE];

/* serve reads what fd has and answers every complete line; it returns 1
 * while the client stays, 0 at its end of file, -1 on a fault. */
static int serve(int fd, struct client *cl)
{
	ssize_t n = read(fd, cl->line + cl->len, sizeof cl->line - cl->len);
	if (n < 0) {
		if (errno == EINTR)
			return 1;
		peer_error("read");
		return -1;
	}
	if (n == 0) {
		if (cl->len != 0) {
			fprintf(stderr, "client %ld: end of file inside a line\n", cl->id);
			return -1;
		}
		return 0;
	}
	cl->len += (size_t)n;
	char *nl;
	while ((nl = memchr(cl->line, '\n', cl->len)) != NULL) {
		size_t len = (size_t)(nl - cl->line) + 1;
		printf("client %ld: %.*s\n", cl->id, (int)len - 1, cl->line);
		fflush(stdout);
		char reply[TCP_LINE_MAX];
		for (size_t i = 0; i < len; i++)
			reply[i] = (char)toupper((unsigned char)cl->line[i]);
		if (write_full(fd, reply, len) != 0) {
			peer_error("write");
			return -1;
		}
		memmove(cl->line, cl->line + len, cl->len - len);
		cl->len -= len;
	}
	if (cl->len == sizeof cl->line) {
		fprintf(stderr, "client %ld: line longer than %d bytes\n", cl->id, TCP_LINE_MAX);
		return -1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL;
	long port = TCP_SELECT_PORT, nclients = 1, timeout = 10;
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
		case 'n': nclients = parse_long(optarg, 1, LONG_MAX, USAGE); break;
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

	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		peer_fail("socket");
	int one = 1;
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		peer_fail("setsockopt");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	if (listen(lfd, TCP_SELECT_BACKLOG) != 0)
		peer_fail("listen");
	socklen_t alen = sizeof addr;
	if (getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0)
		peer_fail("getsockname");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));

	fd_set master;
	FD_ZERO(&master);
	FD_SET(lfd, &master);
	int maxfd = lfd;
	long accepted = 0, done = 0, failures = 0;
	while (done < nclients) {
		fd_set readable;
		memcpy(&readable, &master, sizeof master);
		struct timeval tv = {.tv_sec = timeout};
		int ready_count = select(maxfd + 1, &readable, NULL, NULL, &tv);
		if (ready_count < 0) {
			if (errno == EINTR)
				continue;
			peer_fail("select");
		}
		if (ready_count == 0) {
			fprintf(stderr, "select: nothing for %ld s\n", timeout);
			return PEER_EXIT_FAIL;
		}
		for (int fd = 0; fd <= maxfd; fd++) {
			if (!FD_ISSET(fd, &readable))
				continue;
			if (fd == lfd) {
				int cfd = accept(lfd, NULL, NULL);
				if (cfd < 0) {
					if (errno == EINTR || errno == ECONNABORTED)
						continue;
					peer_fail("accept");
				}
				/* select() bounds the reads; a client that never
				 * reads its answers must not block the write for good. */
				struct timeval stv = {.tv_sec = timeout};
				if (setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &stv, sizeof stv) != 0)
					peer_fail("setsockopt");
				if (cfd >= FD_SETSIZE) {
					fprintf(stderr, "accept: descriptor %d beyond FD_SETSIZE\n", cfd);
					if (close(cfd) != 0)
						peer_fail("close");
					failures++;
					done++;
					continue;
				}
				struct client *cl = calloc(1, sizeof *cl);
				if (cl == NULL)
					peer_fail("calloc");
				cl->id = ++accepted;
				clients[cfd] = cl;
				FD_SET(cfd, &master);
				if (cfd > maxfd)
					maxfd = cfd;
				/* Take no more clients than asked for. */
				if (accepted == nclients)
					FD_CLR(lfd, &master);
				continue;
			}
			int r = serve(fd, clients[fd]);
			if (r > 0)
				continue;
			if (r < 0)
				failures++;
			done++;
			FD_CLR(fd, &master);
			free(clients[fd]);
			clients[fd] = NULL;
			if (close(fd) != 0)
				peer_fail("close");
		}
	}
	printf("served %ld clients\n", done);
	if (close(lfd) != 0)
		peer_fail("close");
	return failures ? PEER_EXIT_FAIL : 0;
}
