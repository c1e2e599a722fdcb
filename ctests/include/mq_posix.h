/*
 * mq_posix.h: the mailbox of document 001 ("Indirect Communication": a
 * queue that processes share, create, send to, receive from and destroy)
 * as a POSIX message queue. The sender creates the mailbox, sends, waits
 * until every message has been taken and destroys it; receivers take
 * messages, highest priority first and in order of sending within one
 * priority, until each takes a stop message.
 *
 * Texts travel without a NUL: a POSIX message carries its length.
 */
#ifndef IPCCONFORM_MQ_POSIX_H
#define IPCCONFORM_MQ_POSIX_H

/* The mailbox A of the document, as glibc's mq_open names it. */
#define MQ_POSIX_NAME "/mailbox"
#define MQ_POSIX_MAXMSG 10  /* messages the mailbox holds */
#define MQ_POSIX_MSGSIZE 64 /* bytes a message holds */

/* The last message each receiver takes. Sent at the lowest priority, after
 * everything else, it is taken only once every other message has been. */
#define MQ_POSIX_STOP "stop"
#define MQ_POSIX_STOP_PRIO 0

/* With -count n the sender sends "message 1" .. "message n" (this prefix
 * and the number in decimal), message i at priority 1 + i % MQ_POSIX_PRIOS. */
#define MQ_POSIX_NUMBERED "message "
#define MQ_POSIX_PRIOS 3

/* Without -count it sends these, {priority, text}, in order; a receiver
 * takes them highest priority first. */
#define MQ_POSIX_SENDS(X) \
	X(1, "low") \
	X(9, "urgent") \
	X(5, "normal") \
	X(5, "normal, sent later") \
	X(0, "lowest")

#endif
