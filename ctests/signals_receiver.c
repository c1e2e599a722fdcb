/*
 * signals_receiver: the receiving process of document 002's signals. It
 * installs a handler for SIGUSR1, SIGUSR2, SIGTERM and SIGINT with
 * sigaction(SA_SIGINFO), and for each signal that arrives prints "got
 * SIGNAME", with "value N" when it was sent by sigqueue(), and
 * acknowledges it by appending the same line to the -ack file. It exits
 * after -n signals.
 *
 * Made correct: a handler may call only async-signal-safe functions, so it
 * does no printing: it writes what siginfo says into a pipe (the self-pipe
 * trick) and the main loop, waiting on that pipe with a timeout, does the
 * rest. SIGTERM and SIGINT are handled like the others, so they do not end
 * the receiver.
 *
 * -self is accepted and not used: the Go receiver re-executes itself
 * through it to begin with SIGUSR1 and SIGUSR2 blocked (see
 * gosides/signals_receiver), and both take the same command line.
 */
#include "peer.h"
#include "signals.h"

#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdint.h>

#define USAGE "signals_receiver [-n signals] [-ack file] [-ready file] [-timeout seconds] [-self program]"

/* What the handler learns of one signal. */
struct arrival {
	int32_t signo;
	int32_t code;
	int32_t value;
};

static int self_pipe[2];

static void on_signal(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	int saved = errno;
	struct arrival a = {.signo = sig, .code = info->si_code, .value = info->si_value.sival_int};
	/* Smaller than PIPE_BUF: written whole or, with the pipe full, not at all. */
	if (write(self_pipe[1], &a, sizeof a) < 0) {
		static const char msg[] = "write: self-pipe full\n";
		ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)ignored;
	}
	errno = saved;
}

int main(int argc, char **argv)
{
	const char *ack = NULL, *ready = NULL;
	long count = 4, timeout = 10;
	static const struct option opts[] = {
		{"n", required_argument, NULL, 'n'},
		{"ack", required_argument, NULL, 'a'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{"self", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': count = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'a': ack = optarg; break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		case 's': break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	if (pipe2(self_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		peer_fail("pipe");
	static const int handled[] = {SIGUSR1, SIGUSR2, SIGTERM, SIGINT};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask); /* one handler at a time */
	for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++)
		if (sigaction(handled[i], &sa, NULL) != 0)
			peer_fail("sigaction");
	peer_ready(ready, "%d", (int)getpid());

	for (long got = 0; got < count;) {
		struct pollfd pfd = {.fd = self_pipe[0], .events = POLLIN};
		int r = poll(&pfd, 1, (int)(timeout * 1000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			peer_fail("poll");
		if (r == 0) {
			fprintf(stderr, "timeout: %ld of %ld signals after %ld s\n", got, count, timeout);
			return PEER_EXIT_FAIL;
		}
		struct arrival a;
		ssize_t n = read(self_pipe[0], &a, sizeof a);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n != (ssize_t)sizeof a)
			peer_fail("read");
		char line[64];
		const char *name = sigabbrev_np(a.signo);
		int len;
		if (a.code == SIGNALS_SI_QUEUE)
			len = snprintf(line, sizeof line, "got SIG%s value %d\n", name ? name : "?", (int)a.value);
		else
			len = snprintf(line, sizeof line, "got SIG%s\n", name ? name : "?");
		fputs(line, stdout);
		if (fflush(stdout) != 0)
			peer_fail("write");
		if (ack != NULL) {
			/* Without waiting: a FIFO with no reader is ENXIO, not a hang. */
			int fd = open(ack, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK, 0600);
			if (fd < 0)
				peer_fail("open");
			if (write_full(fd, line, (size_t)len) != 0)
				peer_fail("write");
			if (close(fd) != 0)
				peer_fail("close");
		}
		got++;
	}
	return 0;
}
