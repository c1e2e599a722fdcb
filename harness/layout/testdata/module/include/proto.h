/*
 * proto.h: the C truth of harness/layout's own tests, a module of its own
 * that shares nothing with the repository it sits in. Each struct is a
 * case the check must get right: natural padding, the arm alignment trap,
 * a prefix stripped from names, renamed, opaque and skipped fields.
 */
#ifndef LT_PROTO_H
#define LT_PROTO_H

#include <stdint.h>

/* Padded by C after b: c is at 8 on every architecture. */
struct alignment_natural {
	int32_t a;
	int16_t b;
	int32_t c;
};

/* int64_t and double are 8-aligned on arm and mips, 4-aligned on 386. */
struct alignment_mixed {
	char tag;
	int64_t count;
	double ratio;
};

/* Sent in network byte order; no padding. */
struct frame_header {
	uint32_t length;
	uint16_t type;
	uint16_t flags;
};

#define FRAME_MAX_PAYLOAD 65536
#define FRAME_GREETING "hello"

/* Prefixed: its mirror is Message, LT_VERSION's is Version. */
struct lt_message {
	struct frame_header hdr;
	uint8_t addr[4];   /* an address as bytes: compared as opaque */
	uint32_t seq_no;      /* renamed: Go calls it Sequence */
	int64_t stamp;
	uint32_t reserved[2]; /* skipped: Go has a blank field there */
};

#define LT_VERSION 3
#define LT_NOT_A_CONSTANT lt_runtime_value()

#endif /* LT_PROTO_H */
