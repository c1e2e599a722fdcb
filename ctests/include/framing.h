/*
 * framing.h: the framing of document 000's "Framing and Parsing" slide.
 * One send() is not one recv() on a stream socket, so every message on a
 * framed stream is a struct frame_header followed by length payload bytes.
 * All header fields are in network byte order (htonl/htons when sending,
 * ntohl/ntohs when receiving); the header has no padding, so its 8 bytes
 * are the same in memory on every architecture.
 *
 * Field lists: see alignment.h for the <NAME>_FIELDS(X) convention.
 */
#ifndef IPCC_FRAMING_H
#define IPCC_FRAMING_H

#include <stdint.h>

/* The largest payload a frame may announce; a longer length is an error. */
#define FRAME_MAX_PAYLOAD 65536

/* The size of struct frame_header on the wire. */
#define FRAME_HEADER_SIZE 8

/* frame_header.type values. */
#define FRAME_TYPE_DATA 1 /* payload is application data */
#define FRAME_TYPE_END 2  /* no more frames follow; length is 0 */

struct frame_header {
	uint32_t length; /* offset 0: payload bytes that follow, <= FRAME_MAX_PAYLOAD */
	uint16_t type;   /* offset 4: FRAME_TYPE_* */
	uint16_t flags;  /* offset 6: reserved, zero */
};

#define FRAME_HEADER_FIELDS(X) \
	X(frame_header, length, NET) \
	X(frame_header, type, NET) \
	X(frame_header, flags, NET)

#endif /* IPCC_FRAMING_H */
