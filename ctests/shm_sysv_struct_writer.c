/*
 * shm_sysv_struct_writer: the first program of document 000's shared
 * memory example. It creates the segment KEY of sizeof(struct
 * some_data_structure) bytes, attaches it and fills every field; then it
 * shows what shmctl(IPC_STAT) says, waits until a reader has attached and
 * detached, and removes the segment.
 *
 * Made correct: the segment is created exclusively and 0600 (the document's
 * 0666 lets every user write it) unless -mode says otherwise; every call is
 * checked; the wait is bounded by -timeout; and the segment is marked for
 * removal (IPC_RMID) on every path once created, as the document says every
 * segment should be. The writer prints the segment's state before the
 * reader, after it, and once its own detach has destroyed it.
 */
#include "peer.h"
#include "shm_struct.h"

#include <getopt.h>
#include <inttypes.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>

#define USAGE "shm_sysv_struct_writer [-key k] [-mode octal] [-ready file] [-timeout seconds]"

static int shmid = -1;

static void fail_removing(const char *call)
{
	peer_error(call);
	if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) != 0)
		peer_error("shmctl");
	exit(PEER_EXIT_FAIL);
}

/* print_stat prints what the reader prints of shmctl(IPC_STAT). */
static void print_stat(const struct shmid_ds *ds)
{
	printf("shm_perm.key=%d\n", (int)ds->shm_perm.__key);
	printf("shm_perm.mode=%o\n", (unsigned)ds->shm_perm.mode);
	printf("shm_segsz=%zu\n", (size_t)ds->shm_segsz);
	printf("shm_nattch=%lu\n", (unsigned long)ds->shm_nattch);
	printf("shm_cpid=%d\n", (int)ds->shm_cpid);
	if (fflush(stdout) != 0)
		fail_removing("write");
}

int main(int argc, char **argv)
{
	long key = SHM_STRUCT_KEY, mode = 0600, timeout = 10;
	const char *ready = NULL;
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{"mode", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	shmid = shmget((key_t)key, sizeof(struct some_data_structure), IPC_CREAT | IPC_EXCL | (int)mode);
	if (shmid < 0)
		peer_fail("shmget");
	struct some_data_structure *ap = shmat(shmid, NULL, 0);
	if (ap == (void *)-1)
		fail_removing("shmat");

	/* Every field, with values that show sign, width and byte order. */
	ap->id = -1234567890123456789LL;
	ap->counter = 0xfedcba9876543210u;
	ap->value = -273.15;
	ap->temperature = -40;
	ap->flags = 0xdeadbeefu;
	ap->delta = -2;
	ap->port = 6013;
	ap->level = -128;
	ap->state = 200;
	memset(ap->_pad, 0, sizeof ap->_pad);
	memset(ap->name, 0, sizeof ap->name);
	strcpy(ap->name, "some_data");

	struct shmid_ds ds;
	if (shmctl(shmid, IPC_STAT, &ds) != 0)
		fail_removing("shmctl");
	print_stat(&ds);
	peer_ready(ready, "%d", (int)getpid());

	/* The reader has come and gone when the segment is down to our one
	 * attachment and the last shmat or shmdt was another process's. */
	struct timespec start, now, pause = {.tv_nsec = 1000000};
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		fail_removing("clock_gettime");
	for (;;) {
		if (shmctl(shmid, IPC_STAT, &ds) != 0)
			fail_removing("shmctl");
		if (ds.shm_nattch == 1 && ds.shm_lpid != getpid())
			break;
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			fail_removing("clock_gettime");
		if (now.tv_sec - start.tv_sec >= timeout) {
			fprintf(stderr, "timeout: no reader attached and detached after %ld s\n", timeout);
			if (shmdt(ap) != 0)
				peer_error("shmdt");
			fail_removing("wait");
		}
		nanosleep(&pause, NULL);
	}
	/* What the reader wrote after its IPC_RMID is here all the same. */
	printf("counter=%#" PRIx64 "\n", ap->counter);

	/* Removed already by the reader, or now by us: either way the segment
	 * lives on, keyless, until the last detach. */
	if (!(ds.shm_perm.mode & SHM_DEST) && shmctl(shmid, IPC_RMID, NULL) != 0)
		fail_removing("shmctl");
	if (shmctl(shmid, IPC_STAT, &ds) != 0)
		fail_removing("shmctl");
	print_stat(&ds);
	if (shmget((key_t)key, 0, 0) >= 0) {
		fprintf(stderr, "shmget: the key still finds the segment after IPC_RMID\n");
		fail_removing("shmget");
	}
	printf("shmget after IPC_RMID: %s\n", errno_name(errno));

	/* Our detach was the last one: the segment is gone. */
	if (shmdt(ap) != 0)
		fail_removing("shmdt");
	if (shmctl(shmid, IPC_STAT, &ds) == 0) {
		fprintf(stderr, "shmctl: the segment outlived its last detach\n");
		fail_removing("shmctl");
	}
	printf("shmctl after the last shmdt: %s\n", errno_name(errno));
	if (fflush(stdout) != 0)
		peer_fail("write");
	return 0;
}
