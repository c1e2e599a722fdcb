/*
 * peer.h: conventions every C peer shares with its Go counterpart
 * (gosides/peer): error messages naming the call and the errno, exit
 * statuses, ready files, and reads and writes that move every byte.
 *
 * Exit status: 0 success, 1 a system call, protocol or content failure,
 * 2 bad usage. Errors go to stderr as "call: ENAME", e.g. "shmget: EEXIST".
 */
#ifndef IPCCONFORM_PEER_H
#define IPCCONFORM_PEER_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define PEER_EXIT_FAIL 1
#define PEER_EXIT_USAGE 2

/* errno_name returns the symbolic name of err ("EEXIST"). */
static inline const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);
	return name ? name : "EUNKNOWN";
}

/* peer_error reports a failed call as "call: ENAME" on stderr. */
static inline void peer_error(const char *call)
{
	int err = errno;
	fprintf(stderr, "%s: %s\n", call, errno_name(err));
	fflush(stderr);
}

/* peer_fail reports a failed call and exits with status 1. */
static inline void peer_fail(const char *call)
{
	peer_error(call);
	exit(PEER_EXIT_FAIL);
}

/* peer_usage prints the usage line and exits with status 2. */
static inline void peer_usage(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(PEER_EXIT_USAGE);
}

/* parse_long parses a whole decimal (or 0x hex, or 0 octal) number in
 * [min, max], or exits with the usage line. */
static inline long parse_long(const char *s, long min, long max, const char *usage)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "bad number %s\n", s);
		peer_usage(usage);
	}
	return v;
}

/* peer_ready writes one line to path, atomically (a temporary file renamed
 * into place), so that a reader never sees half of it. A NULL path is no
 * request at all. */
static inline void peer_ready(const char *path, const char *fmt, ...)
{
	if (path == NULL)
		return;
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		peer_fail("open");
	}
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		peer_fail("open");
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	if (fclose(f) != 0)
		peer_fail("write");
	if (rename(tmp, path) != 0)
		peer_fail("rename");
}

/* read_full reads until len bytes arrived, end of file, or an error: a
 * stream may deliver one write in many pieces. It returns the bytes read,
 * or -1 with errno set (bytes read before the error are lost to the
 * caller, which treats the whole message as failed). */
static inline ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* write_full writes all len bytes, resuming after short writes. */
static inline int write_full(int fd, const void *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

#endif
