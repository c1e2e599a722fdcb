/*
 * bench_signals_server: the answering side of the signal round-trip
 * benchmark. With SIGUSR1 blocked, it writes its pid to the -ready file,
 * waits in sigwaitinfo for -n SIGUSR1s and answers each with SIGUSR1 to
 * the client, whose pid it reads from the file -path on the first.
 */
#include "peer.h"
#include "bench.h"

#include <signal.h>

#define USAGE "bench_signals_server -path file [-n round trips] [-ready file] [-timeout seconds]"

/* client_pid reads the pid the client wrote to path. */
static pid_t client_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		peer_fail("open");
	char line[32];
	if (fgets(line, sizeof line, f) == NULL) {
		fprintf(stderr, "read: no pid in %s\n", path);
		exit(PEER_EXIT_FAIL);
	}
	if (fclose(f) != 0)
		peer_fail("close");
	line[strcspn(line, "\n")] = '\0';
	char *end;
	errno = 0;
	long pid = strtol(line, &end, 10);
	if (errno != 0 || end == line || *end != '\0' || pid <= 0 || pid > INT_MAX) {
		fprintf(stderr, "read: bad pid %s\n", line);
		exit(PEER_EXIT_FAIL);
	}
	return (pid_t)pid;
}

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_PATH | BENCH_F_READY, BENCH_PING_SIZE, a, t);
	if (t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	sigset_t set;
	if (sigemptyset(&set) != 0 || sigaddset(&set, SIGUSR1) != 0)
		peer_fail("sigaddset");
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		peer_fail("sigprocmask");
	peer_ready(t[BENCH_READY], "%d", (int)getpid());
	pid_t client = 0;
	for (long i = 0; i < a[BENCH_N]; i++) {
		int sig;
		do
			sig = sigwaitinfo(&set, NULL);
		while (sig < 0 && errno == EINTR);
		if (sig < 0)
			peer_fail("sigwaitinfo");
		if (client == 0)
			client = client_pid(t[BENCH_PATH]);
		if (kill(client, SIGUSR1) != 0)
			peer_fail("kill");
	}
	printf("answered %ld signals\n", a[BENCH_N]);
	return 0;
}
