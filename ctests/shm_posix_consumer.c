/*
 * shm_posix_consumer: the POSIX shared memory consumer of document 001. It
 * opens the object NAME read-only, maps it, prints the string there, and
 * removes the object with shm_unlink.
 *
 * Made correct: shm_open and shm_unlink for the slide's shm.open and
 * shm.unlink; every call is checked; the mapping covers the object's real
 * size (fstat), not an assumed SIZE, since touching a page past the end of
 * the object raises SIGBUS; the print stops at that size even without a
 * NUL, and, as the document's printf("%s"), adds no newline; the mapping
 * is unmapped and the descriptor closed.
 */
#include "peer.h"
#include "shm_posix.h"

#include <fcntl.h>
#include <getopt.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define USAGE "shm_posix_consumer [-name name]"

int main(int argc, char **argv)
{
	const char *name = SHM_POSIX_NAME;
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': name = optarg; break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	/* open the shared memory object */
	int shm_fd = shm_open(name, O_RDONLY, 0);
	if (shm_fd < 0)
		peer_fail("shm_open");
	struct stat st;
	if (fstat(shm_fd, &st) != 0)
		peer_fail("fstat");
	if (st.st_size == 0) {
		fprintf(stderr, "fstat: the object is empty\n");
		return PEER_EXIT_FAIL;
	}
	size_t size = (size_t)st.st_size;
	/* memory map the shared memory object */
	const char *ptr = mmap(NULL, size, PROT_READ, MAP_SHARED, shm_fd, 0);
	if (ptr == MAP_FAILED)
		peer_fail("mmap");
	/* read from the shared memory object */
	size_t len = strnlen(ptr, size);
	if (fwrite(ptr, 1, len, stdout) != len || fflush(stdout) != 0)
		peer_fail("write");
	if (munmap((void *)ptr, size) != 0)
		peer_fail("munmap");
	if (close(shm_fd) != 0)
		peer_fail("close");
	/* remove the shared memory object */
	if (shm_unlink(name) != 0)
		peer_fail("shm_unlink");
	return 0;
}
