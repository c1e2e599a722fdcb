/*
 * byteorder_writer: fills every field of every shared struct with a value
 * of its own (no two bytes of a field alike, so a swap shows) and writes
 * each struct's raw memory to a snapshot file, for byteorder_reader (C or
 * Go, on this or another architecture) to decode field by field.
 *
 * usage: byteorder_writer -o file [-corrupt struct.field]
 *
 * -corrupt writes that one field with its bytes reversed, as a sender that
 * forgets htons would: the reader must then fail naming the field.
 *
 * Snapshot format, one line each:
 *   ipcconform-byteorder 1
 *   order little|big
 *   struct <name> <size> <hex bytes>
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

#define USAGE "byteorder_writer -o file [-corrupt struct.field]"

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

/* store puts field number k into mem at off in the byte order its kind
 * asks for: big-endian for NET, the host's for numbers, as-is for bytes. */
static void store(unsigned char *mem, size_t off, size_t size, int k, enum kind kind, int corrupt)
{
	unsigned char v[256];
	if (size > sizeof v)
		abort();
	pattern(v, size, k, kind);
	int reverse = (kind == SINT || kind == UINT || kind == FLOAT) && !host_big_endian();
	if (corrupt)
		reverse = !reverse;
	for (size_t i = 0; i < size; i++)
		mem[off + i] = reverse ? v[size - 1 - i] : v[i];
}

static const char *corrupt_field;

static void write_struct(FILE *f, const char *name, const unsigned char *mem, size_t size)
{
	fprintf(f, "struct %s %zu ", name, size);
	for (size_t i = 0; i < size; i++)
		fprintf(f, "%02x", mem[i]);
	fputc('\n', f);
}

#define FIELD(s, fld, kind) \
	k++; \
	store(mem, offsetof(struct s, fld), sizeof(((struct s *)0)->fld), k, kind, \
	      corrupt_field != NULL && strcmp(corrupt_field, #s "." #fld) == 0);

#define STRUCT(s, list) \
	{ \
		unsigned char mem[sizeof(struct s)]; \
		int k = 0; \
		memset(mem, 0, sizeof mem); \
		list(FIELD) \
		(void)k; \
		write_struct(f, #s, mem, sizeof mem); \
	}

int main(int argc, char **argv)
{
	const char *out = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-corrupt") == 0 && i + 1 < argc)
			corrupt_field = argv[++i];
		else
			peer_usage(USAGE);
	}
	if (out == NULL)
		peer_usage(USAGE);
	FILE *f = fopen(out, "w");
	if (f == NULL)
		peer_fail("open");
	fprintf(f, "ipcconform-byteorder 1\norder %s\n", host_big_endian() ? "big" : "little");
	ALL_STRUCTS(STRUCT)
	if (fclose(f) != 0)
		peer_fail("write");
	return 0;
}
