/*
 * msgq_sysv_receiver: message_rec.c of document 004. It creates the
 * message queue under a key, waits for the sender's end message, then
 * takes the rest out in the fixed sequence of MSGQ_SYSV_RECVS, selecting
 * by type as msgrcv(2) defines (0 the first message, > 0 the first of that
 * type, < 0 the first of the lowest type not above its magnitude), and
 * prints what each receive took or the errno it failed with; then it
 * removes the queue.
 *
 * Made correct: the queue is created exclusively and 0600 (a stale queue
 * is an error, not silently shared), by the receiver, which outlives the
 * sender and so can remove it; msgrcv is given the text capacity, not the
 * struct size; the text is printed by the length msgrcv returned, since a
 * truncated text has no NUL; a wait for a message polls with IPC_NOWAIT
 * and gives up after -timeout seconds; the queue is removed on every path
 * once created.
 */
#include "peer.h"
#include "msgq_sysv.h"

#include <getopt.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <time.h>

#define USAGE "msgq_sysv_receiver [-key k] [-mode octal] [-ready file] [-timeout seconds]"

static int msqid = -1;
static struct timespec deadline;

static void fail_removing(const char *call)
{
	peer_error(call);
	if (msqid >= 0 && msgctl(msqid, IPC_RMID, NULL) != 0)
		peer_error("msgctl");
	exit(PEER_EXIT_FAIL);
}

static int past_deadline(void)
{
	struct timespec now;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		fail_removing("clock_gettime");
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

/* receive is msgrcv, except that a receive that would wait polls until
 * the deadline: a SysV queue has no timed receive. */
static ssize_t receive(struct ipcc_msgbuf *m, size_t size, long msgtyp, int flags, long timeout)
{
	for (;;) {
		ssize_t n = msgrcv(msqid, m, size, msgtyp, flags | IPC_NOWAIT);
		if (n >= 0 || (flags & IPC_NOWAIT) || (errno != ENOMSG && errno != EINTR))
			return n;
		if (past_deadline()) {
			fprintf(stderr, "timeout: no message of type %ld after %ld s\n", msgtyp, timeout);
			errno = ETIMEDOUT;
			fail_removing("msgrcv");
		}
		struct timespec pause = {.tv_nsec = 1000000};
		nanosleep(&pause, NULL);
	}
}

/* take performs one receive and prints its result. ENOMSG and E2BIG are
 * results; any other failure ends the program. */
static void take(long msgtyp, size_t size, int flags, long timeout)
{
	struct ipcc_msgbuf m;
	printf("msgrcv(msgtyp %ld, size %zu%s%s): ", msgtyp, size,
	       flags & IPC_NOWAIT ? ", IPC_NOWAIT" : "", flags & MSG_NOERROR ? ", MSG_NOERROR" : "");
	ssize_t n = receive(&m, size, msgtyp, flags, timeout);
	if (n < 0) {
		if (errno != ENOMSG && errno != E2BIG) {
			fflush(stdout);
			fail_removing("msgrcv");
		}
		printf("%s\n", errno_name(errno));
		return;
	}
	printf("type %ld, %zd bytes: %.*s\n", m.mtype, n, (int)strnlen(m.mtext, (size_t)n), m.mtext);
}

int main(int argc, char **argv)
{
	long key = MSGQ_SYSV_KEY, mode = 0600, timeout = 10;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"mode", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	msqid = msgget((key_t)key, IPC_CREAT | IPC_EXCL | (int)mode);
	if (msqid < 0)
		peer_fail("msgget");
	if (clock_gettime(CLOCK_MONOTONIC, &deadline) != 0)
		fail_removing("clock_gettime");
	deadline.tv_sec += timeout;
	peer_ready(ready, "%ld", key);

	/* Once the end message is in, so is every other: the sender sends in
	 * order, and the selections below see a queue that no longer grows. */
	take(MSGQ_SYSV_END_TYPE, MSGQ_TEXT_SIZE, 0, timeout);
#define TAKE(msgtyp, size, flags) take(msgtyp, size, flags, timeout);
	MSGQ_SYSV_RECVS(TAKE)
#undef TAKE
	if (fflush(stdout) != 0)
		fail_removing("write");
	if (msgctl(msqid, IPC_RMID, NULL) != 0)
		peer_fail("msgctl");
	return 0;
}
