/*
 * pipe_parent_child_child: the child of document 002's one-way child/parent
 * simplex pipe. It writes "message for parent" with its NUL, 19 bytes, to
 * the pipe's write end, a descriptor it inherits from its parent (-fd n),
 * and exits; its closing the pipe is the parent's end of file. Without -fd
 * it writes on its standard output, so that a shell pipeline
 * (pipe_parent_child_child | od -c) is its pipe.
 *
 * Made correct: the write is checked and resumed if short, and the end is
 * closed and checked. A write to a pipe whose reader is gone kills the
 * child by SIGPIPE, as it would the document's; -sigpipe ignore makes it
 * report write: EPIPE and exit 1 instead.
 */
#include "peer.h"
#include "pipe.h"

#include <getopt.h>
#include <signal.h>

#define USAGE "pipe_parent_child_child [-fd n] [-sigpipe default|ignore]"

int main(int argc, char **argv)
{
	long fd = STDOUT_FILENO;
	const char *sigpipe = "default";
	static const struct option opts[] = {
		{"fd", required_argument, NULL, 'f'},
		{"sigpipe", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': fd = parse_long(optarg, 0, INT_MAX, USAGE); break;
		case 's': sigpipe = optarg; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);
	if (strcmp(sigpipe, "ignore") == 0) {
		if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
			peer_fail("signal");
	} else if (strcmp(sigpipe, "default") == 0) {
		/* The parent may have left SIGPIPE ignored across exec. */
		if (signal(SIGPIPE, SIG_DFL) == SIG_ERR)
			peer_fail("signal");
	} else {
		fprintf(stderr, "bad -sigpipe %s\n", sigpipe);
		peer_usage(USAGE);
	}

	static const char m[] = PIPE_MESSAGE;
	if (write_full((int)fd, m, PIPE_MESSAGE_BYTES) != 0)
		peer_fail("write");
	if (close((int)fd) != 0)
		peer_fail("close");
	return 0;
}
