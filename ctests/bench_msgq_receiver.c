/*
 * bench_msgq_receiver: the receiver of the SysV message queue rate
 * benchmark. It makes the queue under -key (0600), says so in the -ready
 * file, receives -n messages of -size bytes, checking each one's type,
 * length and number, and removes the queue.
 */
#include "peer.h"
#include "bench.h"

#include <sys/ipc.h>
#include <sys/msg.h>

#define USAGE "bench_msgq_receiver -key n [-n messages] [-size bytes] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_SIZE | BENCH_F_KEY | BENCH_F_READY, 100, a, t);
	bench_watchdog(a[BENCH_TIMEOUT]);
	int id = msgget((key_t)a[BENCH_KEY], IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		peer_fail("msgget");
	peer_ready(t[BENCH_READY], "%ld", a[BENCH_KEY]);
	long *m = malloc(sizeof(long) + (size_t)a[BENCH_SIZE]);
	if (m == NULL)
		peer_fail("malloc");
	unsigned char *text = (unsigned char *)(m + 1);
	for (long i = 0; i < a[BENCH_N]; i++) {
		ssize_t r;
		do
			r = msgrcv(id, m, (size_t)a[BENCH_SIZE], 0, 0);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			peer_fail("msgrcv");
		if (r != a[BENCH_SIZE] || m[0] != BENCH_MSG_TYPE) {
			fprintf(stderr, "msgrcv: message %ld of type %ld and %zd bytes\n", i, m[0], r);
			exit(PEER_EXIT_FAIL);
		}
		bench_check_stamp("message", i, bench_stamp(text));
	}
	free(m);
	if (msgctl(id, IPC_RMID, NULL) != 0)
		peer_fail("msgctl");
	printf("received %ld messages of %ld bytes\n", a[BENCH_N], a[BENCH_SIZE]);
	return 0;
}
