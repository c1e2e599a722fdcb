/*
 * shm_sysv_struct_reader: the second program of document 000's shared
 * memory example. It attaches the existing segment KEY (shmget without
 * IPC_CREAT), prints every field of struct some_data_structure as
 * name=value, and what shmctl(IPC_STAT) says of the segment. With -rmid it
 * then removes the segment while both processes are attached, shows that it
 * lives on without its key, and writes to it once more before detaching.
 *
 * Made correct: every call is checked, the name is printed only up to its
 * NUL within the field, and the segment is detached.
 */
#include "peer.h"
#include "shm_struct.h"

#include <getopt.h>
#include <inttypes.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define USAGE "shm_sysv_struct_reader [-key k] [-rmid]"

static void print_stat(int shmid)
{
	struct shmid_ds ds;
	if (shmctl(shmid, IPC_STAT, &ds) != 0)
		peer_fail("shmctl");
	printf("shm_perm.key=%d\n", (int)ds.shm_perm.__key);
	printf("shm_perm.mode=%o\n", (unsigned)ds.shm_perm.mode);
	printf("shm_segsz=%zu\n", (size_t)ds.shm_segsz);
	printf("shm_nattch=%lu\n", (unsigned long)ds.shm_nattch);
	printf("shm_cpid=%d\n", (int)ds.shm_cpid);
}

int main(int argc, char **argv)
{
	long key = SHM_STRUCT_KEY;
	int rmid = 0;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"rmid", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'R': rmid = 1; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	int shmid = shmget((key_t)key, sizeof(struct some_data_structure), 0);
	if (shmid < 0)
		peer_fail("shmget");
	struct some_data_structure *ap2 = shmat(shmid, NULL, 0);
	if (ap2 == (void *)-1)
		peer_fail("shmat");

	const char *nul = memchr(ap2->name, '\0', sizeof ap2->name);
	if (nul == NULL) {
		fprintf(stderr, "name: no NUL in %zu bytes\n", sizeof ap2->name);
		return PEER_EXIT_FAIL;
	}
	printf("id=%" PRId64 "\n", ap2->id);
	printf("counter=%#" PRIx64 "\n", ap2->counter);
	printf("value=%.17g\n", ap2->value);
	printf("temperature=%" PRId32 "\n", ap2->temperature);
	printf("flags=%#" PRIx32 "\n", ap2->flags);
	printf("delta=%" PRId16 "\n", ap2->delta);
	printf("port=%" PRIu16 "\n", ap2->port);
	printf("level=%" PRId8 "\n", ap2->level);
	printf("state=%" PRIu8 "\n", ap2->state);
	printf("name=%s\n", ap2->name);
	print_stat(shmid);

	if (rmid) {
		if (shmctl(shmid, IPC_RMID, NULL) != 0)
			peer_fail("shmctl");
		print_stat(shmid);
		if (shmget((key_t)key, 0, 0) >= 0) {
			fprintf(stderr, "shmget: the key still finds the segment after IPC_RMID\n");
			return PEER_EXIT_FAIL;
		}
		printf("shmget after IPC_RMID: %s\n", errno_name(errno));
		/* Still attached, still usable. */
		ap2->counter++;
		printf("counter=%#" PRIx64 "\n", ap2->counter);
	}
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (shmdt(ap2) != 0)
		peer_fail("shmdt");
	return 0;
}
