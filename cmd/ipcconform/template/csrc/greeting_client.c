/*
 * greeting_client: connects to a greeting_server, sends one greeting and
 * prints the answer.
 */
#include "peer.h"
#include "greeting.h"

#include <sys/socket.h>
#include <sys/un.h>

#define USAGE "greeting_client -path socket [-name name] [-seq n]"

int main(int argc, char **argv)
{
	const char *path = NULL, *name = "C";
	long long seq = 1;
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage(USAGE);
		if (strcmp(argv[i], "-path") == 0)
			path = argv[i + 1];
		else if (strcmp(argv[i], "-name") == 0)
			name = argv[i + 1];
		else if (strcmp(argv[i], "-seq") == 0)
			seq = atoll(argv[i + 1]);
		else
			usage(USAGE);
	}
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (path == NULL || strlen(path) >= sizeof addr.sun_path || strlen(name) > GREETING_NAME_LEN)
		usage(USAGE);
	strcpy(addr.sun_path, path);

	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0)
		fail("socket");
	if (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0)
		fail("connect");
	struct greeting g = {
		.magic = htobe32(GREETING_MAGIC),
		.version = htobe16(GREETING_VERSION),
		.seq = (int64_t)htobe64((uint64_t)seq),
	};
	strncpy(g.name, name, GREETING_NAME_LEN);
	full(write_op, s, &g, sizeof g, "write");
	if (!full(read, s, &g, sizeof g, "read")) {
		fprintf(stderr, "read: short answer\n");
		return 1;
	}
	printf("answer %.*s seq %lld\n", GREETING_NAME_LEN, g.name, (long long)be64toh((uint64_t)g.seq));
	return 0;
}
