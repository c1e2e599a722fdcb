/*
 * alignment.h: the struct of document 000's "Alignment Issues" slide, a
 * (4-byte int), b (2-byte int), c (4-byte int), in the four forms the slide
 * discusses, and the char/int64/double struct that Go and C lay out
 * differently on 32-bit arm and mips.
 *
 * Field lists: each struct has an X-macro, <NAME>_FIELDS(X), that calls
 * X(struct, field, kind) once per field in declaration order, for programs
 * that walk fields generically (ctests/byteorder_*.c). kind is SINT, UINT,
 * FLOAT or BYTES, in host byte order, or NET: an unsigned integer in network
 * byte order (big-endian). A field whose name starts with '_' is padding:
 * never listed, never read, and written as zeros.
 */
#ifndef IPCC_ALIGNMENT_H
#define IPCC_ALIGNMENT_H

#include <stdint.h>

/*
 * alignment_natural: the slide's struct as declared. C pads 2 bytes after b
 * so that c is 4-aligned: 12 bytes on every architecture, not 10.
 */
struct alignment_natural {
	int32_t a; /* a 4-byte value, offset 0 */
	int16_t b; /* a 2-byte value, offset 4; 2 bytes of padding follow */
	int32_t c; /* a 4-byte value, offset 8 */
};

#define ALIGNMENT_NATURAL_FIELDS(X) \
	X(alignment_natural, a, SINT) \
	X(alignment_natural, b, SINT) \
	X(alignment_natural, c, SINT)

/*
 * alignment_reordered: the slide's first remedy, the 2-byte quantity last.
 * No hole between fields; 2 bytes of tail padding keep the size a multiple
 * of 4, so arrays of it stay aligned: 12 bytes.
 */
struct alignment_reordered {
	int32_t a; /* offset 0 */
	int32_t c; /* offset 4 */
	int16_t b; /* offset 8, then 2 bytes of tail padding */
};

#define ALIGNMENT_REORDERED_FIELDS(X) \
	X(alignment_reordered, a, SINT) \
	X(alignment_reordered, c, SINT) \
	X(alignment_reordered, b, SINT)

/*
 * alignment_packed: the 10-byte form the slide warns about. c sits at
 * offset 6, misaligned; the compiler reads it bytewise. Go has no packed
 * structs: its mirror holds each field as a byte array.
 */
struct alignment_packed {
	int32_t a; /* offset 0 */
	int16_t b; /* offset 4 */
	int32_t c; /* offset 6, misaligned */
} __attribute__((packed));

#define ALIGNMENT_PACKED_FIELDS(X) \
	X(alignment_packed, a, SINT) \
	X(alignment_packed, b, SINT) \
	X(alignment_packed, c, SINT)

/*
 * alignment_padded: the slide's second remedy, padding by hand. The hole
 * the compiler would insert is a named field, so every language and every
 * architecture sees the same 12 bytes.
 */
struct alignment_padded {
	int32_t a;       /* offset 0 */
	int16_t b;       /* offset 4 */
	uint8_t _pad[2]; /* offset 6, always zero */
	int32_t c;       /* offset 8 */
};

#define ALIGNMENT_PADDED_FIELDS(X) \
	X(alignment_padded, a, SINT) \
	X(alignment_padded, b, SINT) \
	X(alignment_padded, c, SINT)

/*
 * alignment_mixed: the arm trap. C aligns int64_t and double to 8 inside
 * structs on arm and mips (24 bytes, count at 8) but to 4 on 386 (20 bytes,
 * count at 4); Go aligns them to 4 on every 32-bit architecture. The Go
 * mirror spells the hole after tag as a blank field, 7 bytes long except on
 * 386 where it is 3, in per-architecture files.
 */
struct alignment_mixed {
	char tag;      /* a single character, offset 0 */
	int64_t count; /* a 64-bit count, offset 8 (4 on 386) */
	double ratio;  /* a double, offset 16 (12 on 386) */
};

#define ALIGNMENT_MIXED_FIELDS(X) \
	X(alignment_mixed, tag, BYTES) \
	X(alignment_mixed, count, SINT) \
	X(alignment_mixed, ratio, FLOAT)

#endif /* IPCC_ALIGNMENT_H */
