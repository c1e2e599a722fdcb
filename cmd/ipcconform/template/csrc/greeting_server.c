/*
 * greeting_server: accepts one client on a Unix-domain stream socket,
 * reads its greeting, prints it, and answers with the same greeting and
 * seq + 1.
 */
#include "peer.h"
#include "greeting.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define USAGE "greeting_server -path socket [-ready file] [-timeout seconds]"

int main(int argc, char **argv)
{
	const char *path = NULL, *ready = NULL;
	long timeout = 10;
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage(USAGE);
		if (strcmp(argv[i], "-path") == 0)
			path = argv[i + 1];
		else if (strcmp(argv[i], "-ready") == 0)
			ready = argv[i + 1];
		else if (strcmp(argv[i], "-timeout") == 0)
			timeout = atol(argv[i + 1]);
		else
			usage(USAGE);
	}
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (path == NULL || strlen(path) >= sizeof addr.sun_path || timeout <= 0)
		usage(USAGE);
	strcpy(addr.sun_path, path);

	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	if (ls < 0)
		fail("socket");
	umask(077); /* the socket file is the server's alone: 0600 */
	if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0)
		fail("bind");
	if (listen(ls, 1) < 0)
		fail("listen");
	if (ready != NULL) {
		FILE *f = fopen(ready, "w");
		if (f == NULL || fprintf(f, "%s\n", path) < 0 || fclose(f) != 0)
			fail("ready");
	}
	/* Every wait has a deadline: no client within it is a failure. */
	struct timeval tv = {.tv_sec = timeout};
	if (setsockopt(ls, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
		fail("setsockopt");
	int c = accept(ls, NULL, NULL);
	if (c < 0)
		fail("accept");
	if (setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
		fail("setsockopt");
	unlink(path);

	struct greeting g;
	if (!full(read, c, &g, sizeof g, "read")) {
		fprintf(stderr, "read: short greeting\n");
		return 1;
	}
	if (be32toh(g.magic) != GREETING_MAGIC || be16toh(g.version) != GREETING_VERSION) {
		fprintf(stderr, "bad greeting: magic %#x version %u\n", be32toh(g.magic), be16toh(g.version));
		return 1;
	}
	long long seq = (long long)be64toh((uint64_t)g.seq);
	printf("greeted %.*s seq %lld\n", GREETING_NAME_LEN, g.name, seq);
	g.seq = (int64_t)htobe64((uint64_t)(seq + 1));
	full(write_op, c, &g, sizeof g, "write");
	if (close(c) < 0)
		fail("close");
	return 0;
}
