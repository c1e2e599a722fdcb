/*
 * pipe_stdio_parent: a parent that runs a program with a pipe as its
 * standard output or input (document 001, "Ordinary Pipes - Redirecting
 * the Standard Input, Output, and Error Streams": pipe, fork, dup2, exec,
 * and popen/pclose, which do all of that in one call; document 003, the
 * shell that connects `prog1 | prog2`). With -mode read the child's stdout
 * is the pipe and the parent reads the known text from it, checking every
 * byte and end of file; with -mode write the child's stdin is the pipe and
 * the parent writes the text, which the child checks. The child is the
 * program -child names, run with the words after "--" appended; -popen
 * runs it through popen(3), that is through /bin/sh, instead of fork, dup2
 * and execv. Then the parent says how the child ended.
 *
 * Made correct: each process closes the pipe ends it does not use (a
 * writer's copy left open in the reader means no end of file ever), dup2
 * and every other call is checked, the popen command quotes every word and
 * execs the program so that pclose reports its status, not the shell's,
 * and the parent ignores SIGPIPE so that a child that stops reading makes
 * it report write: EPIPE rather than die. Reads and writes wait in poll(),
 * bounded by -timeout (on the stream's descriptor under popen: stdio's
 * buffer would hide bytes from poll); pclose's wait has no bound of its
 * own, but the child, passed -timeout, bounds its reading. -head n reads
 * only the first n bytes and closes the read end, as head(1) does at the
 * end of a pipeline.
 */
#include "peer.h"
#include "pipe.h"
#include "pipe_stdio.h"

#include <getopt.h>
#include <signal.h>

#define USAGE "pipe_stdio_parent -child path [-mode read|write] [-popen] [-lines n] [-head bytes] [-timeout seconds] [-- child-args...]"

/* transfer reads the text from fd (reading) or writes it. It returns 0,
 * or -1 after reporting the failure. */
static int transfer(int fd, int reading, long lines, long head, long timeout)
{
	if (reading)
		return pipe_stdio_receive(fd, "parent", lines, head, timeout);
	return pipe_stdio_send(fd, lines, timeout);
}

/* run_fork runs the child with fork, dup2 and execv, moves the text and
 * stores the child's wait status. It returns 0, or -1 if the transfer
 * failed; it exits if the child cannot be started or waited for. */
static int run_fork(char **args, int reading, long lines, long head, long timeout, int *status)
{
	int fd[2];
	if (pipe(fd) != 0)
		peer_fail("pipe");
	/* Output still buffered would be written twice, by both processes. */
	if (fflush(stdout) != 0)
		peer_fail("write");
	pid_t pid = fork();
	if (pid < 0)
		peer_fail("fork");
	if (pid == 0) {
		/* The child: one end of the pipe becomes its stdout or stdin, and
		 * neither original descriptor stays open (unless it already is
		 * that standard descriptor). */
		int target = reading ? STDOUT_FILENO : STDIN_FILENO;
		if (dup2(reading ? fd[1] : fd[0], target) < 0) {
			peer_error("dup2");
			_exit(PEER_EXIT_FAIL);
		}
		for (int i = 0; i < 2; i++) {
			if (fd[i] != target && close(fd[i]) != 0) {
				peer_error("close");
				_exit(PEER_EXIT_FAIL);
			}
		}
		execv(args[0], args);
		peer_error("execve");
		_exit(PEER_EXIT_FAIL);
	}

	/* The parent keeps the other end. */
	if (close(reading ? fd[1] : fd[0]) != 0)
		peer_fail("close");
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");
	int mine = reading ? fd[0] : fd[1];
	int rc = transfer(mine, reading, lines, head, timeout);
	if (close(mine) != 0) {
		peer_error("close");
		rc = -1;
	}
	if (pipe_wait_child(pid, timeout, status) != 0) {
		if (errno == ETIMEDOUT) {
			fprintf(stderr, "timeout: child still running after %ld s\n", timeout);
			exit(PEER_EXIT_FAIL);
		}
		peer_fail("waitpid");
	}
	return rc;
}

/* append appends n bytes of s to the string in buf (of size size), which
 * is *len bytes long. It returns 0, or -1 if buf is too small. */
static int append(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (n >= size - *len)
		return -1;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
	return 0;
}

