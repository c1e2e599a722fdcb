/* checksum.c: 32-bit FNV-1a, which needs no table and no byte order. */
#include "proto.h"

uint32_t proto_checksum(uint32_t sum, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		sum ^= p[i];
		sum *= 16777619u;
	}
	return sum;
}
