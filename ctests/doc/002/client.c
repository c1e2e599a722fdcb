/* The socket example's client of document 002 (002_e996df64e1be57ce.txt,
 * "Socket Example: Client"), as written. */
#include "defs.h"

#define USAGE "client serverhost port#\n"
#define ERROR_STR_LEN (80)

int
main(int argc, char *argv[])
{
    struct hostent *hostp;
    int socketfd, server_port, num; /* the slide declares sockfd and uses socketfd */

    char error_str[ERROR_STR_LEN];
    char read_buf[BUF_LEN];
    char *hostname;
    struct sockaddr_in server_addr;
    struct in_addr tmp_addr;

    if (argc != 3) {
        fprintf(stderr, "%s", USAGE);
        exit(-1);
    }

    /* get hostname and port for the server */
    hostname = argv[1];
    server_port = atoi(argv[2]);

    /* get the server hosts address */
    if ((hostp = (struct hostent *)
        gethostbyname(hostname)) ==
        (struct hostent *) NULL) {
        sprintf(error_str,
            "client: gethostbyname fails for host %s",
            hostname);
        perror(error_str);
        exit(-1);
    }

    /* create a socket to connect to server */
    if ((socketfd = socket(DOMAIN, SOCK_STREAM, 0)) < 0) {
        perror("client: can't create socket ");
        exit(1);
    }

    /* zero the socket address structure */
    memset((char *) &server_addr, 0, sizeof(server_addr));

    /* start constructing the server socket addr */
    memcpy(&tmp_addr, hostp->h_addr_list[0],
           hostp->h_length);

    printf("Using server IP addr = %s\n",
           inet_ntoa(tmp_addr));

    /* set servers address field, port number and family */
    memcpy((char *) &server_addr.sin_addr,
           (char *) &tmp_addr,
           (unsigned int) hostp->h_length);
    server_addr.sin_port = htons(server_port);
    server_addr.sin_family = DOMAIN;

    /* connect to the server */
    if (connect(socketfd, (struct sockaddr *) &server_addr,
               sizeof(server_addr)) < 0) {
        perror("client: can't connect socket ");
        exit(1);
    }

    /* send from the client to the server */
    num = write(socketfd, CLIENT_STR, CLIENT_BYTES);
    if (num != CLIENT_BYTES) {
        perror("client: write to socket failed\n");
        exit(1);
    }

    /* receive data sent back by the server */
    num = read(socketfd, &read_buf, SERVER_BYTES);
    if (num != SERVER_BYTES) {
        perror("client: read from socket failed\n");
        exit(1);
    }

    printf("sent %s\n", CLIENT_STR);
    printf("received %s\n", read_buf);

    close(socketfd);
    exit(0);
}
