/*
 * cli.h: what both programs share with every ipcconform peer: exit
 * statuses (0 ok, 1 failure, 2 usage), errors as "call: ENAME" on stderr,
 * numbers checked against a range, and a ready file written atomically.
 */
#ifndef CLI_H
#define CLI_H

#define EXIT_USAGE 2

/* fail reports errno as "call: ENAME" and exits 1. */
_Noreturn void fail(const char *call);
/* failf reports a message and exits 1. */
_Noreturn void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* usage prints the usage line and exits 2. */
_Noreturn void usage(const char *line);
/* number parses s, in [min, max], or exits 2. */
long number(const char *s, long min, long max, const char *line);
/* write_ready writes "value\n" to path through a renamed temporary file,
 * so that a reader never sees half of it; a NULL path is no request. */
void write_ready(const char *path, long value);

#endif /* CLI_H */
