/*
 * shm_sysv_client: shm_client.c of document 004. It attaches the server's
 * segment, prints the string there, and sets the first byte to '*' to say
 * it has read it.
 *
 * Made correct: the print stops at SHMSZ even without a NUL, the '*' is
 * stored atomically with release order (every read above happens before
 * the server sees it), and the segment is detached.
 */
#include "peer.h"
#include "shm_sysv.h"

#include <getopt.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define USAGE "shm_sysv_client [-key k]"

int main(int argc, char **argv)
{
	long key = SHM_SYSV_KEY;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	int shmid = shmget((key_t)key, SHMSZ, 0);
	if (shmid < 0)
		peer_fail("shmget");
	char *shm = shmat(shmid, NULL, 0);
	if (shm == (char *)-1)
		peer_fail("shmat");
	for (char *s = shm; s < shm + SHMSZ && *s != '\0'; s++)
		putchar(*s);
	putchar('\n');
	if (fflush(stdout) != 0)
		peer_fail("write");
	__atomic_store_n(shm, SHM_SYSV_DONE, __ATOMIC_RELEASE);
	if (shmdt(shm) != 0)
		peer_fail("shmdt");
	return 0;
}
