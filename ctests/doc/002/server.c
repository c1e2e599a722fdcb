/* The socket example's server of document 002 (002_e996df64e1be57ce.txt,
 * "Socket Example: Server"), as written: the slides' parts in one main. */
#include "defs.h"

int
main()
{
    int serverfd, clientfd;
    struct sockaddr_in server_addr, client_addr;
    int size, num;
    char read_buf[BUF_LEN];
    struct sockaddr_in bound_addr;

    serverfd = socket(DOMAIN, SOCK_STREAM, 0);

    if (serverfd < 0) {
        perror("server: unable to create socket ");
        exit(1);
    }
    /* the "}" that closed main here on the slide ends its first part */

    /* zero the server_addr structure */
    memset((char *) &server_addr, 0, sizeof (server_addr));

    /* set up addresses server will accept connections on */
    server_addr.sin_addr.s_addr = htonl(INADDR_ANY);
    server_addr.sin_port = htons(PORT);
    server_addr.sin_family = DOMAIN;

    /* assign address to the socket */
    if (bind (serverfd, (struct sockaddr *) &server_addr,
            sizeof(server_addr)) < 0) {
        perror("server: unable to bind socket ");
        exit(1);
    }

    /* Willing to accept connections on this socket. */
    /* Maximum backlog of 5 clients can be queued */
    listen(serverfd, 5);

    for (;;) {
        /* wait for and return next completed connection */
        size = sizeof(client_addr);
        clientfd = accept(serverfd,
            (struct sockaddr *) &client_addr, &size);

        if (clientfd < 0) {
            perror("server: accept failed ");
            exit(1);
        }

        /* get the data sent by the client */
        num = read(clientfd, read_buf, CLIENT_BYTES);
        if (num != CLIENT_BYTES) {
            perror("server: read from client socket failed ");
            exit(1);
        }
        /* the "}" that closed the loop here on the slide ends its part */

        /* process the client info / request here */
        printf("client sent %s\n", read_buf);
        printf("server sending %s\n", SERVER_STR);

        /* send the data back to the client */
        num = write(clientfd, SERVER_STR, SERVER_BYTES);
        if (num != SERVER_BYTES) {
            perror("server: write to client socket failed ");
            exit(1);
        }

        close(clientfd);
    }
    exit(0);
}
