/*
 * pipe_stdio_child: a program at one end of a pipeline (document 003,
 * `prog1 | prog2`; document 001, a program run by dup2 or popen with a pipe
 * as its standard input or output). It knows nothing of pipes: with -mode
 * write (prog1) it prints the known text, -lines numbered lines, on its
 * standard output; with -mode read (prog2) it reads the text from its
 * standard input, checks every byte and end of file, and prints what it
 * read. Its parent decides what stdin and stdout are.
 *
 * Made correct: every printf is checked, so a write that fails is reported
 * rather than lost, and the last buffered bytes are flushed and checked
 * before exit. With SIGPIPE's default disposition (set here: a parent may
 * leave it ignored across exec) writing to a pipe whose reader is gone
 * kills the program, as it kills prog1 when prog2 exits; -sigpipe ignore
 * makes it report write: EPIPE and exit 1 instead. Reads are bounded by
 * -timeout; -head n reads only the first n bytes, as head(1) does.
 */
#include "peer.h"
#include "pipe_stdio.h"

#include <getopt.h>
#include <signal.h>

#define USAGE "pipe_stdio_child [-mode read|write] [-lines n] [-head bytes] [-sigpipe default|ignore] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *mode = "write", *sigpipe = "default";
	long lines = PIPE_STDIO_LINES, head = -1, timeout = 10;
	static const struct option opts[] = {
		{"mode", required_argument, NULL, 'm'},
		{"lines", required_argument, NULL, 'l'},
		{"head", required_argument, NULL, 'h'},
		{"sigpipe", required_argument, NULL, 's'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mode = optarg; break;
		case 'l': lines = parse_long(optarg, 0, PIPE_STDIO_MAX_LINES, USAGE); break;
		case 'h': head = parse_long(optarg, 0, INT_MAX, USAGE); break;
		case 's': sigpipe = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
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
	if (strcmp(sigpipe, "ignore") == 0) {
		if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
			peer_fail("signal");
	} else if (strcmp(sigpipe, "default") == 0) {
		if (signal(SIGPIPE, SIG_DFL) == SIG_ERR)
			peer_fail("signal");
	} else {
		fprintf(stderr, "bad -sigpipe %s\n", sigpipe);
		peer_usage(USAGE);
	}

	if (reading) {
		/* prog2: its standard input is the pipe, its output the parent's. */
		int rc = pipe_stdio_receive(STDIN_FILENO, "child", lines, head, timeout);
		if (fflush(stdout) != 0)
			peer_fail("write");
		return rc == 0 ? 0 : PEER_EXIT_FAIL;
	}

	/* prog1: its standard output is the pipe. */
	for (long i = 0; i < lines; i++) {
		if (printf("%06ld %s\n", i + 1, PIPE_STDIO_TEXT) < 0)
			peer_fail("write");
	}
	if (fflush(stdout) != 0)
		peer_fail("write");
	return 0;
}
