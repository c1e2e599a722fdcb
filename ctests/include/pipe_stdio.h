/*
 * pipe_stdio.h: a pipe made a child's standard input or output (document
 * 001, "Ordinary Pipes - Redirecting the Standard Input, Output, and Error
 * Streams", dup2 and popen/pclose; document 003, "Pipes", the shell's
 * `prog1 | prog2`). What crosses the pipe is a known text: PIPE_STDIO_LINES
 * numbered lines of PIPE_STDIO_LINE_BYTES bytes each, "000001 the quick
 * brown fox jumps over the lazy dog\n" and so on, more than a pipe's 64 KiB
 * buffer holds, so the writer must block and resume.
 *
 * The reader checks every byte against the text it expects, wants end of
 * file right after the last one, and prints the byte count, the line count
 * and an FNV-1a (32 bits) checksum of what arrived. The parent's writes go
 * out at most PIPE_STDIO_CHUNK (PIPE_BUF) bytes at a time, each after poll()
 * says there is room, so that no wait is unbounded.
 */
#ifndef IPCCONFORM_PIPE_STDIO_H
#define IPCCONFORM_PIPE_STDIO_H

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PIPE_STDIO_TEXT "the quick brown fox jumps over the lazy dog"
#define PIPE_STDIO_LINES 4096       /* lines of the text: 208896 bytes */
#define PIPE_STDIO_MAX_LINES 999999 /* line numbers have six digits */
#define PIPE_STDIO_LINE_BYTES 51    /* six digits, a space, the text, a newline */
#define PIPE_STDIO_CHUNK PIPE_BUF   /* the parent writes at most this much at once */
#define PIPE_STDIO_FNV_OFFSET 2166136261u
#define PIPE_STDIO_FNV_PRIME 16777619u

_Static_assert(6 + 1 + sizeof PIPE_STDIO_TEXT == PIPE_STDIO_LINE_BYTES, "PIPE_STDIO_LINE_BYTES");

/* pipe_stdio_line puts line i of the text, counting from 0, in buf: what
 * printf("%06ld %s\n", i + 1, PIPE_STDIO_TEXT) prints for i + 1 up to
 * PIPE_STDIO_MAX_LINES, PIPE_STDIO_LINE_BYTES bytes without a NUL. */
static inline void pipe_stdio_line(char buf[PIPE_STDIO_LINE_BYTES], long i)
{
	long n = i + 1;
	for (int d = 5; d >= 0; d--, n /= 10)
		buf[d] = (char)('0' + n % 10);
	buf[6] = ' ';
	memcpy(buf + 7, PIPE_STDIO_TEXT, sizeof PIPE_STDIO_TEXT - 1);
	buf[PIPE_STDIO_LINE_BYTES - 1] = '\n';
}

/* pipe_stdio_receive reads the text of lines lines from fd, checking every
 * byte, then wants end of file: the writer closing its end. With head >= 0
 * it reads only the first head bytes and does not wait for end of file, as
 * head(1) at the end of a pipeline does. It prints "<who> read N bytes, L
 * lines, fnv-1a 0xXXXXXXXX" for the bytes that arrived and matched, and
 * returns 0, or says on stderr what went wrong and returns -1. Each wait is
 * a poll() bounded by timeout seconds. */
static inline int pipe_stdio_receive(int fd, const char *who, long lines, long head, long timeout)
{
	size_t want = (size_t)lines * PIPE_STDIO_LINE_BYTES;
	if (head >= 0 && (size_t)head < want)
		want = (size_t)head;
	char line[PIPE_STDIO_LINE_BYTES];
	unsigned char buf[PIPE_STDIO_CHUNK];
	size_t got = 0;
	long nl = 0;
	uint32_t sum = PIPE_STDIO_FNV_OFFSET;
	int rc = 0;
	while (rc == 0 && !(head >= 0 && got == want)) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int ready = poll(&pfd, 1, (int)(timeout * 1000));
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0) {
			peer_error("poll");
			rc = -1;
			break;
		}
		if (ready == 0) {
			fprintf(stderr, "timeout: nothing to read after %ld s\n", timeout);
			rc = -1;
			break;
		}
		/* A head reads no further than it wants: the rest is not its. */
		size_t room = sizeof buf;
		if (head >= 0 && want - got < room)
			room = want - got;
		ssize_t n = read(fd, buf, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			peer_error("read");
			rc = -1;
			break;
		}
		if (n == 0) {
			if (got < want) {
				fprintf(stderr, "content: end of file after %zu of %zu bytes\n", got, want);
				rc = -1;
			}
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (got == want) {
				fprintf(stderr, "content: more than %zu bytes\n", want);
				rc = -1;
				break;
			}
			size_t col = got % PIPE_STDIO_LINE_BYTES;
			if (col == 0)
				pipe_stdio_line(line, (long)(got / PIPE_STDIO_LINE_BYTES));
			if (buf[i] != (unsigned char)line[col]) {
				fprintf(stderr, "content: byte %zu is 0x%02x, want 0x%02x\n", got, buf[i],
					(unsigned char)line[col]);
				rc = -1;
				break;
			}
			sum = (sum ^ buf[i]) * PIPE_STDIO_FNV_PRIME;
			if (buf[i] == '\n')
				nl++;
			got++;
		}
	}
	printf("%s read %zu bytes, %ld lines, fnv-1a 0x%08" PRIx32 "\n", who, got, nl, sum);
	return rc;
}

/* pipe_stdio_send writes the text of lines lines to fd, PIPE_STDIO_CHUNK
 * bytes at a time, each after poll() says the pipe has room: a write of at
 * most PIPE_BUF bytes then does not block, so every wait stays bounded by
 * timeout seconds. It returns 0, or -1 after reporting the failure ("write:
 * EPIPE" once the reader is gone, if SIGPIPE is ignored). */
static inline int pipe_stdio_send(int fd, long lines, long timeout)
{
	size_t total = (size_t)lines * PIPE_STDIO_LINE_BYTES, sent = 0;
	char line[PIPE_STDIO_LINE_BYTES];
	char buf[PIPE_STDIO_CHUNK];
	while (sent < total) {
		size_t n = 0;
		for (; n < sizeof buf && sent + n < total; n++) {
			size_t col = (sent + n) % PIPE_STDIO_LINE_BYTES;
			if (col == 0)
				pipe_stdio_line(line, (long)((sent + n) / PIPE_STDIO_LINE_BYTES));
			buf[n] = line[col];
		}
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};
		int ready;
		while ((ready = poll(&pfd, 1, (int)(timeout * 1000))) < 0 && errno == EINTR)
			;
		if (ready < 0) {
			peer_error("poll");
			return -1;
		}
		if (ready == 0) {
			fprintf(stderr, "timeout: no room to write after %ld s\n", timeout);
			return -1;
		}
		/* POLLERR (no reader left) falls through: write says EPIPE. */
		if (write_full(fd, buf, n) != 0) {
			peer_error("write");
			return -1;
		}
		sent += n;
	}
	return 0;
}

#endif
