/*
 * signals.h: signals as one-way messages (document 002, "Signals" and
 * "Signal Handling"). A sender sends SIGUSR1, SIGUSR2, SIGTERM and SIGINT
 * with kill(), or with sigqueue() and an integer value; the receiver's
 * handlers record each and acknowledge it with a line in a file, so the
 * sender sends the next only once the last has arrived (two of one
 * standard signal pending at once would be one).
 *
 * Signals travel by name: numbers differ by architecture (SIGUSR1 is 10,
 * or 16 on mips; the document's SIGCHLD is 20, 17 or 18), so every program
 * takes them from its own headers.
 */
#ifndef IPCCONFORM_SIGNALS_H
#define IPCCONFORM_SIGNALS_H

#include <signal.h>

#define SIGNALS_SI_QUEUE SI_QUEUE /* si_code of a signal sent by sigqueue() */
#define SIGNALS_LIST "USR1,USR2,TERM,INT" /* what the sender sends by default */

#endif
