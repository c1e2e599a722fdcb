/*
 * errno_parity.h: the failing calls that the documents' programs can meet,
 * set up on purpose so that the C and the Go side report the same errno
 * name for each. errno_prober runs one case after another ("-case
 * shmget-eexist,msgrcv-enomsg"), printing "case: call: ENAME" for each;
 * errno_receiver blocks in msgrcv until the prober's msgq-rmid removes its
 * queue, and prints the EIDRM it gets.
 */
#ifndef IPCCONFORM_ERRNO_PARITY_H
#define IPCCONFORM_ERRNO_PARITY_H

/* The defaults: a SysV key and a POSIX name of the prober's own. */
#define ERRNO_PARITY_KEY 7007
#define ERRNO_PARITY_NAME "/errno_parity"

/* Files the cases make in the working directory, and remove. */
#define ERRNO_PARITY_FIFO "errno_parity.fifo"
#define ERRNO_PARITY_SOCK "errno_parity.sock"
#define ERRNO_PARITY_ABSENT "errno_parity.absent"
#define ERRNO_PARITY_PRIVATE "errno_parity.private"

/* Size of the segments the cases create; a larger request for the same key
 * fails with EINVAL. */
#define ERRNO_PARITY_SHM_BYTES 64

/* A SysV queue is filled with messages of this size, at most this many of
 * them (the default msg_qbytes, MSGMNB, is 16384: 16 messages). */
#define ERRNO_PARITY_MSG_BYTES 1024
#define ERRNO_PARITY_MSG_LIMIT 65536

/* A 64-byte message taken into a buffer of ERRNO_PARITY_SMALL bytes
 * without MSG_NOERROR fails with E2BIG; a POSIX queue holds one message of
 * ERRNO_PARITY_SMALL bytes, and a smaller buffer fails with EMSGSIZE. */
#define ERRNO_PARITY_BIG 64
#define ERRNO_PARITY_SMALL 16

/* One byte more than a UDP datagram over IPv4 can carry (65535 less the
 * IP and UDP headers). */
#define ERRNO_PARITY_UDP_TOO_BIG 65508

/* The message type errno_receiver waits for: no one sends it. */
#define ERRNO_PARITY_MTYPE 1

#endif
