/*
 * sem_sysv_second: the second of two processes that increment a counter in
 * System V shared memory under a System V semaphore. It opens the first
 * process's semaphore set and segment under KEY, takes the mutex, says it
 * has joined, increments the counter n times between P and V on the mutex,
 * says it has finished, and prints how many increments it made.
 *
 * With -hold it only takes the mutex (SEM_UNDO), says so in its ready
 * file, and keeps it until it is killed or -timeout passes: the kernel's
 * undo must then give the mutex back.
 *
 * Every wait is a semtimedop bounded by -timeout; a mutex that never comes
 * free is "semtimedop: EAGAIN".
 */
#include "peer.h"
#include "sem_sysv.h"

#include <getopt.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#define USAGE "sem_sysv_second [-key k] [-n increments] [-hold] [-ready file] [-timeout seconds]"

static int semid = -1;

/* op performs one operation on semaphore num, waiting at most timeout
 * seconds; a signal handler's EINTR is retried with what time remains. */
static int op(unsigned short num, short delta, short flags, long timeout)
{
	struct sembuf sb = {.sem_num = num, .sem_op = delta, .sem_flg = flags};
	struct timespec start, now;
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		return -1;
	for (;;) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			return -1;
		long long left = (long long)timeout * 1000000000LL -
				 ((long long)(now.tv_sec - start.tv_sec) * 1000000000LL + (now.tv_nsec - start.tv_nsec));
		if (left < 0)
			left = 0;
		struct timespec ts = {.tv_sec = (time_t)(left / 1000000000LL), .tv_nsec = (long)(left % 1000000000LL)};
		if (semtimedop(semid, &sb, 1, &ts) == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

int main(int argc, char **argv)
{
	long key = SEM_SYSV_KEY, n = SEM_SYSV_INCREMENTS, timeout = 10;
	int hold = 0;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"n", required_argument, NULL, 'n'},
		{"hold", no_argument, NULL, 'H'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'n': n = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'H': hold = 1; break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	semid = semget((key_t)key, SEM_SYSV_NSEMS, 0);
	if (semid < 0)
		peer_fail("semget");
	int shmid = shmget((key_t)key, sizeof(struct sem_sysv_counter), 0);
	if (shmid < 0)
		peer_fail("shmget");
	struct sem_sysv_counter *counter = shmat(shmid, NULL, 0);
	if (counter == (void *)-1)
		peer_fail("shmat");

	if (hold) {
		if (op(SEM_SYSV_MUTEX, -1, SEM_UNDO, timeout) != 0)
			peer_fail("semtimedop");
		peer_ready(ready, "holding");
		struct timespec left = {.tv_sec = timeout};
		while (nanosleep(&left, &left) != 0)
			if (errno != EINTR)
				peer_fail("nanosleep");
		fprintf(stderr, "timeout: still holding the mutex after %ld s\n", timeout);
		return PEER_EXIT_FAIL;
	}

	for (long i = 0; i < n; i++) {
		if (op(SEM_SYSV_MUTEX, -1, SEM_UNDO, timeout) != 0)
			peer_fail("semtimedop");
		counter->count = counter->count + 1;
		if (op(SEM_SYSV_MUTEX, 1, SEM_UNDO, timeout) != 0)
			peer_fail("semtimedop");
		/* Joined once the mutex was ours: the first starts counting now. */
		if (i == 0 && op(SEM_SYSV_JOINED, 1, 0, timeout) != 0)
			peer_fail("semtimedop");
	}
	if (n == 0 && op(SEM_SYSV_JOINED, 1, 0, timeout) != 0)
		peer_fail("semtimedop");
	if (op(SEM_SYSV_DONE, 1, 0, timeout) != 0)
		peer_fail("semtimedop");
	printf("incremented %ld\n", n);
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (shmdt(counter) != 0)
		peer_fail("shmdt");
	return 0;
}
