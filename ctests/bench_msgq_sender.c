/*
 * bench_msgq_sender: the sender of the SysV message queue rate benchmark.
 * It opens the queue under -key that the receiver made and sends -n
 * messages of type BENCH_MSG_TYPE with -size bytes of text, each starting
 * with its number.
 */
#include "peer.h"
#include "bench.h"

#include <sys/ipc.h>
#include <sys/msg.h>

#define USAGE "bench_msgq_sender -key n [-n messages] [-size bytes] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_KEY | BENCH_F_READY | BENCH_F_GATE, 100, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int id = msgget((key_t)a[BENCH_KEY], 0);
	if (id < 0)
		peer_fail("msgget");
	/* struct msgbuf: a long, then the text. */
	long *m = malloc(sizeof(long) + (size_t)a[BENCH_SIZE]);
	if (m == NULL)
		peer_fail("malloc");
	unsigned char *text = (unsigned char *)(m + 1);
	unsigned char *pattern = bench_buffer(a[BENCH_SIZE]);
	memcpy(text, pattern, (size_t)a[BENCH_SIZE]);
	m[0] = BENCH_MSG_TYPE;
	bench_start(a, t);
	for (long i = 0; i < a[BENCH_N]; i++) {
		bench_put_stamp(text, (uint64_t)i);
		int r;
		do
			r = msgsnd(id, m, (size_t)a[BENCH_SIZE], 0);
		while (r != 0 && errno == EINTR);
		if (r != 0)
			peer_fail("msgsnd");
	}
	free(pattern);
	free(m);
	printf("sent %ld messages of %ld bytes\n", a[BENCH_N], a[BENCH_SIZE]);
	return 0;
}
