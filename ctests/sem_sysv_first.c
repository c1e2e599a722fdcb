/*
 * sem_sysv_first: the first of two processes that increment a counter in
 * System V shared memory under a System V semaphore (document 000 lists
 * both kinds of object side by side: ipcs -m, ipcs -s). It creates the
 * semaphore set and the segment under KEY, sets the mutex to 1, waits
 * until the second process has joined, increments the counter n times,
 * waits until the second has finished, prints the final count and removes
 * both objects.
 *
 * Each increment is a plain read and write of the counter between P and V
 * on the mutex: only the semaphore keeps it exact. semop is a call the
 * compiler cannot see through and a full barrier in the kernel, so the
 * counter's plain accesses stay inside the critical section. The mutex is
 * taken with SEM_UNDO, so that a process killed while holding it gives it
 * back. Every wait is a semtimedop bounded by -timeout; the objects are
 * created exclusively, 0600 unless -mode says otherwise, and removed on
 * every path once created.
 */
#include "peer.h"
#include "sem_sysv.h"

#include <getopt.h>
#include <inttypes.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#define USAGE "sem_sysv_first [-key k] [-n increments] [-mode octal] [-ready file] [-timeout seconds]"

static int semid = -1, shmid = -1;

static void fail_removing(const char *call)
{
	peer_error(call);
	if (semid >= 0 && semctl(semid, 0, IPC_RMID) != 0)
		peer_error("semctl");
	if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) != 0)
		peer_error("shmctl");
	exit(PEER_EXIT_FAIL);
}

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
	long key = SEM_SYSV_KEY, n = SEM_SYSV_INCREMENTS, mode = 0600, timeout = 10;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"n", required_argument, NULL, 'n'},
		{"mode", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'n': n = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	semid = semget((key_t)key, SEM_SYSV_NSEMS, IPC_CREAT | IPC_EXCL | (int)mode);
	if (semid < 0)
		peer_fail("semget");
	/* A new set's values are 0 on Linux; only the mutex starts at 1. The
	 * fourth argument is a union semun, which the caller defines (POSIX):
	 * a bare int reads back as 0 on 64-bit big-endian machines, where the
	 * union's val is the high half of the 8-byte argument. */
	union semun {
		int val;
		struct semid_ds *buf;
		unsigned short *array;
	} arg = {.val = 1};
	if (semctl(semid, SEM_SYSV_MUTEX, SETVAL, arg) != 0)
		fail_removing("semctl");
	shmid = shmget((key_t)key, sizeof(struct sem_sysv_counter), IPC_CREAT | IPC_EXCL | (int)mode);
	if (shmid < 0)
		fail_removing("shmget");
	struct sem_sysv_counter *counter = shmat(shmid, NULL, 0);
	if (counter == (void *)-1)
		fail_removing("shmat");
	counter->count = 0;
	peer_ready(ready, "%ld", key);

	if (op(SEM_SYSV_JOINED, -1, 0, timeout) != 0)
		fail_removing("semtimedop");
	for (long i = 0; i < n; i++) {
		if (op(SEM_SYSV_MUTEX, -1, SEM_UNDO, timeout) != 0)
			fail_removing("semtimedop");
		counter->count = counter->count + 1;
		if (op(SEM_SYSV_MUTEX, 1, SEM_UNDO, timeout) != 0)
			fail_removing("semtimedop");
	}
	if (op(SEM_SYSV_DONE, -1, 0, timeout) != 0)
		fail_removing("semtimedop");

	if (op(SEM_SYSV_MUTEX, -1, SEM_UNDO, timeout) != 0)
		fail_removing("semtimedop");
	printf("count %" PRIu64 "\n", counter->count);
	if (fflush(stdout) != 0)
		fail_removing("write");
	if (shmdt(counter) != 0)
		fail_removing("shmdt");
	if (semctl(semid, 0, IPC_RMID) != 0) {
		semid = -1;
		fail_removing("semctl");
	}
	if (shmctl(shmid, IPC_RMID, NULL) != 0)
		peer_fail("shmctl");
	return 0;
}
