/* net.c: loopback TCP sockets, each wait bounded. */
#define _GNU_SOURCE
#include "net.h"

#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

int listen_loopback(int port, int *bound)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fail("socket");
	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		fail("setsockopt");
	struct sockaddr_in sa = loopback(port);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		fail("bind");
	if (listen(fd, 1) != 0)
		fail("listen");
	socklen_t len = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0)
		fail("getsockname");
	*bound = ntohs(sa.sin_port);
	return fd;
}

int accept_within(int lfd, long secs)
{
	struct pollfd p = {.fd = lfd, .events = POLLIN};
	int n;
	do
		n = poll(&p, 1, (int)(secs * 1000));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		fail("poll");
	if (n == 0) {
		errno = ETIMEDOUT;
		fail("accept");
	}
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		fail("accept");
	return fd;
}

void set_timeouts(int fd, long secs)
{
	struct timeval tv = {.tv_sec = secs};
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		fail("setsockopt");
}

int connect_loopback(int port, long secs)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fail("socket");
	/* SO_SNDTIMEO bounds connect too. */
	set_timeouts(fd, secs);
	struct sockaddr_in sa = loopback(port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		fail("connect");
	return fd;
}

long recv_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = recv(fd, (char *)buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

int send_full(int fd, const void *buf, size_t len)
{
	size_t sent = 0;
	while (sent < len) {
		ssize_t n = send(fd, (const char *)buf + sent, len - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		sent += (size_t)n;
	}
	return 0;
}
