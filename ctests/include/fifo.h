/*
 * fifo.h: the records several writers send one reader through a named pipe
 * (documents 001 and 003, "Named Pipes (FIFOs)"). A write of at most
 * PIPE_BUF bytes to a pipe is atomic: it is never interleaved with another
 * writer's. So each record, struct fifo_record and then its payload, is at
 * most FIFO_RECORD_MAX bytes and goes out in one write(); the reader checks
 * that no record was interleaved (magic, length and checksum), lost or
 * reordered (each writer's sequence numbers count up from 1).
 *
 * Every header field is in network byte order, so writers and readers on
 * architectures of either byte order agree. The payload is a pattern that
 * fifo_payload_byte gives, and checksum is FNV-1a (32 bits) over it.
 */
#ifndef IPCCONFORM_FIFO_H
#define IPCCONFORM_FIFO_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define FIFO_PATH "/tmp/ipcconform.fifo" /* the default name; scripts pass their own */
#define FIFO_MAGIC 0x46494630u            /* "FIF0" */
#define FIFO_RECORD_MAX PIPE_BUF          /* a write this long or less is atomic */
#define FIFO_HEADER_BYTES 20              /* sizeof(struct fifo_record) */
#define FIFO_RECORDS 2000                 /* records a writer sends by default */
#define FIFO_MAX_WRITERS 64               /* writer ids are 1..FIFO_MAX_WRITERS */
#define FIFO_FNV_OFFSET 2166136261u       /* FNV-1a 32-bit offset basis */
#define FIFO_FNV_PRIME 16777619u          /* FNV-1a 32-bit prime */

struct fifo_record {
	uint32_t magic;    /* offset 0: FIFO_MAGIC */
	uint32_t writer;   /* offset 4: the writer's id, 1..FIFO_MAX_WRITERS */
	uint32_t seq;      /* offset 8: the writer's record number, from 1 */
	uint32_t length;   /* offset 12: the whole record, header included */
	uint32_t checksum; /* offset 16: FNV-1a of the payload */
};

_Static_assert(sizeof(struct fifo_record) == FIFO_HEADER_BYTES, "FIFO_HEADER_BYTES");

/* fifo_record_length is the length of a writer's record seq: it varies
 * over every size from the header alone up to FIFO_RECORD_MAX, and every
 * seventh record is exactly FIFO_RECORD_MAX. */
static inline uint32_t fifo_record_length(uint32_t writer, uint32_t seq)
{
	if (seq % 7 == 0)
		return FIFO_RECORD_MAX;
	uint32_t spread = FIFO_RECORD_MAX - FIFO_HEADER_BYTES + 1;
	return FIFO_HEADER_BYTES + (writer * 2654435761u + seq * 40503u) % spread;
}

/* fifo_payload_byte is byte i of the payload of a writer's record seq. */
static inline uint8_t fifo_payload_byte(uint32_t writer, uint32_t seq, uint32_t i)
{
	return (uint8_t)(writer * 131u + seq * 17u + i);
}

/* fifo_checksum is FNV-1a over len bytes. */
static inline uint32_t fifo_checksum(const uint8_t *p, size_t len)
{
	uint32_t h = FIFO_FNV_OFFSET;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FIFO_FNV_PRIME;
	}
	return h;
}

#endif
