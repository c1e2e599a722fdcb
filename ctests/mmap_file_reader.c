/*
 * mmap_file_reader: the reading side of the mapped file of documents 000
 * and 001. It maps the writer's file MAP_SHARED while the writer has it
 * mapped too, checks and prints the header and every record it finds in
 * the mapping, then stores the ack byte through the same mapping, forces it
 * into the file with msync(MS_SYNC), and unmaps the file.
 *
 * Made correct: the file's size is checked (fstat) before it is mapped,
 * since touching a page past its end raises SIGBUS; every record is
 * compared with what mmap_file.h says it holds; the ack is stored
 * atomically with release order, after every read of the records; every
 * call is checked.
 */
#include "peer.h"
#include "mmap_file.h"

#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define USAGE "mmap_file_reader [-file path] [-n records]"

int main(int argc, char **argv)
{
	const char *path = MMAP_FILE_PATH;
	long n = MMAP_FILE_RECORDS;
	static const struct option opts[] = {
		{"file", required_argument, NULL, 'f'},
		{"n", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': path = optarg; break;
		case 'n': n = parse_long(optarg, 0, MMAP_FILE_MAX_RECORDS, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc)
		peer_usage(USAGE);

	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		peer_fail("open");
	struct stat st;
	if (fstat(fd, &st) != 0)
		peer_fail("fstat");
	uint64_t size = MMAP_FILE_SIZE(n);
	if ((uint64_t)st.st_size != size) {
		fprintf(stderr, "size: have %" PRIu64 " bytes, want %" PRIu64 "\n", (uint64_t)st.st_size, size);
		return PEER_EXIT_FAIL;
	}
	char *ptr = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ptr == MAP_FAILED)
		peer_fail("mmap");

	char want[MMAP_FILE_RECORD_SIZE + 1];
	mmap_file_header(want, (uint32_t)n, MMAP_FILE_ACK_WAITING);
	if (memcmp(ptr, want, MMAP_FILE_HEADER_SIZE) != 0) {
		fprintf(stderr, "header: have %.*s, want %s", MMAP_FILE_HEADER_SIZE, ptr, want);
		return PEER_EXIT_FAIL;
	}
	fwrite(ptr, 1, MMAP_FILE_HEADER_SIZE, stdout);
	for (long i = 1; i <= n; i++) {
		const char *rec = ptr + MMAP_FILE_SIZE(i - 1);
		mmap_file_record(want, (uint32_t)i);
		if (memcmp(rec, want, MMAP_FILE_RECORD_SIZE) != 0) {
			fprintf(stderr, "record %ld: have %.*s, want %s", i, MMAP_FILE_RECORD_SIZE, rec, want);
			return PEER_EXIT_FAIL;
		}
		fwrite(rec, 1, MMAP_FILE_RECORD_SIZE, stdout);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		peer_fail("write");

	__atomic_store_n(ptr + MMAP_FILE_ACK_OFFSET, MMAP_FILE_ACK_DONE, __ATOMIC_RELEASE);
	if (msync(ptr, (size_t)size, MS_SYNC) != 0)
		peer_fail("msync");
	if (munmap(ptr, (size_t)size) != 0)
		peer_fail("munmap");
	if (close(fd) != 0)
		peer_fail("close");
	return 0;
}
