/* cli.c: errors, usage, numbers and the ready file. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fail(const char *call)
{
	const char *name = strerrorname_np(errno);
	fprintf(stderr, "%s: %s\n", call, name ? name : "EUNKNOWN");
	exit(EXIT_FAILURE);
}

void failf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

void usage(const char *line)
{
	fprintf(stderr, "usage: %s\n", line);
	exit(EXIT_USAGE);
}

long number(const char *s, long min, long max, const char *line)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "bad number %s\n", s);
		usage(line);
	}
	return v;
}

void write_ready(const char *path, long value)
{
	if (path == NULL)
		return;
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		fail("open");
	}
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		fail("open");
	if (fprintf(f, "%ld\n", value) < 0)
		fail("write");
	if (fclose(f) != 0)
		fail("write");
	if (rename(tmp, path) != 0)
		fail("rename");
}
