/*
 * udp_datagram_sender: the sending end of document 000's connectionless
 * client: no bind (the first sendto() binds a port), one sendto() per
 * datagram, and a recvfrom() for the reply on the same socket. It sends a
 * datagram of each length of -sizes and waits for the receiver's ack,
 * which must hold the same length: a boundary lost, merged or cut
 * unnoticed shows as a wrong ack.
 *
 * Made correct: the reply wait is bounded (SO_RCVTIMEO; "recvfrom() might
 * never complete"), the ack must come from the receiver's address, and
 * with -connect the socket is connect()ed first and speaks send()/recv(),
 * so that an ICMP "port unreachable" surfaces as ECONNREFUSED.
 */
#include "peer.h"
#include "udp.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "udp_datagram_sender [-host addr] [-port n] [-sizes n,n,...] [-connect] [-timeout seconds]"
#define DEFAULT_SIZES "0,1,100,1000,1472,8000,65507"

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
		sizes[n++] = (uint32_t)parse_long(tok, 0, UDP_MAX_DATAGRAM, USAGE);
	}
	free(copy);
	return n;
}

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1", *sizelist = DEFAULT_SIZES;
	long port = UDP_DATAGRAM_PORT, timeout = 10;
	int connected = 0;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"sizes", required_argument, NULL, 's'},
		{"connect", no_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 's': sizelist = optarg; break;
		case 'c': connected = 1; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	uint32_t sizes[UDP_MAX_DATAGRAMS];
	size_t count = parse_sizes(sizelist, sizes, UDP_MAX_DATAGRAMS);

	struct sockaddr_in to;
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &to.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", host);
		peer_usage(USAGE);
	}
	unsigned char *buf = malloc(UDP_MAX_DATAGRAM);
	if (buf == NULL)
		peer_fail("malloc");

	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connected && connect(fd, (struct sockaddr *)&to, sizeof to) != 0)
		peer_fail("connect");

	for (size_t k = 0; k < count; k++) {
		uint32_t n = sizes[k];
		for (uint32_t i = 0; i < n; i++)
			buf[i] = udp_pattern(n, i);
		ssize_t sent;
		if (connected)
			sent = send(fd, buf, n, 0);
		else
			sent = sendto(fd, buf, n, 0, (struct sockaddr *)&to, sizeof to);
		if (sent < 0)
			peer_fail(connected ? "send" : "sendto");
		if ((size_t)sent != n) {
			fprintf(stderr, "datagram %zu: sent %zd of %" PRIu32 " bytes\n", k + 1, sent, n);
			return PEER_EXIT_FAIL;
		}

		unsigned char ack[UDP_ACK_BYTES];
		struct sockaddr_in from;
		socklen_t flen = sizeof from;
		ssize_t got;
		if (connected)
			got = recv(fd, ack, sizeof ack, MSG_TRUNC);
		else
			got = recvfrom(fd, ack, sizeof ack, MSG_TRUNC, (struct sockaddr *)&from, &flen);
		if (got < 0)
			peer_fail(connected ? "recv" : "recvfrom");
		if (!connected && (from.sin_port != to.sin_port || from.sin_addr.s_addr != to.sin_addr.s_addr)) {
			fprintf(stderr, "datagram %zu: ack from port %u, want %ld\n", k + 1, (unsigned)ntohs(from.sin_port), port);
			return PEER_EXIT_FAIL;
		}
		if (got != UDP_ACK_BYTES) {
			fprintf(stderr, "datagram %zu: ack of %zd bytes, want %d\n", k + 1, got, UDP_ACK_BYTES);
			return PEER_EXIT_FAIL;
		}
		uint32_t seen;
		memcpy(&seen, ack, sizeof seen);
		seen = ntohl(seen);
		if (seen != n) {
			fprintf(stderr, "datagram %zu: the receiver saw %" PRIu32 " bytes, want %" PRIu32 "\n", k + 1, seen, n);
			return PEER_EXIT_FAIL;
		}
		printf("sent %" PRIu32 " bytes\n", n);
		fflush(stdout);
	}
	if (close(fd) != 0)
		peer_fail("close");
	free(buf);
	return 0;
}
