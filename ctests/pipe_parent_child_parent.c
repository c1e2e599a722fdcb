/*
 * pipe_parent_child_parent: the parent of document 002's one-way
 * child/parent simplex pipe. It creates a pipe and forks; the child writes
 * "message for parent" (19 bytes with the NUL) and the parent reads it and
 * prints it. With -child path, the child execs that program with the
 * pipe's write end as an inherited descriptor, named by "-fd n", followed
 * by the arguments after "--"; without it, the forked child writes the
 * message itself, as in the document. -fd n makes this program play that
 * child (the Go parent, which cannot fork without exec, runs itself so).
 *
 * Made correct: each side closes the end it does not use (the parent must
 * close the write end, or it never sees end of file), the parent reads
 * until end of file however the bytes arrive rather than once, checks that
 * what arrived is a NUL-terminated string before printing it, bounds its
 * waits and what it reads, kills and reaps a child it gives up on (one
 * that never closes the pipe, or writes without end), and reports how the
 * child ended. -no-reader closes the read end
 * before the child starts, so the child writes to a pipe without a reader.
 */
#include "peer.h"
#include "pipe.h"

#include <getopt.h>
#include <poll.h>

#define USAGE "pipe_parent_child_parent [-child path] [-no-reader] [-fd n] [-timeout seconds] [-- child-args...]"

/* write_message is the document's child: it writes the message and closes
 * the write end. It returns 0, or -1 after reporting why. */
static int write_message(int fd)
{
	static const char m[] = PIPE_MESSAGE;
	if (write_full(fd, m, PIPE_MESSAGE_BYTES) != 0) {
		peer_error("write");
		return -1;
	}
	if (close(fd) != 0) {
		peer_error("close");
		return -1;
	}
	return 0;
}

/* stop_child kills a child the parent gives up on and reaps it, so that
 * it neither outlives the parent nor stays a zombie. */
static void stop_child(pid_t pid, long timeout)
{
	int status;
	if (kill(pid, SIGKILL) != 0)
		peer_error("kill");
	else if (pipe_wait_child(pid, timeout, &status) != 0)
		peer_error("waitpid");
}

int main(int argc, char **argv)
{
	const char *child = NULL;
	long timeout = 10, childfd = -1;
	int no_reader = 0;
	static const struct option opts[] = {
		{"child", required_argument, NULL, 'c'},
		{"no-reader", no_argument, NULL, 'n'},
		{"fd", required_argument, NULL, 'f'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': child = optarg; break;
		case 'n': no_reader = 1; break;
		case 'f': childfd = parse_long(optarg, 0, INT_MAX, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (childfd >= 0)
		return write_message((int)childfd) == 0 ? 0 : PEER_EXIT_FAIL;

	int fd[2];
	if (pipe(fd) != 0)
		peer_fail("pipe");
	if (no_reader && close(fd[0]) != 0)
		peer_fail("close");
	/* Output still buffered would be written twice, by both processes. */
	if (fflush(stdout) != 0)
		peer_fail("write");
	pid_t pid = fork();
	if (pid < 0)
		peer_fail("fork");
	if (pid == 0) {
		/* child executes this */
		if (!no_reader && close(fd[0]) != 0) {
			peer_error("close");
			_exit(PEER_EXIT_FAIL);
		}
		if (child == NULL)
			_exit(write_message(fd[1]) == 0 ? 0 : PEER_EXIT_FAIL);
		char fdarg[16];
		snprintf(fdarg, sizeof fdarg, "%d", fd[1]);
		int extra = argc - optind;
		char **args = calloc((size_t)extra + 4, sizeof *args);
		if (args == NULL) {
			peer_error("calloc");
			_exit(PEER_EXIT_FAIL);
		}
		args[0] = (char *)child;
		args[1] = "-fd";
		args[2] = fdarg;
		for (int i = 0; i < extra; i++)
			args[3 + i] = argv[optind + i];
		execv(child, args);
		peer_error("execve");
		_exit(PEER_EXIT_FAIL);
	}

	/* parent executes this */
	if (close(fd[1]) != 0)
		peer_fail("close");
	char y[PIPE_READ_BYTES];
	size_t total = 0;
	int failed = 0;
	if (!no_reader) {
		for (;;) {
			struct pollfd pfd = {.fd = fd[0], .events = POLLIN};
			int ready = poll(&pfd, 1, (int)(timeout * 1000));
			if (ready < 0 && errno == EINTR)
				continue;
			if (ready < 0)
				peer_fail("poll");
			if (ready == 0) {
				fprintf(stderr, "timeout: no end of file after %ld s\n", timeout);
				stop_child(pid, timeout);
				return PEER_EXIT_FAIL;
			}
			/* Bytes past the buffer are counted, not kept. */
			char scratch[PIPE_READ_BYTES];
			char *dst = total < sizeof y ? y + total : scratch;
			size_t room = total < sizeof y ? sizeof y - total : sizeof scratch;
			ssize_t n = read(fd[0], dst, room);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				peer_fail("read");
			if (n == 0)
				break;
			total += (size_t)n;
			/* Bounded: a child that never stops writing must not keep
			 * the parent reading for ever. */
			if (total > PIPE_MAX_BYTES) {
				fprintf(stderr, "message: more than %d bytes\n", PIPE_MAX_BYTES);
				stop_child(pid, timeout);
				return PEER_EXIT_FAIL;
			}
		}
		if (close(fd[0]) != 0)
			peer_fail("close");
	}

	int status;
	if (pipe_wait_child(pid, timeout, &status) != 0) {
		if (errno == ETIMEDOUT) {
			fprintf(stderr, "timeout: child still running after %ld s\n", timeout);
			return PEER_EXIT_FAIL;
		}
		peer_fail("waitpid");
	}
	if (!no_reader) {
		size_t kept = total < sizeof y ? total : sizeof y;
		printf("parent read %zu bytes: %.*s\n", total, (int)strnlen(y, kept), y);
		if (memchr(y, '\0', kept) == NULL) {
			fflush(stdout);
			fprintf(stderr, "message: no NUL in %zu bytes\n", total);
			failed = 1;
		}
	}
	pipe_print_status("child", status);
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		failed = 1;
	return failed ? PEER_EXIT_FAIL : 0;
}
