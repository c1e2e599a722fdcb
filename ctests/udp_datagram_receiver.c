/*
 * udp_datagram_receiver: the receiving end of document 000's
 * connectionless server: one socket bound to a port, one recvfrom() per
 * datagram, and a reply to the address the datagram came from. It prints
 * each datagram's length, checks every byte, and acks with the length.
 *
 * Made correct: recvfrom() is given MSG_TRUNC, so that when a datagram is
 * longer than the buffer (the kernel "quietly discards the rest") Linux
 * still returns its real length and the receiver can say it was cut;
 * every wait is bounded (SO_RCVTIMEO), as the document advises since
 * "datagrams could be lost". With -connect it connect()s to the sender
 * after the first datagram and goes on with send() and recv().
 */
#include "peer.h"
#include "udp.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "udp_datagram_receiver [-bind addr] [-port n] [-n datagrams] [-buf bytes] [-connect] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL;
	long port = UDP_DATAGRAM_PORT, count = 1, bufsize = UDP_MAX_DATAGRAM, timeout = 10;
	int connected = 0;
	static const struct option opts[] = {
		{"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},
		{"n", required_argument, NULL, 'n'},
		{"buf", required_argument, NULL, 'B'},
		{"connect", no_argument, NULL, 'c'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': bind_addr = optarg; break;
		case 'p': port = parse_long(optarg, 0, 65535, USAGE); break;
		case 'n': count = parse_long(optarg, 1, UDP_MAX_DATAGRAMS, USAGE); break;
		case 'B': bufsize = parse_long(optarg, 1, UDP_MAX_DATAGRAM, USAGE); break;
		case 'c': connected = 1; break;
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
	unsigned char *buf = malloc((size_t)bufsize);
	if (buf == NULL)
		peer_fail("malloc");

	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	socklen_t alen = sizeof addr;
	if (getsockname(fd, (struct sockaddr *)&addr, &alen) != 0)
		peer_fail("getsockname");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));

	for (long k = 1; k <= count; k++) {
		struct sockaddr_in from;
		socklen_t flen = sizeof from;
		ssize_t n;
		/* Once connected, recv() takes datagrams from the sender alone. */
		if (connected && k > 1)
			n = recv(fd, buf, (size_t)bufsize, MSG_TRUNC);
		else
			n = recvfrom(fd, buf, (size_t)bufsize, MSG_TRUNC, (struct sockaddr *)&from, &flen);
		if (n < 0)
			peer_fail(connected && k > 1 ? "recv" : "recvfrom");
		if (n > bufsize)
			printf("received %ld of %zd bytes (truncated)\n", bufsize, n);
		else
			printf("received %zd bytes\n", n);
		fflush(stdout);
		size_t got = n > bufsize ? (size_t)bufsize : (size_t)n;
		for (size_t i = 0; i < got; i++) {
			if (buf[i] != udp_pattern((uint32_t)n, (uint32_t)i)) {
				fprintf(stderr, "datagram %ld: byte %zu is 0x%02x, want 0x%02x\n",
					k, i, buf[i], udp_pattern((uint32_t)n, (uint32_t)i));
				return PEER_EXIT_FAIL;
			}
		}
		if (connected && k == 1 && connect(fd, (struct sockaddr *)&from, flen) != 0)
			peer_fail("connect");

		uint32_t ack = htonl((uint32_t)n);
		if (connected) {
			if (send(fd, &ack, sizeof ack, 0) != (ssize_t)sizeof ack)
				peer_fail("send");
		} else if (sendto(fd, &ack, sizeof ack, 0, (struct sockaddr *)&from, flen) != (ssize_t)sizeof ack) {
			peer_fail("sendto");
		}
	}
	if (close(fd) != 0)
		peer_fail("close");
	free(buf);
	return 0;
}
