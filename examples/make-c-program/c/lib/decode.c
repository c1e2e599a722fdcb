/* decode.c: wire bytes to structs, checking what a receiver must check. */
#include "proto.h"

#include "be.h"

#include <string.h>

#define AT(in, s, f) ((in) + offsetof(struct s, f))

int proto_decode_header(struct proto_header *h, const unsigned char in[PROTO_HEADER_SIZE])
{
	h->magic = get_be32(AT(in, proto_header, magic));
	h->version = get_be16(AT(in, proto_header, version));
	h->count = get_be16(AT(in, proto_header, count));
	if (h->magic != PROTO_MAGIC)
		return PROTO_EMAGIC;
	if (h->version != PROTO_VERSION)
		return PROTO_EVERSION;
	if (h->count > PROTO_MAX_COUNT)
		return PROTO_ECOUNT;
	return PROTO_OK;
}

int proto_decode_reading(struct proto_reading *r, const unsigned char in[PROTO_READING_SIZE])
{
	r->timestamp_ns = get_be64(AT(in, proto_reading, timestamp_ns));
	r->seq = get_be32(AT(in, proto_reading, seq));
	r->millidegrees = (int32_t)get_be32(AT(in, proto_reading, millidegrees));
	r->rssi = (int16_t)get_be16(AT(in, proto_reading, rssi));
	r->flags = *AT(in, proto_reading, flags);
	r->_pad = *AT(in, proto_reading, _pad);
	memcpy(r->name, AT(in, proto_reading, name), PROTO_NAME_SIZE);
	return r->_pad != 0 ? PROTO_EPAD : PROTO_OK;
}

int proto_decode_ack(struct proto_ack *a, const unsigned char in[PROTO_ACK_SIZE])
{
	a->magic = get_be32(AT(in, proto_ack, magic));
	a->count = get_be32(AT(in, proto_ack, count));
	a->checksum = get_be32(AT(in, proto_ack, checksum));
	return a->magic != PROTO_MAGIC ? PROTO_EMAGIC : PROTO_OK;
}

const char *proto_strerror(int err)
{
	switch (err) {
	case PROTO_OK: return "ok";
	case PROTO_EMAGIC: return "bad magic";
	case PROTO_EVERSION: return "unsupported version";
	case PROTO_ECOUNT: return "too many readings";
	case PROTO_EPAD: return "padding not zero";
	}
	return "unknown error";
}
