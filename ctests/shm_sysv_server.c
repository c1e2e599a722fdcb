/*
 * shm_sysv_server: shm_server.c of document 004. It creates a SHMSZ-byte
 * SysV segment, writes 'a'..'z' and a NUL, waits until the client changes
 * the first byte to '*', then removes the segment.
 *
 * As the document's server, it creates the segment or reuses the one an
 * earlier run left under the key (IPC_CREAT), and waits for its client
 * however late it comes. Made correct: -excl creates it exclusively (a
 * stale one is an error, not silently reused); it is 0600 unless -mode
 * says otherwise (0666, the document's, widens it); the wait reads the
 * byte atomically (a plain loop may be optimised into reading it once) and
 * with -timeout gives up after that many seconds; the segment is removed
 * on every path once created or reused.
 */
#include "peer.h"
#include "shm_sysv.h"

#include <getopt.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

#define USAGE "shm_sysv_server [-key k] [-mode octal] [-excl] [-ready file] [-timeout seconds]"

static int shmid = -1;

static void fail_removing(const char *call)
{
	peer_error(call);
	if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) != 0)
		peer_error("shmctl");
	exit(PEER_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	long key = SHM_SYSV_KEY, mode = 0600, timeout = 0;
	int excl = 0;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"mode", required_argument, NULL, 'm'},
		{"excl", no_argument, NULL, 'x'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'x': excl = 1; break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 0, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	shmid = shmget((key_t)key, SHMSZ, IPC_CREAT | (excl ? IPC_EXCL : 0) | (int)mode);
	if (shmid < 0)
		peer_fail("shmget");
	char *shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1)
		fail_removing("shmat");

	char *s = shm;
	for (char ch = 'a'; ch <= 'z'; ch++)
		*s++ = ch;
	*s = '\0';
	peer_ready(ready, "%ld", key);

	struct timespec start, now, pause = {.tv_nsec = 1000000};
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		fail_removing("clock_gettime");
	while (__atomic_load_n(shm, __ATOMIC_ACQUIRE) != SHM_SYSV_DONE) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			fail_removing("clock_gettime");
		long long waited_ns = (long long)(now.tv_sec - start.tv_sec) * 1000000000LL + (now.tv_nsec - start.tv_nsec);
		if (timeout > 0 && waited_ns >= (long long)timeout * 1000000000LL) {
			fprintf(stderr, "timeout: no '%c' from the client after %ld s\n", SHM_SYSV_DONE, timeout);
			if (shmdt(shm) != 0)
				peer_error("shmdt");
			fail_removing("wait");
		}
		nanosleep(&pause, NULL);
	}
	if (shmdt(shm) != 0)
		fail_removing("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) != 0)
		peer_fail("shmctl");
	return 0;
}
