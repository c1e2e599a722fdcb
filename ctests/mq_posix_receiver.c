/*
 * mq_posix_receiver: the receiving side of document 001's mailbox
 * (receive(A, message)) as a POSIX message queue. It opens the queue the
 * sender created, prints its attributes (mq_getattr), and takes messages,
 * highest priority first, until it takes a stop message; it prints each
 * one, or with -seq writes their texts to a file, one a line, and prints
 * how many it took. Several receivers may share one queue: each message
 * goes to exactly one of them.
 *
 * Made correct: the receive buffer is the queue's mq_msgsize, as
 * mq_receive requires (a smaller one fails with EMSGSIZE); every receive
 * is bounded (mq_timedreceive), so a sender that never sends cannot hang
 * the receiver; the text is printed by the length received, since a
 * message carries no NUL.
 */
#include "peer.h"
#include "mq_posix.h"

#include <fcntl.h>
#include <getopt.h>
#include <mqueue.h>
#include <time.h>

#define USAGE "mq_posix_receiver [-name /name] [-seq file] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *name = MQ_POSIX_NAME, *seq = NULL;
	long timeout = 10;
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"seq", required_argument, NULL, 's'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 's': seq = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	mqd_t mqd = mq_open(name, O_RDONLY);
	if (mqd == (mqd_t)-1)
		peer_fail("mq_open");
	struct mq_attr attr;
	if (mq_getattr(mqd, &attr) != 0)
		peer_fail("mq_getattr");
	printf("mq_getattr: maxmsg %ld, msgsize %ld, curmsgs %ld\n",
	       (long)attr.mq_maxmsg, (long)attr.mq_msgsize, (long)attr.mq_curmsgs);
	fflush(stdout);
	FILE *out = stdout;
	if (seq != NULL && (out = fopen(seq, "w")) == NULL)
		peer_fail("open");

	char *buf = malloc((size_t)attr.mq_msgsize);
	if (buf == NULL)
		peer_fail("malloc");
	long received = 0;
	for (;;) {
		struct timespec ts;
		if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
			peer_fail("clock_gettime");
		ts.tv_sec += timeout;
		unsigned prio;
		ssize_t n = mq_timedreceive(mqd, buf, (size_t)attr.mq_msgsize, &prio, &ts);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			peer_fail("mq_timedreceive");
		}
		if (prio == MQ_POSIX_STOP_PRIO && (size_t)n == strlen(MQ_POSIX_STOP) &&
		    memcmp(buf, MQ_POSIX_STOP, (size_t)n) == 0)
			break;
		received++;
		if (seq != NULL)
			fprintf(out, "%.*s\n", (int)n, buf);
		else
			printf("received prio %u: %.*s\n", prio, (int)n, buf);
	}
	free(buf);
	if (seq != NULL && fclose(out) != 0)
		peer_fail("write");
	printf("received %ld messages\n", received);
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (mq_close(mqd) != 0)
		peer_fail("mq_close");
	return 0;
}
