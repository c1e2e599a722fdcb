/*
 * tcp_framing_reader: the receiving end of document 000's "Framing and
 * Parsing": one send() is not one recv() on TCP, so the reader parses a
 * stream of length-prefixed frames (struct frame_header of framing.h, in
 * network byte order) however the writer's bytes are split or packed. It
 * serves one writer and prints each frame's type, length and checksum.
 *
 * Made correct: every header and payload is read whole with read_full
 * (never one recv() per message), every field is converted with ntohl and
 * ntohs, a length above the maximum is rejected before anything is read
 * into memory (the payload buffer is allocated once, -max bytes), and the
 * stream must end with a FRAME_TYPE_END frame.
 */
#include "peer.h"
#include "tcp_framing.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#define USAGE "tcp_framing_reader [-bind addr] [-port n] [-max bytes] [-ready file] [-timeout seconds]"

_Static_assert(sizeof(struct frame_header) == FRAME_HEADER_SIZE, "frame_header has padding");

/* read_frames parses frames from fd until FRAME_TYPE_END; it returns 0, or
 * -1 after reporting the first fault. */
static int read_frames(int fd, unsigned char *payload, uint32_t max)
{
	unsigned long long total = 0;
	for (unsigned long k = 1;; k++) {
		unsigned char raw[FRAME_HEADER_SIZE];
		ssize_t n = read_full(fd, raw, sizeof raw);
		if (n < 0) {
			peer_error("read");
			return -1;
		}
		if ((size_t)n < sizeof raw) {
			fprintf(stderr, "frame %lu: end of stream after %zd of %d header bytes\n", k, n, FRAME_HEADER_SIZE);
			return -1;
		}
		struct frame_header h;
		memcpy(&h, raw, sizeof h);
		uint32_t len = ntohl(h.length);
		uint16_t type = ntohs(h.type), flags = ntohs(h.flags);
		if (len > max) {
			fprintf(stderr, "frame %lu: length %" PRIu32 " exceeds the maximum %" PRIu32 "\n", k, len, max);
			return -1;
		}
		if (flags != 0) {
			fprintf(stderr, "frame %lu: flags 0x%04x, want 0\n", k, (unsigned)flags);
			return -1;
		}
		if (type == FRAME_TYPE_END) {
			if (len != 0) {
				fprintf(stderr, "frame %lu: end frame of length %" PRIu32 ", want 0\n", k, len);
				return -1;
			}
			printf("end: %lu frames, %llu payload bytes\n", k - 1, total);
			return 0;
		}
		if (type != FRAME_TYPE_DATA) {
			fprintf(stderr, "frame %lu: unknown type %u\n", k, (unsigned)type);
			return -1;
		}
		n = read_full(fd, payload, len);
		if (n < 0) {
			peer_error("read");
			return -1;
		}
		if ((size_t)n < len) {
			fprintf(stderr, "frame %lu: end of stream after %zd of %" PRIu32 " payload bytes\n", k, n, len);
			return -1;
		}
		for (uint32_t i = 0; i < len; i++) {
			if (payload[i] != frame_pattern(len, i)) {
				fprintf(stderr, "frame %lu: payload byte %" PRIu32 " is 0x%02x, want 0x%02x\n",
					k, i, payload[i], frame_pattern(len, i));
				return -1;
			}
		}
		printf("frame %lu: type %u length %" PRIu32 " checksum 0x%08" PRIx32 "\n",
		       k, (unsigned)type, len, frame_checksum(payload, len));
		fflush(stdout);
		total += len;
	}
}

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL;
	long port = TCP_FRAMING_PORT, max = FRAME_MAX_PAYLOAD, timeout = 10;
	static const struct option opts[] = {
		{"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},
		{"max", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': bind_addr = optarg; break;
		case 'p': port = parse_long(optarg, 0, 65535, USAGE); break;
		case 'm': max = parse_long(optarg, 0, FRAME_MAX_PAYLOAD, USAGE); break;
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
	/* The one allocation: a frame can never ask for more. */
	unsigned char *payload = malloc(max > 0 ? (size_t)max : 1);
	if (payload == NULL)
		peer_fail("malloc");

	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		peer_fail("socket");
	int one = 1;
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		peer_fail("setsockopt");
	/* SO_RCVTIMEO bounds accept() as well as read(). */
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	if (listen(lfd, TCP_FRAMING_BACKLOG) != 0)
		peer_fail("listen");
	socklen_t alen = sizeof addr;
	if (getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0)
		peer_fail("getsockname");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));

	int fd;
	while ((fd = accept(lfd, NULL, NULL)) < 0) {
		if (errno != EINTR && errno != ECONNABORTED)
			peer_fail("accept");
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	int status = read_frames(fd, payload, (uint32_t)max) == 0 ? 0 : PEER_EXIT_FAIL;
	if (close(fd) != 0)
		peer_fail("close");
	if (close(lfd) != 0)
		peer_fail("close");
	free(payload);
	return status;
}
