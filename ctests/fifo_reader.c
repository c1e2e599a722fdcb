/*
 * fifo_reader: the reader of a named pipe that unrelated writers open by
 * name (documents 001 and 003, "Named Pipes (FIFOs)"). It makes the FIFO
 * (mkfifo, mode 0600 unless -mode widens it), reads records until end of
 * file, which comes only once the last writer has closed, checks every
 * record, and reports how many each writer sent; then it removes the FIFO,
 * which unlike a pipe outlives its users.
 *
 * Made correct: the FIFO is opened non-blocking, so the reader is ready
 * before any writer comes, and every wait is a poll() bounded by -timeout.
 * The byte stream is cut into records by their length fields, never by
 * read() boundaries, and each record is checked: magic, length, writer id,
 * checksum, and each writer's sequence in order, so a record split by
 * another writer's, lost or reordered is caught.
 */
#include "peer.h"
#include "fifo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <sys/stat.h>

#define USAGE "fifo_reader [-path fifo] [-mode octal] [-ready file] [-timeout seconds]"

static const char *made; /* the FIFO to remove when the reader exits */

static void remove_fifo(void)
{
	if (made != NULL && unlink(made) != 0)
		peer_error("unlink");
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return ntohl(v);
}

int main(int argc, char **argv)
{
	const char *path = FIFO_PATH, *ready = NULL;
	long mode = 0600, timeout = 10;
	static const struct option opts[] = {
		{"path", required_argument, NULL, 'p'},
		{"mode", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': path = optarg; break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	if (mkfifo(path, (mode_t)mode) != 0)
		peer_fail("mkfifo");
	made = path;
	if (atexit(remove_fifo) != 0)
		peer_fail("atexit");
	/* mkfifo's mode is cut by the umask; the reader means what it asked. */
	if (chmod(path, (mode_t)mode) != 0)
		peer_fail("chmod");
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		peer_fail("open");
	peer_ready(ready, "%s", path);

	static uint8_t buf[4 * FIFO_RECORD_MAX];
	size_t have = 0;
	uint32_t next[FIFO_MAX_WRITERS + 1];
	for (int w = 0; w <= FIFO_MAX_WRITERS; w++)
		next[w] = 1;
	unsigned long total = 0;
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int r = poll(&pfd, 1, (int)(timeout * 1000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			peer_fail("poll");
		if (r == 0) {
			fprintf(stderr, "timeout: no data after %ld s\n", timeout);
			return PEER_EXIT_FAIL;
		}
		ssize_t n = read(fd, buf + have, sizeof buf - have);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			peer_fail("read");
		if (n == 0)
			break; /* end of file: no writer has the FIFO open */
		have += (size_t)n;

		size_t off = 0;
		while (have - off >= FIFO_HEADER_BYTES) {
			const uint8_t *p = buf + off;
			uint32_t magic = get32(p + offsetof(struct fifo_record, magic));
			uint32_t writer = get32(p + offsetof(struct fifo_record, writer));
			uint32_t seq = get32(p + offsetof(struct fifo_record, seq));
			uint32_t length = get32(p + offsetof(struct fifo_record, length));
			uint32_t sum = get32(p + offsetof(struct fifo_record, checksum));
			if (magic != FIFO_MAGIC) {
				fprintf(stderr, "record %lu: bad magic 0x%08x\n", total + 1, magic);
				return PEER_EXIT_FAIL;
			}
			if (length < FIFO_HEADER_BYTES || length > FIFO_RECORD_MAX) {
				fprintf(stderr, "record %lu: length %u out of range\n", total + 1, length);
				return PEER_EXIT_FAIL;
			}
			if (writer < 1 || writer > FIFO_MAX_WRITERS) {
				fprintf(stderr, "record %lu: writer %u out of range\n", total + 1, writer);
				return PEER_EXIT_FAIL;
			}
			if (have - off < length)
				break;
			if (fifo_checksum(p + FIFO_HEADER_BYTES, length - FIFO_HEADER_BYTES) != sum) {
				fprintf(stderr, "record %lu: writer %u record %u: bad checksum\n", total + 1, writer, seq);
				return PEER_EXIT_FAIL;
			}
			if (seq != next[writer]) {
				fprintf(stderr, "record %lu: writer %u sent record %u, want %u\n", total + 1, writer, seq, next[writer]);
				return PEER_EXIT_FAIL;
			}
			next[writer]++;
			total++;
			off += length;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
	}
	if (have != 0) {
		fprintf(stderr, "read: end of file inside a record (%zu bytes)\n", have);
		return PEER_EXIT_FAIL;
	}
	if (close(fd) != 0)
		peer_fail("close");
	for (int w = 1; w <= FIFO_MAX_WRITERS; w++)
		if (next[w] > 1)
			printf("writer %d: %u records\n", w, next[w] - 1);
	printf("total %lu records\n", total);
	made = NULL;
	if (unlink(path) != 0)
		peer_fail("unlink");
	return 0;
}
