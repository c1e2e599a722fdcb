/*
 * tcp_fork_server: the concurrent server of documents 000 and 004 that
 * forks a child per client. The child closes the listening socket, serves
 * its client (every byte it reads comes back in capitals) and exits; the
 * parent closes the connection and goes back to accept(). A SIGCHLD
 * handler reaps the children, as document 004's proc_exit() does with
 * wait3(WNOHANG) in a loop. After -n clients the server waits until every
 * child is reaped and proves it: it counts, in /proc, the processes in
 * state Z whose parent it is, and prints "zombies: 0".
 *
 * Made correct: waitpid(-1, WNOHANG) for wait3 and union wait; the handler
 * loops because SIGCHLDs of children that end together merge into one,
 * keeps errno, and only counts (no stdio in a handler); SA_RESTART and an
 * EINTR check keep accept() going; stdout is flushed before fork() and the
 * child leaves with _exit(), so no buffered output is written twice; the
 * final wait is sigsuspend() with SIGCHLD blocked (no lost wakeup),
 * bounded by alarm().
 */
#include "peer.h"
#include "tcp_fork.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#define USAGE "tcp_fork_server [-bind addr] [-port n] [-n clients] [-ready file] [-timeout seconds] [-self program]"

static volatile sig_atomic_t reaped, failed, timed_out;

/* on_sigchld reaps every child that has ended. */
static void on_sigchld(int sig)
{
	(void)sig;
	int saved = errno, status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		reaped++;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	}
	errno = saved;
}

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

/* serve is the child's work: every byte read comes back in capitals. */
static int serve(int fd)
{
	char buf[TCP_LINE_MAX];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			peer_error("read");
			return PEER_EXIT_FAIL;
		}
		if (n == 0)
			return 0;
		for (ssize_t i = 0; i < n; i++)
			buf[i] = (char)toupper((unsigned char)buf[i]);
		if (write_full(fd, buf, (size_t)n) != 0) {
			peer_error("write");
			return PEER_EXIT_FAIL;
		}
	}
}

/* zombies counts the processes in state Z whose parent is ppid, from
 * /proc/<pid>/stat ("pid (comm) state ppid ..."; comm may hold spaces and
 * parentheses, so the fields are read after its last ')'). */
static int zombies(pid_t ppid)
{
	DIR *d = opendir("/proc");
	if (d == NULL)
		peer_fail("opendir");
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[sizeof e->d_name + 16], stat[512];
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (f == NULL)
			continue; /* the process ended meanwhile */
		size_t n = fread(stat, 1, sizeof stat - 1, f);
		fclose(f);
		stat[n] = '\0';
		char *paren = strrchr(stat, ')'), state;
		int parent;
		if (paren != NULL && sscanf(paren + 1, " %c %d", &state, &parent) == 2 &&
		    state == 'Z' && parent == ppid)
			count++;
	}
	if (closedir(d) != 0)
		peer_fail("closedir");
	return count;
}

int main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *ready = NULL;
	long port = TCP_FORK_PORT, nclients = 1, timeout = 10;
	static const struct option opts[] = {
		{"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},
		{"n", required_argument, NULL, 'n'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		/* The Go server re-executes -self for each client; a C server
		 * forks, so it accepts the flag and has no use for it. */
		{"self", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b': bind_addr = optarg; break;
		case 'p': port = parse_long(optarg, 0, 65535, USAGE); break;
		case 'n': nclients = parse_long(optarg, 1, 10000, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		case 's': break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	struct sockaddr_in addr;
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &addr.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", bind_addr);
		peer_usage(USAGE);
	}
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) != 0)
		peer_fail("sigaction");
	sa.sa_handler = on_alarm;
	sa.sa_flags = 0;
	if (sigaction(SIGALRM, &sa, NULL) != 0)
		peer_fail("sigaction");

	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		peer_fail("socket");
	int one = 1;
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		peer_fail("setsockopt");
	/* SO_RCVTIMEO bounds accept() as well as the children's reads. */
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		peer_fail("setsockopt");
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0)
		peer_fail("bind");
	if (listen(lfd, TCP_FORK_BACKLOG) != 0)
		peer_fail("listen");
	socklen_t alen = sizeof addr;
	if (getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0)
		peer_fail("getsockname");
	peer_ready(ready, "%u", (unsigned)ntohs(addr.sin_port));

	for (long served = 0; served < nclients;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			peer_fail("accept");
		}
		if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
		    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
			peer_fail("setsockopt");
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0)
			peer_fail("fork");
		if (pid == 0) {
			/* The child: not the listener, not the reaper. */
			signal(SIGCHLD, SIG_DFL);
			if (close(lfd) != 0)
				peer_fail("close");
			int status = serve(fd);
			if (close(fd) != 0)
				peer_fail("close");
			_exit(status);
		}
		if (close(fd) != 0)
			peer_fail("close");
		served++;
	}
	if (close(lfd) != 0)
		peer_fail("close");

	/* Wait for the last children without a lost wakeup: SIGCHLD stays
	 * blocked except inside sigsuspend(). */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &block, &old) != 0)
		peer_fail("sigprocmask");
	alarm((unsigned)timeout);
	while (reaped < nclients && !timed_out)
		sigsuspend(&old);
	alarm(0);
	if (sigprocmask(SIG_SETMASK, &old, NULL) != 0)
		peer_fail("sigprocmask");
	if (reaped < nclients) {
		fprintf(stderr, "waitpid: %ld of %ld children reaped after %ld s\n", (long)reaped, nclients, timeout);
		return PEER_EXIT_FAIL;
	}
	int z = zombies(getpid());
	printf("reaped %ld children, %ld failed\n", (long)reaped, (long)failed);
	printf("zombies: %d\n", z);
	return failed || z ? PEER_EXIT_FAIL : 0;
}
