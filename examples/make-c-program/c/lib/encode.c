/* encode.c: structs to wire bytes, each field at its offset in the struct. */
#include "proto.h"

#include "be.h"

#include <string.h>

/* The wire layout is the struct layout: no implicit padding anywhere. */
_Static_assert(sizeof(struct proto_header) == PROTO_HEADER_SIZE, "proto_header has padding");
_Static_assert(sizeof(struct proto_reading) == PROTO_READING_SIZE, "proto_reading has padding");
_Static_assert(sizeof(struct proto_ack) == PROTO_ACK_SIZE, "proto_ack has padding");

#define AT(out, s, f) ((out) + offsetof(struct s, f))

void proto_encode_header(unsigned char out[PROTO_HEADER_SIZE], const struct proto_header *h)
{
	put_be32(AT(out, proto_header, magic), h->magic);
	put_be16(AT(out, proto_header, version), h->version);
	put_be16(AT(out, proto_header, count), h->count);
}

void proto_encode_reading(unsigned char out[PROTO_READING_SIZE], const struct proto_reading *r)
{
	put_be64(AT(out, proto_reading, timestamp_ns), r->timestamp_ns);
	put_be32(AT(out, proto_reading, seq), r->seq);
	put_be32(AT(out, proto_reading, millidegrees), (uint32_t)r->millidegrees);
	put_be16(AT(out, proto_reading, rssi), (uint16_t)r->rssi);
	*AT(out, proto_reading, flags) = r->flags;
	*AT(out, proto_reading, _pad) = 0;
	memcpy(AT(out, proto_reading, name), r->name, PROTO_NAME_SIZE);
}

void proto_encode_ack(unsigned char out[PROTO_ACK_SIZE], const struct proto_ack *a)
{
	put_be32(AT(out, proto_ack, magic), a->magic);
	put_be32(AT(out, proto_ack, count), a->count);
	put_be32(AT(out, proto_ack, checksum), a->checksum);
}
