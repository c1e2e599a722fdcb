/*
 * udp.h: the datagram protocol of document 000's connectionless client
 * and server (sendto/recvfrom; message boundaries; a datagram longer than
 * the buffer is cut and the rest discarded; send/recv on a connected
 * datagram socket). The sender sends datagrams of the lengths it is
 * given, byte i of a datagram of length n being udp_pattern(n, i); after
 * each the receiver answers with an ack of UDP_ACK_BYTES, the length it
 * saw (its real length, even when cut) as a uint32 in network byte order.
 *
 * UDP may lose datagrams, but on loopback only a full receive buffer
 * drops one. The sender waits for each ack before the next datagram, so
 * the receiver never holds more than one: the run is deterministic.
 */
#ifndef IPCCONFORM_UDP_H
#define IPCCONFORM_UDP_H

#include <stdint.h>

#define UDP_DATAGRAM_PORT 8888 /* "a TCP port 8888 and a UDP port 8888" */
#define UDP_MAX_DATAGRAM 65507 /* 65535 less the IPv4 (20) and UDP (8) headers */
#define UDP_MAX_DATAGRAMS 64   /* datagrams one sender may send */
#define UDP_ACK_BYTES 4        /* an ack: uint32 length, network byte order */

/* udp_pattern is byte i of a datagram of length n. The period 251 is
 * prime, so a shifted or cut datagram never matches by chance. */
static inline unsigned char udp_pattern(uint32_t n, uint32_t i)
{
	return (unsigned char)((i + n) % 251);
}

#endif
