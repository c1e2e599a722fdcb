/*
 * shm_posix_producer: the POSIX shared memory producer of document 001. It
 * creates the object NAME, sizes it SIZE bytes with ftruncate, maps it
 * MAP_SHARED and writes "Hello" then "World!" one after the other, and the
 * NUL the document's sprintf leaves after them. As the document's producer
 * it creates the object or reuses one an earlier run left (O_CREAT).
 *
 * Made correct: shm_open for the slide's shm.open; with -excl the object
 * is created exclusively (a stale one is an error, not reused); it is 0600 (the
 * document's 0666 lets every user write it) unless -mode says otherwise;
 * every call is checked; the strings are copied with their lengths (no
 * sprintf into a mapping; the size is at least the text and its NUL); the mapping
 * is unmapped and the descriptor closed; and the object is removed again if
 * anything fails after it was created. On success it stays for the
 * consumer, who removes it, as in the document.
 */
#include "peer.h"
#include "shm_posix.h"

#include <fcntl.h>
#include <getopt.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define USAGE "shm_posix_producer [-name name] [-size bytes] [-mode octal] [-excl]"

static const char *name = SHM_POSIX_NAME;

static void fail_unlinking(const char *call)
{
	peer_error(call);
	if (shm_unlink(name) != 0)
		peer_error("shm_unlink");
	exit(PEER_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	long size = SHM_POSIX_SIZE, mode = 0600;
	int excl = 0;
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{"size", required_argument, NULL, 's'},
		{"mode", required_argument, NULL, 'm'},
		{"excl", no_argument, NULL, 'x'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		case 's': size = parse_long(optarg, sizeof SHM_POSIX_MESSAGE_0 SHM_POSIX_MESSAGE_1, INT_MAX, USAGE); break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'x': excl = 1; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	/* create the shared memory object */
	int shm_fd = shm_open(name, O_CREAT | (excl ? O_EXCL : 0) | O_RDWR, (mode_t)mode);
	if (shm_fd < 0)
		peer_fail("shm_open");
	/* configure the size of the shared memory object */
	if (ftruncate(shm_fd, (off_t)size) != 0)
		fail_unlinking("ftruncate");
	/* memory map the shared memory object */
	char *ptr = mmap(NULL, (size_t)size, PROT_WRITE, MAP_SHARED, shm_fd, 0);
	if (ptr == MAP_FAILED)
		fail_unlinking("mmap");
	/* write to the shared memory object, and the NUL sprintf writes after
	 * the text: a reused object may hold more than zeros past it */
	char *p = ptr;
	memcpy(p, SHM_POSIX_MESSAGE_0, strlen(SHM_POSIX_MESSAGE_0));
	p += strlen(SHM_POSIX_MESSAGE_0);
	memcpy(p, SHM_POSIX_MESSAGE_1, strlen(SHM_POSIX_MESSAGE_1));
	p += strlen(SHM_POSIX_MESSAGE_1);
	*p = '\0';

	if (munmap(ptr, (size_t)size) != 0)
		fail_unlinking("munmap");
	if (close(shm_fd) != 0)
		fail_unlinking("close");
	return 0;
}
