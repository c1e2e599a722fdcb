/*
 * errno_receiver: a receiver blocked in msgrcv when its queue is removed,
 * as a receiver of document 001's mailbox (or msgq_sysv_receiver) is when
 * the sender destroys the queue under it. It creates the queue under -key,
 * says it is ready (its pid in the ready file, so that errno_prober's
 * msgq-rmid can see it blocked), waits in msgrcv for a message no one
 * sends, and prints "msgrcv-eidrm: msgrcv: ENAME" for the failure it gets.
 *
 * Made correct: the queue is created exclusively and 0600; the wait is
 * bounded by -timeout (SIGALRM, whose handler is installed without
 * SA_RESTART: msgrcv is never restarted anyway, and fails with EINTR);
 * the queue is removed on every path on which it was not removed for us.
 *
 * Exit status: 0 when msgrcv failed (whatever the errno: the script
 * compares the name), 1 when it returned a message or the wait timed out,
 * 2 bad usage.
 */
#include "peer.h"
#include "errno_parity.h"

#include <getopt.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define USAGE "errno_receiver [-key k] [-ready file] [-timeout seconds]"

static void on_alarm(int sig)
{
	(void)sig; /* msgrcv fails with EINTR: that is all */
}

int main(int argc, char **argv)
{
	long key = ERRNO_PARITY_KEY, timeout = 10;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	if (sigemptyset(&sa.sa_mask) != 0 || sigaction(SIGALRM, &sa, NULL) != 0)
		peer_fail("sigaction");

	int msqid = msgget((key_t)key, IPC_CREAT | IPC_EXCL | 0600);
	if (msqid < 0)
		peer_fail("msgget");
	peer_ready(ready, "%ld", (long)getpid());

	struct {
		long mtype;
		char mtext[ERRNO_PARITY_SMALL];
	} m;
	alarm((unsigned)timeout);
	ssize_t n = msgrcv(msqid, &m, sizeof m.mtext, ERRNO_PARITY_MTYPE, 0);
	int err = errno;
	alarm(0);
	if (n >= 0 || err != EIDRM) {
		/* Not removed under us: the queue is still ours to remove. */
		if (msgctl(msqid, IPC_RMID, NULL) != 0)
			peer_error("msgctl");
	}
	if (n >= 0) {
		fprintf(stderr, "msgrcv-eidrm: msgrcv: succeeded\n");
		return PEER_EXIT_FAIL;
	}
	if (err == EINTR) {
		fprintf(stderr, "timeout: the queue was not removed after %ld s\n", timeout);
		return PEER_EXIT_FAIL;
	}
	printf("msgrcv-eidrm: msgrcv: %s\n", errno_name(err));
	return 0;
}
