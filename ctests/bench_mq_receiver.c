/*
 * bench_mq_receiver: the receiver of the POSIX message queue rate
 * benchmark. It makes the queue -name (0600, BENCH_MQ_MAXMSG messages of
 * -size bytes), says so in the -ready file, receives -n messages, checking
 * each one's length and number, and removes the queue.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#define USAGE "bench_mq_receiver -name /name [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_NAME | BENCH_F_READY, 100, a, t);
	if (t[BENCH_NAME] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	struct mq_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.mq_maxmsg = BENCH_MQ_MAXMSG;
	attr.mq_msgsize = a[BENCH_SIZE];
	mqd_t q = mq_open(t[BENCH_NAME], O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
	if (q == (mqd_t)-1)
		peer_fail("mq_open");
	peer_ready(t[BENCH_READY], "%s", t[BENCH_NAME]);
	struct timespec deadline;
	if (clock_gettime(CLOCK_REALTIME, &deadline) != 0)
		peer_fail("clock_gettime");
	deadline.tv_sec += a[BENCH_TIMEOUT] + 1;
	unsigned char *buf = bench_buffer(a[BENCH_SIZE]);
	for (long i = 0; i < a[BENCH_N]; i++) {
		ssize_t r;
		do
			r = mq_timedreceive(q, (char *)buf, (size_t)a[BENCH_SIZE], NULL, &deadline);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			peer_fail("mq_timedreceive");
		if (r != a[BENCH_SIZE]) {
			fprintf(stderr, "mq_timedreceive: message %ld of %zd bytes\n", i, r);
			exit(PEER_EXIT_FAIL);
		}
		bench_check_stamp("message", i, bench_stamp(buf));
	}
	free(buf);
	if (mq_close(q) != 0)
		peer_fail("mq_close");
	if (mq_unlink(t[BENCH_NAME]) != 0)
		peer_fail("mq_unlink");
	printf("received %ld messages of %ld bytes\n", a[BENCH_N], a[BENCH_SIZE]);
	return 0;
}
