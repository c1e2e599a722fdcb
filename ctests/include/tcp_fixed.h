/*
 * tcp_fixed.h: the fixed-size request/reply protocol of the stream socket
 * client and server of document 002 ("Socket Example"). The client writes
 * CLIENT_BYTES bytes, CLIENT_STR with its NUL; the server reads exactly
 * that many, however TCP splits them, and replies SERVER_BYTES bytes.
 */
#ifndef IPCCONFORM_TCP_FIXED_H
#define IPCCONFORM_TCP_FIXED_H

#define TCP_FIXED_PORT 5001 /* the server's default port */
#define TCP_FIXED_BACKLOG 5 /* listen(serverfd, 5), as in the document */

#define CLIENT_STR "Hello, server"
#define CLIENT_BYTES 14 /* sizeof CLIENT_STR: the string and its NUL */
#define SERVER_STR "Hello, client; goodbye"
#define SERVER_BYTES 23 /* sizeof SERVER_STR */

_Static_assert(sizeof CLIENT_STR == CLIENT_BYTES, "CLIENT_BYTES");
_Static_assert(sizeof SERVER_STR == SERVER_BYTES, "SERVER_BYTES");

#endif
