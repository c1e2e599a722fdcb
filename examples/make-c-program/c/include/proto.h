/*
 * proto.h: the readings protocol. A sensor sends one header and then
 * `count` readings; the collector answers with one ack. Every integer is
 * big-endian on the wire, and each struct is laid out with no implicit
 * padding, so that its C layout is its wire layout: byte i of a field on
 * the wire is at offsetof(struct, field) + i. The Go package
 * example.com/ipcconform-examples/makecprogram/proto mirrors these
 * structs and constants; ipcconform's layout check keeps the two equal.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>
#include <stdint.h>

/* "PRT1": the first four bytes of a header and of an ack. */
#define PROTO_MAGIC 0x50525431u
#define PROTO_VERSION 1
/* The capacity of proto_reading.name, NUL padding included. */
#define PROTO_NAME_SIZE 12
/* The most readings one header may announce. */
#define PROTO_MAX_COUNT 1000

struct proto_header {
	uint32_t magic;   /* PROTO_MAGIC */
	uint16_t version; /* PROTO_VERSION */
	uint16_t count;   /* readings that follow, at most PROTO_MAX_COUNT */
};

struct proto_reading {
	uint64_t timestamp_ns;      /* offset 0: nanoseconds since the epoch */
	uint32_t seq;               /* offset 8: the sensor's sequence number */
	int32_t millidegrees;       /* offset 12: temperature, may be negative */
	int16_t rssi;               /* offset 16: signal strength in dBm */
	uint8_t flags;              /* offset 18: PROTO_FLAG_* bits */
	uint8_t _pad;               /* offset 19: zero on the wire */
	char name[PROTO_NAME_SIZE]; /* offset 20: NUL-padded, not terminated when full */
};

struct proto_ack {
	uint32_t magic;    /* PROTO_MAGIC */
	uint32_t count;    /* readings received */
	uint32_t checksum; /* proto_checksum of their wire bytes */
};

/* The reading's value is an estimate, not a measurement. */
#define PROTO_FLAG_ESTIMATED 0x01
/* The sensor's battery is low. */
#define PROTO_FLAG_LOW_BATTERY 0x80

/* Wire sizes, equal to the structs' sizes (proto.c asserts it). */
#define PROTO_HEADER_SIZE 8
#define PROTO_READING_SIZE 32
#define PROTO_ACK_SIZE 12

/* Errors of the decoders, which return 0 or one of these. */
enum proto_error {
	PROTO_OK = 0,
	PROTO_EMAGIC,   /* the magic is not PROTO_MAGIC */
	PROTO_EVERSION, /* the version is not PROTO_VERSION */
	PROTO_ECOUNT,   /* more than PROTO_MAX_COUNT readings */
	PROTO_EPAD,     /* a padding byte is not zero */
};

void proto_encode_header(unsigned char out[PROTO_HEADER_SIZE], const struct proto_header *h);
int proto_decode_header(struct proto_header *h, const unsigned char in[PROTO_HEADER_SIZE]);
void proto_encode_reading(unsigned char out[PROTO_READING_SIZE], const struct proto_reading *r);
int proto_decode_reading(struct proto_reading *r, const unsigned char in[PROTO_READING_SIZE]);
void proto_encode_ack(unsigned char out[PROTO_ACK_SIZE], const struct proto_ack *a);
int proto_decode_ack(struct proto_ack *a, const unsigned char in[PROTO_ACK_SIZE]);

/* proto_checksum continues a 32-bit FNV-1a hash over len bytes; start
 * with PROTO_CHECKSUM_INIT. */
#define PROTO_CHECKSUM_INIT 2166136261u
uint32_t proto_checksum(uint32_t sum, const unsigned char *p, size_t len);

/* proto_strerror names a decoder's error. */
const char *proto_strerror(int err);

#endif /* PROTO_H */
