/*
 * unix_sock.h: the Unix-domain socket protocols of documents 002 and 003
 * (AF_UNIX, SOCK_STREAM and SOCK_DGRAM), and what they share: addresses
 * on a path or in Linux's abstract namespace, and passing an open file
 * descriptor with SCM_RIGHTS.
 *
 * unix_stream: the client sends length-prefixed frames (framing.h, with
 * the payloads of tcp_framing.h), then passes the server a descriptor;
 * the server passes one back. unix_dgram: the sender sends datagrams
 * (payloads of udp.h), one datagram gathered from UNIX_SG_PART0..2 that
 * the receiver scatters into buffers of UNIX_SG_BUF0..2 bytes, and a
 * descriptor. A descriptor travels with one byte, UNIX_FD_TAG.
 */
#ifndef IPCCONFORM_UNIX_SOCK_H
#define IPCCONFORM_UNIX_SOCK_H

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#define UNIX_SOCK_PATH "unix.sock" /* the default address, a path */
#define UNIX_SOCK_BACKLOG 5
#define UNIX_MAX_MESSAGES 64     /* frames or datagrams one peer sends */
#define UNIX_DGRAM_MAX 65536     /* the longest datagram sent */
#define UNIX_FD_TAG 'F'          /* the byte a passed descriptor rides on */
#define UNIX_FILE_MAX 4096       /* bytes read through a passed descriptor */

/* The contents of the files whose descriptors are passed. */
#define UNIX_CLIENT_TEXT "read through the descriptor the client passed\n"
#define UNIX_SERVER_TEXT "read through the descriptor the server passed\n"
#define UNIX_SENDER_TEXT "read through the descriptor the sender passed\n"

/* The gathered datagram, and the buffers it is scattered into. */
#define UNIX_SG_PART0 "Hello, "
#define UNIX_SG_PART1 "scatter/"
#define UNIX_SG_PART2 "gather world"
#define UNIX_SG_BUF0 5
#define UNIX_SG_BUF1 10
#define UNIX_SG_BUF2 64

/* unix_addr fills addr for name, a path or (abstract set) a name in the
 * abstract namespace, whose address starts with a NUL byte and is as long
 * as the name, with no terminating NUL. It returns the address length, or
 * 0 when the name does not fit. */
static inline socklen_t unix_addr(struct sockaddr_un *addr, const char *name, int abstract)
{
	size_t n = strlen(name);
	memset(addr, 0, sizeof *addr);
	addr->sun_family = AF_UNIX;
	if (abstract) {
		if (n + 1 > sizeof addr->sun_path)
			return 0;
		memcpy(addr->sun_path + 1, name, n);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	}
	if (n + 1 > sizeof addr->sun_path)
		return 0;
	memcpy(addr->sun_path, name, n + 1);
	return (socklen_t)sizeof *addr;
}

/* unix_send_fd sends UNIX_FD_TAG with fd attached as SCM_RIGHTS; it
 * returns 0, or -1 with errno set. */
static inline int unix_send_fd(int sock, int fd)
{
	char tag = UNIX_FD_TAG;
	struct iovec iov = {.iov_base = &tag, .iov_len = 1};
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	memset(&control, 0, sizeof control);
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof control.buf,
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	ssize_t n;
	while ((n = sendmsg(sock, &msg, 0)) < 0 && errno == EINTR)
		;
	return n == 1 ? 0 : -1;
}

/* unix_recv_fd receives UNIX_FD_TAG and the descriptor attached to it. It
 * returns the descriptor (close-on-exec), -1 with errno set when recvmsg
 * fails, or -2 when the message is not a tag with exactly one descriptor. */
static inline int unix_recv_fd(int sock)
{
	char tag = 0;
	struct iovec iov = {.iov_base = &tag, .iov_len = 1};
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof control.buf,
	};
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return -1;
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	if (n != 1 || tag != UNIX_FD_TAG || (msg.msg_flags & MSG_CTRUNC) || cm == NULL ||
	    cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -2;
	int fd;
	memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

#endif
