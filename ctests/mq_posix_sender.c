/*
 * mq_posix_sender: the sending side of document 001's mailbox ("Indirect
 * Communication": create a mailbox, send(A, message), destroy it) as a
 * POSIX message queue. It creates the queue, sends the fixed prioritised
 * messages of MQ_POSIX_SENDS (or, with -count n, n numbered ones), then one
 * stop message per receiver (-stops), waits until the receivers have taken
 * everything, and destroys the queue. With -verify it instead checks the
 * files in which receivers recorded the numbered messages they took: every
 * message 1..n taken exactly once, by one receiver or another.
 *
 * Made correct: the queue is created exclusively and 0600, with its limits
 * stated rather than the system's defaults; every send is bounded
 * (mq_timedsend) so a receiver that never comes cannot hang the sender; the
 * creator destroys the queue, and only once it is empty, so that a receiver
 * still on its way does not find it gone.
 */
#include "peer.h"
#include "mq_posix.h"

#include <fcntl.h>
#include <getopt.h>
#include <mqueue.h>
#include <time.h>

#define USAGE "mq_posix_sender [-name /name] [-mode octal] [-count n] [-stops n] [-ready file] [-timeout seconds]\n" \
	"       mq_posix_sender -verify -count n file..."

static const char *name = MQ_POSIX_NAME;
static mqd_t mqd = (mqd_t)-1;
static long timeout = 10;

static void fail_removing(const char *call)
{
	peer_error(call);
	if (mqd != (mqd_t)-1 && mq_unlink(name) != 0)
		peer_error("mq_unlink");
	exit(PEER_EXIT_FAIL);
}

static struct timespec deadline(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		fail_removing("clock_gettime");
	ts.tv_sec += timeout;
	return ts;
}

static void send_message(const char *text, unsigned prio, int print)
{
	struct timespec ts = deadline();
	while (mq_timedsend(mqd, text, strlen(text), prio, &ts) != 0) {
		if (errno != EINTR)
			fail_removing("mq_timedsend");
	}
	if (print)
		printf("sent prio %u: %s\n", prio, text);
}

/* verify checks that the files list message 1..count, each exactly once. */
static int verify(long count, char **files, int nfiles)
{
	unsigned char *seen = calloc((size_t)count + 1, 1);
	if (seen == NULL)
		peer_fail("calloc");
	for (int i = 0; i < nfiles; i++) {
		FILE *f = fopen(files[i], "r");
		if (f == NULL)
			peer_fail("open");
		char line[MQ_POSIX_MSGSIZE + 2];
		for (long lineno = 1; fgets(line, sizeof line, f) != NULL; lineno++) {
			size_t plen = strlen(MQ_POSIX_NUMBERED);
			char *end;
			errno = 0;
			long n = strncmp(line, MQ_POSIX_NUMBERED, plen) == 0 && line[plen] >= '1' && line[plen] <= '9'
					 ? strtol(line + plen, &end, 10) : 0;
			if (n < 1 || n > count || errno != 0 || strcmp(end, "\n") != 0) {
				fprintf(stderr, "verify: %s:%ld: not a message 1..%ld\n", files[i], lineno, count);
				return PEER_EXIT_FAIL;
			}
			if (seen[n] < 2)
				seen[n]++;
		}
		if (ferror(f))
			peer_fail("read");
		if (fclose(f) != 0)
			peer_fail("close");
	}
	for (long n = 1; n <= count; n++) {
		if (seen[n] != 1) {
			fprintf(stderr, seen[n] ? "verify: message %ld received more than once\n"
						: "verify: message %ld never received\n", n);
			return PEER_EXIT_FAIL;
		}
	}
	free(seen);
	printf("verified %ld messages, each received once\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	long mode = 0600, count = 0, stops = 1, verify_files = 0;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"mode", required_argument, NULL, 'm'},
		{"count", required_argument, NULL, 'c'},
		{"stops", required_argument, NULL, 's'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{"verify", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'c': count = parse_long(optarg, 0, 1000000, USAGE); break;
		case 's': stops = parse_long(optarg, 0, 1000, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		case 'v': verify_files = 1; break;
		default: peer_usage(USAGE);
		}
	}
	if (verify_files) {
		if (optind == argc || count == 0)
			peer_usage(USAGE);
		return verify(count, argv + optind, argc - optind);
	}
	if (optind != argc)
		peer_usage(USAGE);

	struct mq_attr attr = {.mq_maxmsg = MQ_POSIX_MAXMSG, .mq_msgsize = MQ_POSIX_MSGSIZE};
	mqd = mq_open(name, O_WRONLY | O_CREAT | O_EXCL, (mode_t)mode, &attr);
	if (mqd == (mqd_t)-1)
		peer_fail("mq_open");

	/* Ready once the queue holds what it can without a receiver: all of
	 * the fixed messages and the stops, so that a receiver finds them all
	 * and takes them by priority; the first MQ_POSIX_MAXMSG numbered ones. */
	if (count == 0) {
#define SEND(prio, text) send_message(text, prio, 1);
		MQ_POSIX_SENDS(SEND)
#undef SEND
	}
	for (long i = 1; i <= count; i++) {
		if (i == MQ_POSIX_MAXMSG + 1)
			peer_ready(ready, "%s", name);
		char text[MQ_POSIX_MSGSIZE];
		snprintf(text, sizeof text, "%s%ld", MQ_POSIX_NUMBERED, i);
		send_message(text, (unsigned)(1 + i % MQ_POSIX_PRIOS), 0);
	}
	if (count > 0 && count <= MQ_POSIX_MAXMSG)
		peer_ready(ready, "%s", name);
	for (long i = 0; i < stops; i++)
		send_message(MQ_POSIX_STOP, MQ_POSIX_STOP_PRIO, count == 0);
	if (count == 0)
		peer_ready(ready, "%s", name);
	if (count > 0)
		printf("sent %ld messages and %ld stops\n", count, stops);
	if (fflush(stdout) != 0)
		fail_removing("write");

	/* Destroy the mailbox once it is empty: every receiver has opened it. */
	struct timespec end = deadline(), pause = {.tv_nsec = 1000000};
	for (;;) {
		if (mq_getattr(mqd, &attr) != 0)
			fail_removing("mq_getattr");
		if (attr.mq_curmsgs == 0)
			break;
		struct timespec now;
		if (clock_gettime(CLOCK_REALTIME, &now) != 0)
			fail_removing("clock_gettime");
		if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) {
			fprintf(stderr, "timeout: %ld messages not received after %ld s\n", (long)attr.mq_curmsgs, timeout);
			errno = ETIMEDOUT;
			fail_removing("wait");
		}
		nanosleep(&pause, NULL);
	}
	if (mq_close(mqd) != 0)
		fail_removing("mq_close");
	if (mq_unlink(name) != 0)
		peer_fail("mq_unlink");
	return 0;
}
