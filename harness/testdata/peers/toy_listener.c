/*
 * toy_listener: the harness's own test peer for isolate. It creates the
 * file /dev/shm/ipcconform-toy-isolated, listens on 127.0.0.1:port (the
 * one argument), copies its standard input to its standard output, and
 * then waits to be killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char *call)
{
	fprintf(stderr, "%s: %s\n", call, strerrorname_np(errno) ? strerrorname_np(errno) : "EUNKNOWN");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: toy_listener port\n");
		return 2;
	}
	int f = open("/dev/shm/ipcconform-toy-isolated", O_CREAT | O_WRONLY, 0600);
	if (f < 0)
		return fail("open");
	close(f);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return fail("socket");
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) != 0)
		return fail("bind");
	if (listen(s, 1) != 0)
		return fail("listen");
	char buf[256];
	ssize_t n;
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write(1, buf, (size_t)n) != n)
			return fail("write");
	if (n < 0)
		return fail("read");
	pause();
	return 0;
}
