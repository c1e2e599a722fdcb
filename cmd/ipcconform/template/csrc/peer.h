/*
 * peer.h: what both C peers share: errors as "call: ENAME" on stderr,
 * exit status 0 on success, 1 on a failure, 2 on bad usage, and reads and
 * writes that move every byte.
 */
#ifndef PEER_H
#define PEER_H

#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void fail(const char *call)
{
	const char *name = strerrorname_np(errno);
	fprintf(stderr, "%s: %s\n", call, name ? name : "EUNKNOWN");
	exit(1);
}

static inline void usage(const char *line)
{
	fprintf(stderr, "usage: %s\n", line);
	exit(2);
}

/* full moves exactly n bytes through read or write; 0 at end of file. */
static inline int full(ssize_t (*op)(int, void *, size_t), int fd, void *buf, size_t n, const char *call)
{
	for (size_t done = 0; done < n;) {
		ssize_t r = op(fd, (char *)buf + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			fail(call);
		if (r == 0)
			return 0;
		done += (size_t)r;
	}
	return 1;
}

static inline ssize_t write_op(int fd, void *buf, size_t n) { return write(fd, buf, n); }

#endif
