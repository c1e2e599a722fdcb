/*
 * sendto_null: a zero-length datagram sent from a NULL buffer, as
 * golang.org/x/sys/unix sends one on s390x (its socketcall path passes
 * base 0 for an empty slice; elsewhere it passes the address of a zero
 * word). Linux accepts it: with a length of 0 the buffer is never read.
 * qemu-user 10.0.0 to 10.0.6 returns EFAULT (linux-user/syscall.c,
 * do_sendto: lock_user(VERIFY_READ, msg, len, 1) fails for msg 0 before
 * the length is looked at; fixed by "linux-user: permit sendto() with NULL
 * buf and 0 len", qemu commit 0db2de22, in 10.0.7). qemu-user 7.2 passes.
 *
 * Exit 0 when every send succeeds, 1 when one fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int try(const char *what, int fd, int peer, const void *buf)
{
	long n = syscall(SYS_sendto, fd, buf, 0UL, 0, NULL, 0);
	if (n < 0) {
		printf("%s: sendto: %s\n", what, strerrorname_np(errno));
		return 1;
	}
	char got[1];
	ssize_t r = recv(peer, got, sizeof got, MSG_DONTWAIT);
	if (r != 0) {
		printf("%s: recv after sending 0 bytes: have %zd, want 0\n", what, r);
		return 1;
	}
	printf("%s: sent and received 0 bytes\n", what);
	return 0;
}

int main(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) {
		perror("socketpair");
		return 1;
	}
	char byte = 0;
	int failed = try("non-NULL buffer, length 0", sv[0], sv[1], &byte);
	failed |= try("NULL buffer, length 0", sv[0], sv[1], NULL);
	close(sv[0]);
	close(sv[1]);
	return failed;
}
