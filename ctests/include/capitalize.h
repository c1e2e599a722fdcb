/*
 * capitalize.h: the protocol of document 001's Python TCPServer and
 * TCPClient. A client connects and sends a sentence, then shuts down its
 * sending side; the server reads the sentence to that end, replies it
 * with ASCII letters in upper case (bytes.upper(): other bytes unchanged)
 * and closes the connection.
 */
#ifndef IPCCONFORM_CAPITALIZE_H
#define IPCCONFORM_CAPITALIZE_H

#define CAPITALIZE_PORT 12000
#define CAPITALIZE_BACKLOG 1 /* serverSocket.listen(1) */
#define CAPITALIZE_MAX 1024  /* recv(1024): the longest sentence */

#define CAPITALIZE_READY_TEXT "The server is ready to receive"
#define CAPITALIZE_PROMPT "Input lowercase sentence:"
#define CAPITALIZE_FROM "From Server:" /* print('From Server:', reply) */

#endif
