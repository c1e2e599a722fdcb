/*
 * toy_client: the harness's own test peer. It prints the string in the
 * segment under -key and sets its first byte to '*'.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

static int fail(const char *call)
{
	fprintf(stderr, "%s: %s\n", call, strerrorname_np(errno) ? strerrorname_np(errno) : "EUNKNOWN");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "-key") != 0) {
		fprintf(stderr, "usage: toy_client -key key\n");
		return 2;
	}
	int id = shmget((key_t)strtol(argv[2], NULL, 0), 27, 0);
	if (id < 0)
		return fail("shmget");
	char *p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return fail("shmat");
	printf("%.26s\n", p);
	p[0] = '*';
	if (shmdt(p) != 0)
		return fail("shmdt");
	return 0;
}
