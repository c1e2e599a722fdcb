/*
 * net.h: TCP over loopback with a deadline on every wait.
 */
#ifndef NET_H
#define NET_H

#include <stddef.h>

/* listen_loopback listens on 127.0.0.1:port (0: any free port) and
 * returns the socket; *bound is the port it got. */
int listen_loopback(int port, int *bound);
/* accept_within waits up to secs seconds for one connection. */
int accept_within(int lfd, long secs);
/* connect_loopback connects to 127.0.0.1:port. */
int connect_loopback(int port, long secs);
/* set_timeouts makes every later send and recv on fd give up after secs. */
void set_timeouts(int fd, long secs);
/* recv_full reads exactly len bytes, however the stream splits them: it
 * returns len, or the bytes read before end of file, or -1 with errno. */
long recv_full(int fd, void *buf, size_t len);
/* send_full writes all len bytes, or returns -1 with errno. */
int send_full(int fd, const void *buf, size_t len);

#endif /* NET_H */
