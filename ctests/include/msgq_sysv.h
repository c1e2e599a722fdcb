/*
 * msgq_sysv.h: the System V message queue exchange built on document 004's
 * message_send.c and message_rec.c (and document 002's "message queues"):
 * a sender puts a fixed sequence of typed messages on a queue, ends it with
 * MSGQ_SYSV_END_TYPE, and a receiver takes them out in a fixed sequence of
 * selections by type, each with its result printed.
 *
 * The message itself is struct ipcc_msgbuf (msgq.h). Each text is sent
 * with its NUL, as message_send.c sends strlen + 1 bytes.
 */
#ifndef IPCCONFORM_MSGQ_SYSV_H
#define IPCCONFORM_MSGQ_SYSV_H

#include "msgq.h"

/* The key of message_send.c and message_rec.c. */
#define MSGQ_SYSV_KEY 1234

/* The last message of a sequence: once it is in the queue, all the others
 * are, and the receiver's selections see a queue that no longer changes. */
#define MSGQ_SYSV_END_TYPE 99
#define MSGQ_SYSV_END_TEXT "end"

/* The receiver's small buffer: the long message does not fit it. */
#define MSGQ_SYSV_SMALL 16

/* The messages, in the order sent: {mtype, text}. Each text with its NUL
 * fits MSGQ_TEXT_SIZE. */
#define MSGQ_SYSV_SENDS(X) \
	X(3, "three: the first of type 3") \
	X(1, "one: the first of type 1") \
	X(2, "two: the first of type 2") \
	X(1, "one: the second of type 1") \
	X(5, "five: a message longer than the small buffer") \
	X(3, "three: the second of type 3") \
	X(2, "two: the second of type 2")

/* The receives, in order, after the end message: {msgtyp, size, flags}
 * where size is the text capacity passed to msgrcv and flags a
 * combination of IPC_NOWAIT and MSG_NOERROR. The comment gives what each
 * must take. */
#define MSGQ_SYSV_RECVS(X) \
	X(2, MSGQ_TEXT_SIZE, 0)                     /* type 2: the first of type 2 */ \
	X(0, MSGQ_TEXT_SIZE, 0)                     /* any: the first sent, type 3 */ \
	X(-2, MSGQ_TEXT_SIZE, 0)                    /* lowest type <= 2: the first of type 1 */ \
	X(-2, MSGQ_TEXT_SIZE, 0)                    /* then the second of type 1 */ \
	X(-2, MSGQ_TEXT_SIZE, 0)                    /* then the second of type 2 */ \
	X(-2, MSGQ_TEXT_SIZE, IPC_NOWAIT)           /* none left: ENOMSG */ \
	X(5, MSGQ_SYSV_SMALL, IPC_NOWAIT)           /* too long: E2BIG, and it stays */ \
	X(5, MSGQ_SYSV_SMALL, IPC_NOWAIT | MSG_NOERROR) /* truncated to 16 bytes */ \
	X(0, MSGQ_TEXT_SIZE, IPC_NOWAIT)            /* the second of type 3 */ \
	X(0, MSGQ_TEXT_SIZE, IPC_NOWAIT)            /* empty: ENOMSG */

#endif
