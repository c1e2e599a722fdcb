/*
 * msgq.h: the System V message of documents 002 and 004 (msgsnd/msgrcv).
 * The kernel reads a long type followed by the text; msgsnd is given the
 * text length, never sizeof the struct.
 *
 * Field lists: see alignment.h for the <NAME>_FIELDS(X) convention.
 */
#ifndef IPCC_MSGQ_H
#define IPCC_MSGQ_H

/* The capacity of mtext, in bytes; a message never carries more. */
#define MSGQ_TEXT_SIZE 64

/*
 * ipcc_msgbuf: the struct msgbuf of msgsnd(2). mtype is a C long, so the
 * struct is 68 bytes on 32-bit architectures and 72 on 64-bit ones: it
 * never crosses an architecture boundary (qemu-user converts it).
 */
struct ipcc_msgbuf {
	long mtype;                 /* message type, > 0; msgrcv selects on it */
	char mtext[MSGQ_TEXT_SIZE]; /* message text, not NUL-terminated */
};

#define IPCC_MSGBUF_FIELDS(X) \
	X(ipcc_msgbuf, mtype, SINT) \
	X(ipcc_msgbuf, mtext, BYTES)

#endif /* IPCC_MSGQ_H */
