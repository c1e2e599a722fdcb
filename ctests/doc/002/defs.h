/* defs.h, which the socket example of document 002 (002_e996df64e1be57ce.txt,
 * "Socket Example") includes but does not show: the headers its calls need
 * and the names it uses, with the values this project's peers share
 * (ctests/include/tcp_fixed.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#define DOMAIN AF_INET
#define PORT 5001
#define BUF_LEN 100

#define CLIENT_STR "Hello, server"
#define CLIENT_BYTES 14 /* the string and its NUL */
#define SERVER_STR "Hello, client; goodbye"
#define SERVER_BYTES 23 /* the string and its NUL */
