/*
 * proto_collector: accepts one sensor on loopback TCP, reads its header
 * and readings, prints each reading, and answers with an ack holding the
 * count and checksum of what it received.
 */
#define _GNU_SOURCE
#include "cli.h"
#include "net.h"
#include "proto.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define USAGE "proto_collector [-port p] [-ready file] [-timeout seconds]"
#define DEFAULT_PORT 6100

static void print_reading(const struct proto_reading *r)
{
	long long abs = r->millidegrees < 0 ? -(long long)r->millidegrees : r->millidegrees;
	printf("reading seq=%" PRIu32 " time=%" PRIu64 " temp=%s%lld.%03lld rssi=%d flags=0x%02x name=%.*s\n",
	       r->seq, r->timestamp_ns, r->millidegrees < 0 ? "-" : "", abs / 1000, abs % 1000,
	       r->rssi, r->flags, (int)strnlen(r->name, PROTO_NAME_SIZE), r->name);
}

int main(int argc, char **argv)
{
	long port = DEFAULT_PORT, timeout = 10;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"port", required_argument, NULL, 'p'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': port = number(optarg, 0, 65535, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = number(optarg, 1, 86400, USAGE); break;
		default: usage(USAGE);
		}
	}
	if (optind != argc)
		usage(USAGE);

	int bound;
	int lfd = listen_loopback((int)port, &bound);
	write_ready(ready, bound);
	int fd = accept_within(lfd, timeout);
	if (close(lfd) != 0)
		fail("close");
	set_timeouts(fd, timeout);

	unsigned char hb[PROTO_HEADER_SIZE];
	long n = recv_full(fd, hb, sizeof hb);
	if (n < 0)
		fail("recv");
	if (n < (long)sizeof hb)
		failf("header: end of file after %ld of %d bytes", n, PROTO_HEADER_SIZE);
	struct proto_header h;
	int err = proto_decode_header(&h, hb);
	if (err != PROTO_OK)
		failf("header: %s", proto_strerror(err));
	printf("header version=%u count=%u\n", h.version, h.count);

	uint32_t sum = PROTO_CHECKSUM_INIT;
	for (unsigned i = 0; i < h.count; i++) {
		unsigned char rb[PROTO_READING_SIZE];
		n = recv_full(fd, rb, sizeof rb);
		if (n < 0)
			fail("recv");
		if (n < (long)sizeof rb)
			failf("reading %u: end of file after %ld of %d bytes", i, n, PROTO_READING_SIZE);
		sum = proto_checksum(sum, rb, sizeof rb);
		struct proto_reading r;
		err = proto_decode_reading(&r, rb);
		if (err != PROTO_OK)
			failf("reading %u: %s", i, proto_strerror(err));
		print_reading(&r);
	}

	struct proto_ack a = {.magic = PROTO_MAGIC, .count = h.count, .checksum = sum};
	unsigned char ab[PROTO_ACK_SIZE];
	proto_encode_ack(ab, &a);
	if (send_full(fd, ab, sizeof ab) != 0)
		fail("send");
	printf("ack count=%" PRIu32 " checksum=0x%08" PRIx32 "\n", a.count, a.checksum);
	if (close(fd) != 0)
		fail("close");
	if (fflush(stdout) != 0)
		fail("write");
	return 0;
}
