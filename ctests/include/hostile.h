/*
 * hostile.h: what the hostile peer (ctests/hostile_peer.c) shares with the
 * scenarios that use it: the bounds of its own waits and the signals it
 * storms a target with.
 */
#ifndef IPCCONFORM_HOSTILE_H
#define IPCCONFORM_HOSTILE_H

#define HOSTILE_MAX_ITEMS 64      /* -data (and -mtype) occurrences */
#define HOSTILE_MAX_BYTES 1048576 /* bytes of one -data, after -repeat */
#define HOSTILE_HOLD 5            /* default -hold: seconds a silent peer stays */
#define HOSTILE_ACCEPT_WAIT 30    /* seconds a serving peer waits for its target to connect */

/*
 * The storm's signals: ignored by default in a C program, so a C target
 * never sees them, but caught by the Go runtime in every Go program (with
 * SA_RESTART), so that a Go target's system calls that the kernel never
 * restarts (recvfrom/accept on a socket with SO_RCVTIMEO, poll, select,
 * msgrcv, nanosleep) return EINTR. SIGUSR1 is not among them: its default
 * kills a C program, while the Go runtime ignores it.
 */
#define HOSTILE_STORM_SIGNALS "CHLD,URG,WINCH"
#define HOSTILE_STORM_EVERY_US 300 /* microseconds between two rounds */

#endif
