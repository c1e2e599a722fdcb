/*
 * signals_sender: the sending process of document 002's signals. It sends
 * each signal of -signals (names: USR1,USR2,TERM,INT) to -pid with kill(),
 * or with -value n by sigqueue() with the integer value n, n+1, ...; after
 * each it waits for the receiver's acknowledgement, one more line in the
 * -ack file, so that no two of one signal are pending at once (they would
 * arrive as one). Lines already in the file when it starts are not its.
 *
 * Made correct: signals are named, not numbered, and looked up in this
 * architecture's own table (sigabbrev_np); every send is checked; the wait
 * for each acknowledgement is bounded by -timeout, and so is what it reads
 * of the ack file.
 */
#include "peer.h"
#include "signals.h"

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>

#define USAGE "signals_sender -pid n [-signals names] [-value n] [-ack file] [-timeout seconds]"

/* signal_number looks a name (USR1, or SIGUSR1) up in this architecture's
 * signals; 0 if there is none. */
static int signal_number(const char *name)
{
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);
		if (abbrev != NULL && strcmp(abbrev, name) == 0)
			return sig;
	}
	return 0;
}

/* The most an ack file may hold: a line a signal is some 30 bytes. The
 * file is the receiver's to write, and its size not ours to trust (it may
 * even be /dev/zero); the Go sender's ackMax is the same. */
#define ACK_MAX 65536

/* ack_lines counts the lines of path; a missing file has none. It opens
 * without waiting (a FIFO with no writer must not hang it) and reads no
 * more than ACK_MAX bytes. */
static long ack_lines(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		peer_fail("open");
	}
	long lines = 0, total = 0;
	char buf[512];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			peer_fail("read");
		}
		total += n;
		if (total > ACK_MAX) {
			fprintf(stderr, "read: ack file of more than %d bytes\n", ACK_MAX);
			exit(PEER_EXIT_FAIL);
		}
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	}
	if (close(fd) != 0)
		peer_fail("close");
	return lines;
}

int main(int argc, char **argv)
{
	const char *list = SIGNALS_LIST, *ack = NULL;
	long pid = 0, value = 0, timeout = 10;
	int queue = 0;
	static const struct option opts[] = {
		{"pid", required_argument, NULL, 'p'},
		{"signals", required_argument, NULL, 's'},
		{"value", required_argument, NULL, 'v'},
		{"ack", required_argument, NULL, 'a'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': pid = parse_long(optarg, 1, INT32_MAX, USAGE); break;
		case 's': list = optarg; break;
		case 'v': value = parse_long(optarg, INT32_MIN, INT32_MAX - 64, USAGE); queue = 1; break;
		case 'a': ack = optarg; break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc || pid == 0)
		peer_usage(USAGE);

	char names[256];
	if (snprintf(names, sizeof names, "%s", list) >= (int)sizeof names) {
		fprintf(stderr, "bad -signals %s\n", list);
		peer_usage(USAGE);
	}
	/* Lines already there acknowledge signals sent before this sender. */
	long before = ack != NULL ? ack_lines(ack) : 0;
	long sent = 0;
	char *save;
	for (char *name = strtok_r(names, ",", &save); name != NULL; name = strtok_r(NULL, ",", &save)) {
		int sig = signal_number(name);
		if (sig == 0) {
			fprintf(stderr, "bad signal %s\n", name);
			peer_usage(USAGE);
		}
		if (queue) {
			union sigval v = {.sival_int = (int)(value + sent)};
			if (sigqueue((pid_t)pid, sig, v) != 0)
				peer_fail("sigqueue");
			printf("sent SIG%s value %ld\n", sigabbrev_np(sig), value + sent);
		} else {
			if (kill((pid_t)pid, sig) != 0)
				peer_fail("kill");
			printf("sent SIG%s\n", sigabbrev_np(sig));
		}
		if (fflush(stdout) != 0)
			peer_fail("write");
		sent++;
		if (ack == NULL)
			continue;
		struct timespec start, now;
		if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
			peer_fail("clock_gettime");
		long delay_ms = 1;
		while (ack_lines(ack) < before + sent) {
			if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
				peer_fail("clock_gettime");
			if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >= timeout * 1000) {
				fprintf(stderr, "timeout: no acknowledgement of SIG%s after %ld s\n", sigabbrev_np(sig), timeout);
				return PEER_EXIT_FAIL;
			}
			struct timespec pause = {.tv_nsec = delay_ms * 1000000};
			nanosleep(&pause, NULL);
			if (delay_ms < 50)
				delay_ms *= 2;
		}
	}
	return 0;
}
