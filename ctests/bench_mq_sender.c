/*
 * bench_mq_sender: the sender of the POSIX message queue rate benchmark.
 * It opens the queue -name that the receiver made and sends -n messages of
 * -size bytes, each starting with its number, at priority 0.
 */
#include "peer.h"
#include "bench.h"

#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#define USAGE "bench_mq_sender -name /name [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_NAME | BENCH_F_READY | BENCH_F_GATE, 100, a, t);
	if (t[BENCH_NAME] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	mqd_t q = mq_open(t[BENCH_NAME], O_WRONLY | O_CLOEXEC);
	if (q == (mqd_t)-1)
		peer_fail("mq_open");
	/* The run's deadline, computed once: the watchdog ends it first. */
	struct timespec deadline;
	if (clock_gettime(CLOCK_REALTIME, &deadline) != 0)
		peer_fail("clock_gettime");
	deadline.tv_sec += a[BENCH_TIMEOUT] + 1;
	unsigned char *buf = bench_buffer(a[BENCH_SIZE]);
	bench_start(a, t);
	for (long i = 0; i < a[BENCH_N]; i++) {
		bench_put_stamp(buf, (uint64_t)i);
		int r;
		do
			r = mq_timedsend(q, (const char *)buf, (size_t)a[BENCH_SIZE], 0, &deadline);
		while (r != 0 && errno == EINTR);
		if (r != 0)
			peer_fail("mq_timedsend");
	}
	free(buf);
	if (mq_close(q) != 0)
		peer_fail("mq_close");
	printf("sent %ld messages of %ld bytes\n", a[BENCH_N], a[BENCH_SIZE]);
	return 0;
}
