/*
 * tcp_select.h: the line protocol of the concurrent servers of document
 * 000 ("Concurrent Server": one process with select(), or a child per
 * client) and of document 001's capitalize server: a client sends lines
 * ending in '\n', the server answers each with the line in capitals.
 * tcp_fork.h serves the same protocol.
 */
#ifndef IPCCONFORM_TCP_SELECT_H
#define IPCCONFORM_TCP_SELECT_H

#define TCP_SELECT_PORT 12000  /* document 001's capitalize server */
#define TCP_SELECT_BACKLOG 5
#define TCP_LINE_MAX 256       /* the longest line, its '\n' included */
#define TCP_SELECT_MAX_CONNS 16 /* connections one client may open */

#endif
