/*
 * tcp_framing_writer: the sending end of document 000's "Framing and
 * Parsing". It sends one frame (struct frame_header of framing.h and the
 * payload) for each size of -sizes, then a FRAME_TYPE_END frame, and
 * prints what it sent in the form the reader prints what it received.
 *
 * Made correct: every header field goes through htonl/htons as the last
 * step before sending, and every write is resumed until it is whole. To
 * prove the reader does not take one recv() for one message, -chunk n
 * writes the stream n bytes at a time (TCP_NODELAY, a pause between
 * pieces), and -pack sends every frame in a single write.
 */
#include "peer.h"
#include "tcp_framing.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define USAGE "tcp_framing_writer [-host addr] [-port n] [-sizes n,n,...] [-chunk bytes] [-pack] [-timeout seconds]"
#define DEFAULT_SIZES "0,1,5,100,1000,65536"

/* parse_sizes splits a comma-separated list of payload lengths. */
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
		sizes[n++] = (uint32_t)parse_long(tok, 0, FRAME_MAX_PAYLOAD, USAGE);
	}
	free(copy);
	return n;
}

/* put_frame appends a header and, for a data frame, its payload to out. */
static size_t put_frame(unsigned char *out, uint16_t type, uint32_t len)
{
	struct frame_header h = {
		.length = htonl(len),
		.type = htons(type),
		.flags = htons(0),
	};
	memcpy(out, &h, sizeof h);
	for (uint32_t i = 0; i < len; i++)
		out[sizeof h + i] = frame_pattern(len, i);
	return sizeof h + len;
}

int main(int argc, char **argv)
{
	const char *host = "127.0.0.1", *sizelist = DEFAULT_SIZES;
	long port = TCP_FRAMING_PORT, chunk = 0, timeout = 10;
	int pack = 0;
	static const struct option opts[] = {
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"sizes", required_argument, NULL, 's'},
		{"chunk", required_argument, NULL, 'c'},
		{"pack", no_argument, NULL, 'k'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 1, 65535, USAGE); break;
		case 's': sizelist = optarg; break;
		case 'c': chunk = parse_long(optarg, 0, INT_MAX, USAGE); break;
		case 'k': pack = 1; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc || (pack && chunk != 0))
		peer_usage(USAGE);
	uint32_t sizes[TCP_FRAMING_MAX_FRAMES];
	size_t nframes = parse_sizes(sizelist, sizes, TCP_FRAMING_MAX_FRAMES);

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", host);
		peer_usage(USAGE);
	}
	/* A reader that rejects a frame and goes away is reported as
	 * write: EPIPE, not by dying of SIGPIPE. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	/* The whole stream, built first, so that it can be sent as frames,
	 * as pieces or in one piece. */
	size_t total = FRAME_HEADER_SIZE;
	for (size_t k = 0; k < nframes; k++)
		total += FRAME_HEADER_SIZE + sizes[k];
	unsigned char *stream = malloc(total);
	if (stream == NULL)
		peer_fail("malloc");
	size_t ends[TCP_FRAMING_MAX_FRAMES + 1], off = 0;
	unsigned long long bytes = 0;
	for (size_t k = 0; k < nframes; k++) {
		size_t start = off;
		off += put_frame(stream + off, FRAME_TYPE_DATA, sizes[k]);
		ends[k] = off;
		printf("frame %zu: type %u length %" PRIu32 " checksum 0x%08" PRIx32 "\n", k + 1,
		       (unsigned)FRAME_TYPE_DATA, sizes[k],
		       frame_checksum(stream + start + FRAME_HEADER_SIZE, sizes[k]));
		bytes += sizes[k];
	}
	off += put_frame(stream + off, FRAME_TYPE_END, 0);
	ends[nframes] = off;
	printf("end: %zu frames, %llu payload bytes\n", nframes, bytes);
	fflush(stdout);

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		peer_fail("socket");
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("connect");

	if (pack) {
		if (write_full(fd, stream, total) != 0)
			peer_fail("write");
	} else if (chunk > 0) {
		int one = 1;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
			peer_fail("setsockopt");
		for (size_t at = 0; at < total; at += (size_t)chunk) {
			size_t n = total - at < (size_t)chunk ? total - at : (size_t)chunk;
			if (write_full(fd, stream + at, n) != 0)
				peer_fail("write");
			struct timespec pause = {.tv_nsec = 1000000};
			nanosleep(&pause, NULL);
		}
	} else {
		size_t start = 0;
		for (size_t k = 0; k <= nframes; k++) {
			if (write_full(fd, stream + start, ends[k] - start) != 0)
				peer_fail("write");
			start = ends[k];
		}
	}
	if (close(fd) != 0)
		peer_fail("close");
	free(stream);
	return 0;
}
