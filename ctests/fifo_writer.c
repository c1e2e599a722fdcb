/*
 * fifo_writer: one of several unrelated writers to a named pipe (documents
 * 001 and 003, "Named Pipes (FIFOs)"). It opens the FIFO by name and writes
 * -records records of struct fifo_record and a payload, each at most
 * PIPE_BUF bytes and each in one write(), which the kernel never
 * interleaves with another writer's.
 *
 * Made correct: open() of a FIFO blocks until a reader comes, so it is
 * opened non-blocking and retried, bounded by -timeout; a short write (which
 * would break a record) is an error, as is a reader gone (SIGPIPE ignored,
 * EPIPE reported). -ready says the FIFO is open; -start makes it wait for a
 * file to exist before writing, so that a script holds several writers open
 * at once.
 */
#include "peer.h"
#include "fifo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <time.h>

#define USAGE "fifo_writer [-path fifo] [-id n] [-records n] [-ready file] [-start file] [-timeout seconds]"

/* backoff sleeps a little longer each time, from 1 to 50 ms, and says
 * whether timeout seconds have passed since start. */
static int backoff(const struct timespec *start, long timeout, long *delay_ms)
{
	struct timespec now;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		peer_fail("clock_gettime");
	if ((now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000 >= timeout * 1000)
		return -1;
	struct timespec pause = {.tv_nsec = *delay_ms * 1000000};
	nanosleep(&pause, NULL);
	if (*delay_ms < 50)
		*delay_ms *= 2;
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = FIFO_PATH, *ready = NULL, *start_file = NULL;
	long id = 1, records = FIFO_RECORDS, timeout = 10;
	static const struct option opts[] = {
		{"path", required_argument, NULL, 'p'},
		{"id", required_argument, NULL, 'i'},
		{"records", required_argument, NULL, 'n'},
		{"ready", required_argument, NULL, 'r'},
		{"start", required_argument, NULL, 's'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': path = optarg; break;
		case 'i': id = parse_long(optarg, 1, FIFO_MAX_WRITERS, USAGE); break;
		case 'n': records = parse_long(optarg, 0, INT32_MAX, USAGE); break;
		case 'r': ready = optarg; break;
		case 's': start_file = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");

	struct timespec start;
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		peer_fail("clock_gettime");
	long delay_ms = 1;
	int fd;
	/* Non-blocking, open() fails with ENXIO while there is no reader. */
	while ((fd = open(path, O_WRONLY | O_NONBLOCK)) < 0) {
		if (errno != ENXIO && errno != EINTR)
			peer_fail("open");
		if (backoff(&start, timeout, &delay_ms) != 0) {
			fprintf(stderr, "timeout: no reader on %s after %ld s\n", path, timeout);
			return PEER_EXIT_FAIL;
		}
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
		peer_fail("fcntl");
	peer_ready(ready, "%d", (int)getpid());

	if (start_file != NULL) {
		delay_ms = 1;
		while (access(start_file, F_OK) != 0) {
			if (errno != ENOENT)
				peer_fail("access");
			if (backoff(&start, timeout, &delay_ms) != 0) {
				fprintf(stderr, "timeout: no %s after %ld s\n", start_file, timeout);
				return PEER_EXIT_FAIL;
			}
		}
	}

	static uint8_t buf[FIFO_RECORD_MAX];
	for (uint32_t seq = 1; seq <= (uint32_t)records; seq++) {
		uint32_t len = fifo_record_length((uint32_t)id, seq);
		uint8_t *payload = buf + FIFO_HEADER_BYTES;
		for (uint32_t i = 0; i < len - FIFO_HEADER_BYTES; i++)
			payload[i] = fifo_payload_byte((uint32_t)id, seq, i);
		struct fifo_record h = {
			.magic = htonl(FIFO_MAGIC),
			.writer = htonl((uint32_t)id),
			.seq = htonl(seq),
			.length = htonl(len),
			.checksum = htonl(fifo_checksum(payload, len - FIFO_HEADER_BYTES)),
		};
		memcpy(buf, &h, sizeof h);
		ssize_t n;
		do
			n = write(fd, buf, len); /* one write: atomic, never split */
		while (n < 0 && errno == EINTR);
		if (n < 0)
			peer_fail("write");
		if ((size_t)n != len) {
			fprintf(stderr, "write: short write: %zd of %u bytes\n", n, len);
			return PEER_EXIT_FAIL;
		}
	}
	if (close(fd) != 0)
		peer_fail("close");
	printf("writer %ld wrote %ld records\n", id, records);
	return 0;
}
