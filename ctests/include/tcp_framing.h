/*
 * tcp_framing.h: the length-prefixed protocol of document 000's "Framing
 * and Parsing" slide, over TCP. Every message is a struct frame_header
 * (framing.h: length, type and flags in network byte order) and length
 * payload bytes; a FRAME_TYPE_END frame ends the stream. The payload of a
 * frame of length n is the pattern frame_pattern(n, i), so that the reader
 * can check every byte; each side prints a frame's checksum (32-bit
 * FNV-1a of its payload) so that the two outputs compare byte for byte.
 */
#ifndef IPCCONFORM_TCP_FRAMING_H
#define IPCCONFORM_TCP_FRAMING_H

#include <stddef.h>
#include <stdint.h>

#include "framing.h"

#define TCP_FRAMING_PORT 8888 /* "a TCP port 8888 and a UDP port 8888" */
#define TCP_FRAMING_BACKLOG 5
#define TCP_FRAMING_MAX_FRAMES 64 /* frames one writer may send */

#define FRAME_CHECKSUM_BASIS 2166136261u /* FNV-1a offset basis */
#define FRAME_CHECKSUM_PRIME 16777619u   /* FNV-1a prime */

/* frame_pattern is byte i of the payload of a frame of length n: letters,
 * shifted by n so that frames of different lengths differ. */
static inline unsigned char frame_pattern(uint32_t n, uint32_t i)
{
	return (unsigned char)('a' + (i + n) % 26);
}

/* frame_checksum is the 32-bit FNV-1a hash of p[0:n]. */
static inline uint32_t frame_checksum(const unsigned char *p, size_t n)
{
	uint32_t h = FRAME_CHECKSUM_BASIS;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FRAME_CHECKSUM_PRIME;
	}
	return h;
}

#endif