/* shell_quote appends word to the string in buf in single quotes, inside
 * which the shell takes every byte literally; a ' in word becomes '\''.
 * It returns 0, or -1 if buf is too small. */
static int shell_quote(char *buf, size_t size, size_t *len, const char *word)
{
	if (append(buf, size, len, "'", 1) != 0)
		return -1;
	for (const char *p = word; *p != '\0'; p++) {
		int err = *p == '\'' ? append(buf, size, len, "'\\''", 4) : append(buf, size, len, p, 1);
		if (err != 0)
			return -1;
	}
	return append(buf, size, len, "'", 1);
}

/* run_popen runs the child through popen, moves the text and stores the
 * wait status pclose returns. It returns 0, or -1 if the transfer failed;
 * it exits if the child cannot be started or waited for. */
static int run_popen(char **args, int reading, long lines, long head, long timeout, int *status)
{
	/* "exec" replaces the shell by the program, so that the status is
	 * the program's own: a shell that forked it would report a death by
	 * SIGPIPE as exit status 141. */
	char command[8192];
	size_t len = 0;
	int err = append(command, sizeof command, &len, "exec", 4);
	for (char **a = args; err == 0 && *a != NULL; a++) {
		err = append(command, sizeof command, &len, " ", 1);
		if (err == 0)
			err = shell_quote(command, sizeof command, &len, *a);
	}
	if (err != 0) {
		errno = E2BIG;
		peer_fail("popen");
	}
	if (fflush(stdout) != 0)
		peer_fail("write");
	FILE *fp = popen(command, reading ? "r" : "w");
	if (fp == NULL)
		peer_fail("popen");
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");
	/* The stream's descriptor, not the stream: poll() cannot see bytes
	 * that stdio has buffered. pclose closes it. */
	int rc = transfer(fileno(fp), reading, lines, head, timeout);
	*status = pclose(fp);
	if (*status == -1)
		peer_fail("pclose");
	return rc;
}

int main(int argc, char **argv)
{
	const char *child = NULL, *mode = "read";
	long lines = PIPE_STDIO_LINES, head = -1, timeout = 10;
	int use_popen = 0;
	static const struct option opts[] = {
		{"child", required_argument, NULL, 'c'},
		{"mode", required_argument, NULL, 'm'},
		{"popen", no_argument, NULL, 'p'},
		{"lines", required_argument, NULL, 'l'},
		{"head", required_argument, NULL, 'h'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': child = optarg; break;
		case 'm': mode = optarg; break;
		case 'p': use_popen = 1; break;
		case 'l': lines = parse_long(optarg, 0, PIPE_STDIO_MAX_LINES, USAGE); break;
		case 'h': head = parse_long(optarg, 0, INT_MAX, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (child == NULL)
		peer_usage(USAGE);
	int reading = strcmp(mode, "read") == 0;
	if (!reading && strcmp(mode, "write") != 0) {
		fprintf(stderr, "bad -mode %s\n", mode);
		peer_usage(USAGE);
	}
	if (head >= 0 && !reading) {
		fprintf(stderr, "-head wants -mode read\n");
		peer_usage(USAGE);
	}

	/* The child does the other half: it writes when the parent reads. */
	char linesarg[24], timeoutarg[24];
	snprintf(linesarg, sizeof linesarg, "%ld", lines);
	snprintf(timeoutarg, sizeof timeoutarg, "%ld", timeout);
	int extra = argc - optind;
	char **args = calloc((size_t)extra + 8, sizeof *args);
	if (args == NULL)
		peer_fail("calloc");
	args[0] = (char *)child;
	args[1] = "-mode";
	args[2] = reading ? "write" : "read";
	args[3] = "-lines";
	args[4] = linesarg;
	args[5] = "-timeout";
	args[6] = timeoutarg;
	for (int i = 0; i < extra; i++)
		args[7 + i] = argv[optind + i];

	int status;
	int rc = use_popen ? run_popen(args, reading, lines, head, timeout, &status)
			   : run_fork(args, reading, lines, head, timeout, &status);
	free(args);
	if (rc == 0 && !reading)
		printf("parent wrote %ld bytes\n", lines * PIPE_STDIO_LINE_BYTES);
	pipe_print_status("child", status);
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return PEER_EXIT_FAIL;
	return 0;
}
