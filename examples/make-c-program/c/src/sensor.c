/*
 * proto_sensor: connects to a collector on loopback TCP, sends a header and
 * -count readings made from their index, and checks the collector's ack
 * against the count and checksum it sent.
 */
#define _GNU_SOURCE
#include "cli.h"
#include "net.h"
#include "proto.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USAGE "proto_sensor [-port p] [-count n] [-version v] [-timeout seconds]"
#define DEFAULT_PORT 6100

/* make_reading gives reading i values that show sign, width and byte
 * order, and every third one a name that fills its field with no NUL. */
static struct proto_reading make_reading(unsigned i, unsigned count)
{
	struct proto_reading r = {
		.timestamp_ns = 1700000000000000000ULL + (uint64_t)i * 250000000ULL,
		.seq = 1000 + i,
		.millidegrees = -40000 + (int32_t)i * 12345,
		.rssi = (int16_t)(-90 + 7 * (int)i),
		.flags = (uint8_t)((i % 2 ? PROTO_FLAG_ESTIMATED : 0) | (i + 1 == count ? PROTO_FLAG_LOW_BATTERY : 0)),
	};
	if (i % 3 == 2)
		memcpy(r.name, "thermocouple", PROTO_NAME_SIZE);
	else
		snprintf(r.name, sizeof r.name, "probe-%02u", i % 100);
	return r;
}

int main(int argc, char **argv)
{
	long port = DEFAULT_PORT, count = 3, version = PROTO_VERSION, timeout = 10;
	static const struct option opts[] = {
		{"port", required_argument, NULL, 'p'},
		{"count", required_argument, NULL, 'n'},
		{"version", required_argument, NULL, 'v'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': port = number(optarg, 1, 65535, USAGE); break;
		case 'n': count = number(optarg, 0, PROTO_MAX_COUNT, USAGE); break;
		case 'v': version = number(optarg, 0, 65535, USAGE); break;
		case 't': timeout = number(optarg, 1, 86400, USAGE); break;
		default: usage(USAGE);
		}
	}
	if (optind != argc)
		usage(USAGE);

	size_t len = PROTO_HEADER_SIZE + (size_t)count * PROTO_READING_SIZE;
	unsigned char *buf = malloc(len);
	if (buf == NULL)
		fail("malloc");
	struct proto_header h = {.magic = PROTO_MAGIC, .version = (uint16_t)version, .count = (uint16_t)count};
	proto_encode_header(buf, &h);
	uint32_t sum = PROTO_CHECKSUM_INIT;
	for (unsigned i = 0; i < (unsigned)count; i++) {
		unsigned char *rb = buf + PROTO_HEADER_SIZE + (size_t)i * PROTO_READING_SIZE;
		struct proto_reading r = make_reading(i, (unsigned)count);
		proto_encode_reading(rb, &r);
		sum = proto_checksum(sum, rb, PROTO_READING_SIZE);
	}

	int fd = connect_loopback((int)port, timeout);
	if (send_full(fd, buf, len) != 0)
		fail("send");
	free(buf);
	printf("sent count=%ld checksum=0x%08" PRIx32 "\n", count, sum);

	unsigned char ab[PROTO_ACK_SIZE];
	long n = recv_full(fd, ab, sizeof ab);
	if (n < 0)
		fail("recv");
	if (n < (long)sizeof ab)
		failf("ack: end of file after %ld of %d bytes", n, PROTO_ACK_SIZE);
	struct proto_ack a;
	int err = proto_decode_ack(&a, ab);
	if (err != PROTO_OK)
		failf("ack: %s", proto_strerror(err));
	if (a.count != (uint32_t)count || a.checksum != sum)
		failf("ack: count %" PRIu32 " checksum 0x%08" PRIx32 ", want count %ld checksum 0x%08" PRIx32,
		      a.count, a.checksum, count, sum);
	printf("ack count=%" PRIu32 " checksum=0x%08" PRIx32 "\n", a.count, a.checksum);
	if (close(fd) != 0)
		fail("close");
	if (fflush(stdout) != 0)
		fail("write");
	return 0;
}
