/*
 * toy_server: the harness's own test peer. It creates a 27-byte SysV
 * segment (0600) under -key, writes -ready, and waits up to -timeout
 * seconds for a client to set the first byte to '*', then removes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

static int fail(const char *call)
{
	fprintf(stderr, "%s: %s\n", call, strerrorname_np(errno) ? strerrorname_np(errno) : "EUNKNOWN");
	return 1;
}

int main(int argc, char **argv)
{
	long key = 0, timeout = 10;
	const char *ready = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-key") == 0)
			key = strtol(argv[i + 1], NULL, 0);
		else if (strcmp(argv[i], "-ready") == 0)
			ready = argv[i + 1];
		else if (strcmp(argv[i], "-timeout") == 0)
			timeout = strtol(argv[i + 1], NULL, 0);
		else {
			fprintf(stderr, "usage: toy_server -key key [-ready file] [-timeout seconds]\n");
			return 2;
		}
	}
	int id = shmget((key_t)key, 27, IPC_CREAT | IPC_EXCL | 0600);
	if (id < 0)
		return fail("shmget");
	volatile char *p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return fail("shmat");
	for (int i = 0; i < 26; i++)
		p[i] = (char)('a' + i);
	p[26] = 0;
	if (ready != NULL) {
		FILE *f = fopen(ready, "w");
		if (f == NULL)
			return fail("fopen");
		fprintf(f, "%ld\n", key);
		if (fclose(f) != 0)
			return fail("fclose");
	}
	struct timespec tick = {0, 10 * 1000 * 1000};
	for (long n = 0; p[0] != '*'; n++) {
		if (n >= timeout * 100) {
			fprintf(stderr, "timeout: no '*' from the client after %ld s\n", timeout);
			shmctl(id, IPC_RMID, NULL);
			return 1;
		}
		nanosleep(&tick, NULL);
	}
	if (shmdt((const void *)p) != 0)
		return fail("shmdt");
	if (shmctl(id, IPC_RMID, NULL) != 0)
		return fail("shmctl");
	return 0;
}
