/*
 * mmap_file_writer: the writing side of the mapped file of documents 000
 * and 001. It creates a regular file, sizes it for a header and n records,
 * maps it MAP_SHARED, writes the records into the mapping, and forces them
 * into the file with msync(MS_SYNC); then it waits until the reader, with
 * the same file mapped, has seen them and says so in the header's ack byte,
 * and unmaps the file.
 *
 * Made correct: the file is created exclusively and 0600 unless -mode says
 * otherwise; it is sized before it is mapped (a mapping past the end of a
 * file raises SIGBUS); every call is checked; the ack byte is read
 * atomically (a plain loop may read it once) and the wait is bounded by
 * -timeout; the file is unmapped and closed. Records are fixed-width text
 * (mmap_file.h), so the file's bytes are the same on every architecture.
 */
#include "peer.h"
#include "mmap_file.h"

#include <fcntl.h>
#include <getopt.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#define USAGE "mmap_file_writer [-file path] [-n records] [-mode octal] [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *path = MMAP_FILE_PATH, *ready = NULL;
	long n = MMAP_FILE_RECORDS, mode = 0600, timeout = 10;
	static const struct option opts[] = {
		{"file", required_argument, NULL, 'f'},
		{"n", required_argument, NULL, 'n'},
		{"mode", required_argument, NULL, 'm'},
		{"ready", required_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': path = optarg; break;
		case 'n': n = parse_long(optarg, 0, MMAP_FILE_MAX_RECORDS, USAGE); break;
		case 'm': mode = parse_long(optarg, 0, 0777, USAGE); break;
		case 'r': ready = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	size_t size = (size_t)MMAP_FILE_SIZE(n);
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
	if (fd < 0)
		peer_fail("open");
	if (ftruncate(fd, (off_t)size) != 0)
		peer_fail("ftruncate");
	char *ptr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ptr == MAP_FAILED)
		peer_fail("mmap");

	char line[MMAP_FILE_RECORD_SIZE + 1];
	mmap_file_header(line, (uint32_t)n, MMAP_FILE_ACK_WAITING);
	memcpy(ptr, line, MMAP_FILE_HEADER_SIZE);
	for (long i = 1; i <= n; i++) {
		mmap_file_record(line, (uint32_t)i);
		memcpy(ptr + MMAP_FILE_SIZE(i - 1), line, MMAP_FILE_RECORD_SIZE);
	}
	if (msync(ptr, size, MS_SYNC) != 0)
		peer_fail("msync");
	printf("wrote %ld records\n", n);
	if (fflush(stdout) != 0)
		peer_fail("write");
	peer_ready(ready, "%s", path);

	struct timespec start, now, pause = {.tv_nsec = 1000000};
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		peer_fail("clock_gettime");
	while (__atomic_load_n(ptr + MMAP_FILE_ACK_OFFSET, __ATOMIC_ACQUIRE) != MMAP_FILE_ACK_DONE) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			peer_fail("clock_gettime");
		if (now.tv_sec - start.tv_sec >= timeout) {
			fprintf(stderr, "timeout: no ack from the reader after %ld s\n", timeout);
			return PEER_EXIT_FAIL;
		}
		nanosleep(&pause, NULL);
	}
	printf("reader acknowledged\n");
	if (fflush(stdout) != 0)
		peer_fail("write");
	if (munmap(ptr, size) != 0)
		peer_fail("munmap");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
