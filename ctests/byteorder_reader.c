/*
 * byteorder_reader: reads a snapshot written by byteorder_writer (C or Go,
 * on any architecture) and checks every field of every struct, decoding
 * each at this program's own offset for it, in the byte order the writer
 * declared (big-endian for network-order fields). A mismatch names the
 * field: "frame_header.length: have 0x14131211, want 0x11121314".
 *
 * usage: byteorder_reader -i file
 *
 * A struct whose size differs from the writer's (a C long, or int64_t
 * alignment, that differs between the two architectures) cannot be
 * compared byte for byte; it is reported as "skip" on stdout.
 *
 * Exit status: 0 every field matched, 1 a mismatch or a bad snapshot,
 * 2 bad usage.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alignment.h"
#include "framing.h"
#include "msgq.h"
#include "peer.h"
#include "ring.h"
#include "shm_struct.h"

#define USAGE "byteorder_reader -i file"

#define SOCKADDR_IN_FIELDS(X) \
	X(sockaddr_in, sin_family, UINT) \
	X(sockaddr_in, sin_port, NET) \
	X(sockaddr_in, sin_addr, NET) \
	X(sockaddr_in, sin_zero, BYTES)

#define ALL_STRUCTS(S) \
	S(alignment_natural, ALIGNMENT_NATURAL_FIELDS) \
	S(alignment_reordered, ALIGNMENT_REORDERED_FIELDS) \
	S(alignment_packed, ALIGNMENT_PACKED_FIELDS) \
	S(alignment_padded, ALIGNMENT_PADDED_FIELDS) \
	S(alignment_mixed, ALIGNMENT_MIXED_FIELDS) \
	S(ipcc_msgbuf, IPCC_MSGBUF_FIELDS) \
	S(some_data_structure, SOME_DATA_STRUCTURE_FIELDS) \
	S(ring_header, RING_HEADER_FIELDS) \
	S(ring_item, RING_ITEM_FIELDS) \
	S(frame_header, FRAME_HEADER_FIELDS) \
	S(sockaddr_in, SOCKADDR_IN_FIELDS)

enum kind { SINT, UINT, FLOAT, BYTES, NET };

static int host_big_endian(void)
{
	const uint16_t one = 1;
	unsigned char b[2];
	memcpy(b, &one, 2);
	return b[0] == 0;
}

/* pattern writes field number k's value, size bytes, most significant
 * byte first: k*16+1, k*16+2, … Floats are k + 1/3 instead. */
static void pattern(unsigned char *out, size_t size, int k, enum kind kind)
{
	if (kind == FLOAT) {
		unsigned char tmp[8];
		if (size == sizeof(double)) {
			double d = k + 1.0 / 3;
			memcpy(tmp, &d, size);
		} else {
			float f = (float)(k + 1.0 / 3);
			memcpy(tmp, &f, size);
		}
		/* to most significant byte first */
		for (size_t i = 0; i < size; i++)
			out[i] = host_big_endian() ? tmp[i] : tmp[size - 1 - i];
		return;
	}
	for (size_t i = 0; i < size; i++)
		out[i] = (unsigned char)(k * 16 + i + 1);
}

static int writer_big_endian;
static int failures, structs_checked, fields_checked;

/* check decodes field number k of struct s from the writer's bytes. */
static void check(const char *s, const char *fld, const unsigned char *mem, size_t off, size_t size, int k, enum kind kind)
{
	unsigned char want[256];
	if (size > sizeof want)
		abort();
	pattern(want, size, k, kind);
	/* The writer's bytes, most significant first. */
	int reverse = (kind == SINT || kind == UINT || kind == FLOAT) && !writer_big_endian;
	unsigned char have[256];
	for (size_t i = 0; i < size; i++)
		have[i] = reverse ? mem[off + size - 1 - i] : mem[off + i];
	fields_checked++;
	if (memcmp(have, want, size) == 0)
		return;
	failures++;
	fprintf(stderr, "%s.%s: have 0x", s, fld);
	for (size_t i = 0; i < size; i++)
		fprintf(stderr, "%02x", have[i]);
	fprintf(stderr, ", want 0x");
	for (size_t i = 0; i < size; i++)
		fprintf(stderr, "%02x", want[i]);
	fprintf(stderr, "\n");
}

#define FIELD(s, fld, kind) \
	k++; \
	check(#s, #fld, mem, offsetof(struct s, fld), sizeof(((struct s *)0)->fld), k, kind);

#define STRUCT(s, list) \
	if (strcmp(name, #s) == 0) { \
		int k = 0; \
		if (size != sizeof(struct s)) { \
			printf("skip %s: %zu bytes from the writer, %zu here\n", #s, size, sizeof(struct s)); \
			return; \
		} \
		list(FIELD) \
		(void)k; \
		structs_checked++; \
		return; \
	}

static void check_struct(const char *name, const unsigned char *mem, size_t size)
{
	ALL_STRUCTS(STRUCT)
	fprintf(stderr, "unknown struct %s\n", name);
	failures++;
}

static int unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static void bad_snapshot(const char *why)
{
	fprintf(stderr, "bad snapshot: %s\n", why);
	exit(PEER_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	const char *in = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-i") == 0 && i + 1 < argc)
			in = argv[++i];
		else
			peer_usage(USAGE);
	}
	if (in == NULL)
		peer_usage(USAGE);
	FILE *f = fopen(in, "r");
	if (f == NULL)
		peer_fail("open");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (lineno == 1) {
			if (strcmp(line, "ipcconform-byteorder 1") != 0)
				bad_snapshot("no ipcconform-byteorder 1 line");
			continue;
		}
		if (lineno == 2) {
			if (strcmp(line, "order big") == 0)
				writer_big_endian = 1;
			else if (strcmp(line, "order little") != 0)
				bad_snapshot("no order line");
			continue;
		}
		char name[64], hex[1024];
		size_t size;
		if (sscanf(line, "struct %63s %zu %1023s", name, &size, hex) != 3 || strlen(hex) != 2 * size)
			bad_snapshot(line);
		unsigned char mem[512];
		if (size > sizeof mem)
			bad_snapshot("struct too large");
		for (size_t i = 0; i < size; i++) {
			int hi = unhex(hex[2 * i]), lo = unhex(hex[2 * i + 1]);
			if (hi < 0 || lo < 0)
				bad_snapshot("bad hex");
			mem[i] = (unsigned char)(hi * 16 + lo);
		}
		check_struct(name, mem, size);
	}
	if (ferror(f))
		peer_fail("read");
	free(line);
	fclose(f);
	if (lineno < 2)
		bad_snapshot("too short");
	printf("checked %d structs, %d fields\n", structs_checked, fields_checked);
	return failures ? PEER_EXIT_FAIL : 0;
}
