/*
 * ring.h: document 001's bounded buffer (BUFFER_SIZE slots, in and out
 * indices, holding at most BUFFER_SIZE-1 items) placed in shared memory
 * between processes. The segment holds a struct ring_header followed by
 * capacity struct ring_item slots; its size is RING_SEGMENT_SIZE(capacity).
 *
 * Concurrency: in, out and futex are 32-bit words at 4-aligned offsets, for
 * C11 atomics (GCC __atomic builtins) and Go's sync/atomic.*Uint32. The two
 * 64-bit counters sit at 8-aligned offsets and the header is a multiple of
 * 8 bytes, so 64-bit atomics are aligned on every architecture (including
 * 386 and arm, where Go requires it) as long as the segment is: shmat and
 * mmap return page-aligned addresses. Go mirrors use plain uint64 fields,
 * not atomic.Uint64, whose forced 8-byte alignment C lacks on 386.
 *
 * Field lists: see alignment.h for the <NAME>_FIELDS(X) convention.
 */
#ifndef IPCC_RING_H
#define IPCC_RING_H

#include <stdint.h>

/* The document's BUFFER_SIZE: the default number of slots. */
#define BUFFER_SIZE 10

/* ring_header.magic: "RING" read as a big-endian 32-bit word. */
#define RING_MAGIC 0x52494e47u

/* The size of one slot, struct ring_item. */
#define RING_ITEM_SIZE 64

/* The capacity of ring_item.payload. */
#define RING_PAYLOAD_SIZE 48

/* The size of a segment holding a header and capacity slots. */
#define RING_SEGMENT_SIZE(capacity) \
	(sizeof(struct ring_header) + (size_t)(capacity) * sizeof(struct ring_item))

/* ring_item: one slot, RING_ITEM_SIZE bytes. */
struct ring_item {
	uint64_t seq;                       /* offset 0: producer's sequence number, from 1 */
	uint64_t checksum;                  /* offset 8: FNV-1a 64 of payload */
	char payload[RING_PAYLOAD_SIZE];    /* offset 16: item bytes, unused ones zero */
};

#define RING_ITEM_FIELDS(X) \
	X(ring_item, seq, UINT) \
	X(ring_item, checksum, UINT) \
	X(ring_item, payload, BYTES)

/* ring_header: the start of the segment, 40 bytes. */
struct ring_header {
	uint32_t magic;     /* offset 0: RING_MAGIC once the creator has initialised it */
	uint32_t capacity;  /* offset 4: number of slots, BUFFER_SIZE by default */
	uint32_t item_size; /* offset 8: RING_ITEM_SIZE, checked by every attacher */
	uint32_t futex;     /* offset 12: futex word, bumped on every in/out change */
	uint32_t in;        /* offset 16: next slot the producer fills (atomic) */
	uint32_t out;       /* offset 20: next slot the consumer empties (atomic) */
	uint64_t produced;  /* offset 24: items produced so far (64-bit atomic) */
	uint64_t consumed;  /* offset 32: items consumed so far (64-bit atomic) */
};

#define RING_HEADER_FIELDS(X) \
	X(ring_header, magic, UINT) \
	X(ring_header, capacity, UINT) \
	X(ring_header, item_size, UINT) \
	X(ring_header, futex, UINT) \
	X(ring_header, in, UINT) \
	X(ring_header, out, UINT) \
	X(ring_header, produced, UINT) \
	X(ring_header, consumed, UINT)

#endif /* IPCC_RING_H */
