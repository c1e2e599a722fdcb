/*
 * tcp_fork.h: the concurrent server of documents 000 and 004 that forks a
 * child per client ("one child server process per client", "take care of
 * zombies!"). It serves the line protocol of tcp_select.h: each line a
 * client sends comes back in capitals.
 */
#ifndef IPCCONFORM_TCP_FORK_H
#define IPCCONFORM_TCP_FORK_H

#include "tcp_select.h"

#define TCP_FORK_PORT 12000 /* the capitalize server's port, as tcp_select */
#define TCP_FORK_BACKLOG 2  /* listen (sock, 2), as in document 000 */

#endif
