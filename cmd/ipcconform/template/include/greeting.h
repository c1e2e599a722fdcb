/*
 * greeting.h: the one truth of what crosses the language boundary. The
 * layout check compares struct greeting and every constant here with the
 * Go mirror in package greeting, on every architecture.
 *
 * On the wire a greeting is the struct's bytes, every integer in network
 * byte order (big-endian), so that peers of either byte order agree.
 */
#ifndef GREETING_H
#define GREETING_H

#include <stdint.h>

#define GREETING_MAGIC 0x47524545u /* "GREE" */
#define GREETING_VERSION 1
#define GREETING_NAME_LEN 16

struct greeting {
	uint32_t magic;
	uint16_t version;
	uint16_t flags;
	int64_t seq;
	char name[GREETING_NAME_LEN]; /* NUL-padded */
};

#endif
