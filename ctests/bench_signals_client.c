/*
 * bench_signals_client: the pinging side of the signal round-trip
 * benchmark. With SIGUSR1 blocked, it writes its pid to the file -path,
 * then sends SIGUSR1 to the server -pid -n times, each time waiting in
 * sigwaitinfo for the server's SIGUSR1 in answer.
 */
#include "peer.h"
#include "bench.h"

#include <signal.h>

#define USAGE "bench_signals_client -pid n -path file [-n round trips] [-timeout seconds] [-ready file] [-gate fd]"

int main(int argc, char **argv)
{
	long a[BENCH_NARGS];
	const char *t[BENCH_NTEXTS];
	bench_parse(argc, argv, USAGE, BENCH_F_PID | BENCH_F_PATH | BENCH_F_READY | BENCH_F_GATE, BENCH_PING_SIZE, a, t);
	if (a[BENCH_PID] == 0 || t[BENCH_PATH] == NULL)
		peer_usage(USAGE);
	bench_watchdog(a[BENCH_TIMEOUT]);
	sigset_t set;
	if (sigemptyset(&set) != 0 || sigaddset(&set, SIGUSR1) != 0)
		peer_fail("sigaddset");
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		peer_fail("sigprocmask");
	peer_ready(t[BENCH_PATH], "%d", (int)getpid());
	bench_start(a, t);
	for (long i = 0; i < a[BENCH_N]; i++) {
		if (kill((pid_t)a[BENCH_PID], SIGUSR1) != 0)
			peer_fail("kill");
		int sig;
		do
			sig = sigwaitinfo(&set, NULL);
		while (sig < 0 && errno == EINTR);
		if (sig < 0)
			peer_fail("sigwaitinfo");
	}
	printf("%ld round trips\n", a[BENCH_N]);
	return 0;
}
