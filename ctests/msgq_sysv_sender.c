/*
 * msgq_sysv_sender: message_send.c of document 004. It finds the message
 * queue under a key and puts typed messages on it: the fixed sequence of
 * MSGQ_SYSV_SENDS, then the end message, printing each.
 *
 * Made correct: msgsnd is given the text length (with its NUL, as the
 * document sends strlen + 1), never the size of the struct, which would
 * count the long type; the queue is the receiver's (it creates and removes
 * it), so the sender does not create one that nobody would remove; every
 * call is checked, and a full queue is an error (IPC_NOWAIT, as in the
 * document) rather than a wait without end.
 */
#include "peer.h"
#include "msgq_sysv.h"

#include <getopt.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#define USAGE "msgq_sysv_sender [-key k]"

static void send_message(int msqid, long mtype, const char *text)
{
	struct ipcc_msgbuf m;
	size_t len = strlen(text) + 1;
	if (len > sizeof m.mtext) {
		fprintf(stderr, "msgsnd: text of %zu bytes exceeds %d\n", len, MSGQ_TEXT_SIZE);
		exit(PEER_EXIT_FAIL);
	}
	m.mtype = mtype;
	memcpy(m.mtext, text, len);
	while (msgsnd(msqid, &m, len, IPC_NOWAIT) != 0) {
		if (errno != EINTR)
			peer_fail("msgsnd");
	}
	printf("msgsnd type %ld, %zu bytes: %s\n", mtype, len, text);
}

int main(int argc, char **argv)
{
	long key = MSGQ_SYSV_KEY;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	int msqid = msgget((key_t)key, 0);
	if (msqid < 0)
		peer_fail("msgget");
#define SEND(type, text) send_message(msqid, type, text);
	MSGQ_SYSV_SENDS(SEND)
#undef SEND
	send_message(msqid, MSGQ_SYSV_END_TYPE, MSGQ_SYSV_END_TEXT);
	if (fflush(stdout) != 0)
		peer_fail("write");
	return 0;
}
