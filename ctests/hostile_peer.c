/*
 * hostile_peer: the counterpart no document describes, one that breaks
 * the protocol on purpose, so that a scenario can prove that the C and the
 * Go side of a role end every hostile exchange the same way: a clear
 * "call: ENAME" (or protocol) message and exit status 1, no crash, no
 * hang, nothing already accepted lost.
 *
 * It plays one end of one mechanism (-mode) and sends what -data says
 * (each -data one item: a write, a datagram, a message), with C escapes
 * (\n \t \r \0 \\ \xHH) and -repeat, -delay ms after it connects (or is
 * asked), -chunk bytes per write with -pause ms between, then ends as -end
 * says:
 *
 *   close     close normally (end of file, or FIN)
 *   reset     SO_LINGER {1, 0}, then close: the peer sees ECONNRESET
 *   silent    keep the connection open, say nothing, for -hold seconds
 *   shutdown  shut the write side, read and discard until end of file
 *             or -hold seconds
 *   flood     write the data again and again until a write fails or
 *             -hold seconds pass
 *
 * Modes:
 *   tcp-send       connect to -host:-port and send
 *   tcp-serve      listen on -port (0: any), -ready, accept one and send
 *   udp-send       send each item as a datagram to -host:-port
 *   udp-serve      bind -port, -ready, answer the first datagram's sender
 *                  with each item (none with -end silent)
 *   unix-send      connect to the stream socket -path (@name: abstract);
 *                  -pass tag|pipe|nul sends a descriptor message after
 *                  the data
 *   unix-serve     listen on the stream socket -path, -ready, accept one,
 *                  send, then -pass; the path is removed at the end
 *   unixgram-send  send each item as a datagram to -path, then -pass
 *   fifo-write     open the FIFO -path for writing and send
 *   pipe-child     write to descriptor -fd (a pipe parent's child)
 *   msgq-send      msgsnd each item, type -mtype (paired by position), to
 *                  the queue under -key
 *   mq-send        create the POSIX queue -name, send each item at
 *                  priority -prio, -ready, and once it is empty (or after
 *                  -hold s) remove it
 *   ipc-rmid       after -delay ms, remove the System V object of kind
 *                  -ipc msg|sem|shm under -key, under whoever uses it;
 *                  with -waiters n (sem), only once n processes wait in
 *                  semop on the set (the sum of its GETNCNT), however long
 *                  they take to start, up to -hold s
 *   shm-sysv       create a segment of -size bytes under -key, 0600,
 *                  holding the items back to back, run the program after
 *                  "--", remove the segment, and exit as the program did
 *   shm-posix      the same with a POSIX object -name; without -size, open
 *                  the existing object and write the items at -offset
 *   storm          run the program after "--" as a child, send it
 *                  HOSTILE_STORM_SIGNALS every HOSTILE_STORM_EVERY_US
 *                  to each of its threads until it ends, and exit as it
 *                  did; -data-limit caps its data segment (RLIMIT_DATA)
 *
 * Its own waits are bounded by -hold; its own failures are reported as
 * "hostile: call: ENAME" so that they cannot pass for the target's.
 */
#include "peer.h"
#include "hostile.h"
#include "mq_posix.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#define USAGE "hostile_peer -mode m [-host addr] [-port n] [-path p] [-key k] [-name /n] [-fd n] " \
	"[-data s]... [-mtype n]... [-repeat n] [-chunk bytes] [-pause ms] [-delay ms] [-end close|reset|silent|shutdown|flood] " \
	"[-pass tag|pipe|nul] [-prio n] [-hold seconds] [-ready file] [-data-limit bytes] " \
	"[-ipc msg|sem|shm] [-waiters n] [-size bytes] [-offset bytes] [-- program args...]"

struct item {
	unsigned char *p;
	size_t n;
};

static struct item items[HOSTILE_MAX_ITEMS];
static long mtypes[HOSTILE_MAX_ITEMS];
static int nitems, nmtypes;
static long repeat = 1, chunk, pause_ms = 2, delay_ms, hold = HOSTILE_HOLD, waiters;
static const char *end = "close";

/* die reports one of the hostile peer's own failures and exits 1. */
static void die(const char *call)
{
	int err = errno;
	fprintf(stderr, "hostile: %s: %s\n", call, errno_name(err));
	exit(PEER_EXIT_FAIL);
}

/* gone ends the hostile peer quietly when the target hung up first: a
 * target that gives up on bad input may close before everything hostile
 * has been sent, and that is one of the outcomes the scripts check, not a
 * failure of the hostile peer. Any other error is one. */
static void gone_or_die(const char *call)
{
	if (errno == EPIPE || errno == ECONNRESET)
		exit(0);
	die(call);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* unescape decodes s into a new item, repeated -repeat times. */
static struct item unescape(const char *s)
{
	size_t cap = strlen(s) + 1, n = 0;
	unsigned char *one = malloc(cap);
	if (one == NULL)
		die("malloc");
	for (const char *q = s; *q != '\0'; q++) {
		if (*q != '\\') {
			one[n++] = (unsigned char)*q;
			continue;
		}
		q++;
		switch (*q) {
		case 'n': one[n++] = '\n'; break;
		case 't': one[n++] = '\t'; break;
		case 'r': one[n++] = '\r'; break;
		case '0': one[n++] = '\0'; break;
		case '\\': one[n++] = '\\'; break;
		case 'x': {
			int hi = hexval(q[1]), lo = hi < 0 ? -1 : hexval(q[2]);
			if (lo < 0) {
				fprintf(stderr, "bad escape in %s\n", s);
				peer_usage(USAGE);
			}
			one[n++] = (unsigned char)(hi << 4 | lo);
			q += 2;
			break;
		}
		default:
			fprintf(stderr, "bad escape in %s\n", s);
			peer_usage(USAGE);
		}
	}
	if (n != 0 && (size_t)repeat > HOSTILE_MAX_BYTES / n) {
		fprintf(stderr, "data longer than %d bytes\n", HOSTILE_MAX_BYTES);
		peer_usage(USAGE);
	}
	struct item it = {.n = n * (size_t)repeat};
	it.p = malloc(it.n ? it.n : 1);
	if (it.p == NULL)
		die("malloc");
	for (long r = 0; r < repeat; r++)
		memcpy(it.p + (size_t)r * n, one, n);
	free(one);
	return it;
}

static void sleep_ms(long ms);

/* wait_sem_waiters waits until -waiters processes are blocked in semop on
 * the set under -key: a waiter under emulation can take longer to start
 * than any fixed delay, and the set must go while it waits, not before it
 * asks. */
static void wait_sem_waiters(long key)
{
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int id = semget((key_t)key, 0, 0);
		if (id < 0)
			die("semget");
		struct semid_ds ds;
		union {
			int val;
			struct semid_ds *buf;
		} arg = {.buf = &ds};
		if (semctl(id, 0, IPC_STAT, arg) < 0)
			die("semctl(IPC_STAT)");
		long n = 0;
		for (unsigned long i = 0; i < ds.sem_nsems; i++) {
			int c = semctl(id, (int)i, GETNCNT);
			if (c < 0)
				die("semctl(GETNCNT)");
			n += c;
		}
		if (n >= waiters)
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= hold) {
			fprintf(stderr, "hostile: %ld processes wait on the set after %ld s, want %ld\n", n, hold, waiters);
			exit(PEER_EXIT_FAIL);
		}
		sleep_ms(10);
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void pause_a_little(void)
{
	sleep_ms(pause_ms);
}

static double now(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		die("clock_gettime");
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* send_bytes writes p in -chunk pieces. It returns 0, or -1 with errno
 * when the target is gone or stalls us for -hold seconds. */
static int send_bytes(int fd, const unsigned char *p, size_t n)
{
	size_t step = chunk > 0 ? (size_t)chunk : n;
	for (size_t off = 0; off < n; off += step) {
		size_t len = n - off < step ? n - off : step;
		if (write_full(fd, p + off, len) != 0)
			return -1;
		if (chunk > 0)
			pause_a_little();
	}
	return 0;
}

/* send_all sends every item, in order, on a stream; a target that goes
 * away while we write is part of the exchange, not our failure. */
static void send_all(int fd)
{
	sleep_ms(delay_ms);
	for (int i = 0; i < nitems; i++)
		if (send_bytes(fd, items[i].p, items[i].n) != 0)
			return;
}

/* wait_hold waits -hold seconds, or until the peer of socket fd closes
 * or resets, reading nothing: what the peer sent stays unread, and what
 * it still sends fills the buffers. */
static void wait_hold(int fd)
{
	double until = now() + (double)hold;
	for (double left; (left = until - now()) > 0;) {
		struct pollfd pfd = {.fd = fd, .events = POLLRDHUP};
		int r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno != EINTR)
			die("poll");
		if (r > 0)
			return;
	}
}

/* sleep_hold waits -hold seconds, or until fd (if >= 0) reports end of
 * file or an error, reading and discarding what arrives. */
static void sleep_hold(int fd)
{
	double until = now() + (double)hold;
	for (double left; (left = until - now()) > 0;) {
		if (fd < 0) {
			struct timespec ts = {.tv_sec = (time_t)left, .tv_nsec = (long)((left - (double)(time_t)left) * 1e9)};
			nanosleep(&ts, NULL);
			continue;
		}
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r < 0 && errno != EINTR)
			die("poll");
		if (r > 0) {
			char buf[4096];
			ssize_t n = read(fd, buf, sizeof buf);
			if (n <= 0)
				return; /* the target closed, or reset */
		}
	}
}

/* finish ends a stream as -end says. */
static void finish(int fd, int is_socket)
{
	if (strcmp(end, "reset") == 0) {
		struct linger lg = {.l_onoff = 1, .l_linger = 0};
		if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
			die("setsockopt");
	} else if (strcmp(end, "silent") == 0) {
		if (is_socket)
			wait_hold(fd);
		else
			sleep_hold(-1);
	} else if (strcmp(end, "shutdown") == 0) {
		if (shutdown(fd, SHUT_WR) != 0 && errno != ENOTCONN)
			die("shutdown");
		sleep_hold(fd);
	} else if (strcmp(end, "flood") == 0) {
		double until = now() + (double)hold;
		while (now() < until && nitems > 0)
			if (send_bytes(fd, items[0].p, items[0].n) != 0)
				break;
	}
	close(fd); /* with SO_LINGER 0 this sends the reset */
}

/* accept_target waits for the target to connect for HOSTILE_ACCEPT_WAIT
 * seconds, however short -hold is: a target that starts slowly (an
 * interpreter on a loaded machine, an emulated program) is not a hostile
 * event. The connection's own reads and writes then give up after -hold. */
static int accept_target(int lfd)
{
	struct timeval wait = {.tv_sec = HOSTILE_ACCEPT_WAIT}, tv = {.tv_sec = hold};
	if (setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait) != 0)
		die("setsockopt");
	int fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		die("setsockopt");
	return fd;
}

static int tcp_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	/* Our own writes to a target that stopped reading give up in time. */
	struct timeval tv = {.tv_sec = hold};
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
		die("setsockopt");
	/* A small receive window: a target that answers a peer who never
	 * reads fills its send buffer soon. */
	int small = 4096;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) != 0)
		die("setsockopt");
	return fd;
}

static struct sockaddr_in inet_addr_of(const char *host, long port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "bad address %s\n", host);
		peer_usage(USAGE);
	}
	return a;
}

static socklen_t unix_addr_of(const char *path, struct sockaddr_un *a)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = strlen(path);
	if (n + 1 > sizeof a->sun_path) {
		fprintf(stderr, "name too long: %s\n", path);
		peer_usage(USAGE);
	}
	memcpy(a->sun_path, path, n);
	if (path[0] == '@') {
		a->sun_path[0] = '\0'; /* abstract: no terminating NUL */
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	}
	return (socklen_t)sizeof *a;
}

/* pass sends the descriptor message -pass asks for: the tag alone, the
 * tag with the read end of a pipe that never has data, or the tag with a
 * file of NUL bytes. */
static void pass(int fd, const char *how)
{
	if (how == NULL)
		return;
	char tag = 'F';
	struct iovec iov = {.iov_base = &tag, .iov_len = 1};
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	int passed = -1;
	if (strcmp(how, "pipe") == 0) {
		static int p[2]; /* the write end stays open: no end of file */
		if (pipe(p) != 0)
			die("pipe");
		passed = p[0];
	} else if (strcmp(how, "nul") == 0) {
		FILE *f = tmpfile();
		if (f == NULL)
			die("tmpfile");
		static const char nuls[] = "\0\0\0\0\0\0\0\0nul bytes first\n";
		if (fwrite(nuls, 1, sizeof nuls - 1, f) != sizeof nuls - 1 || fflush(f) != 0)
			die("write");
		passed = fileno(f);
		if (lseek(passed, 0, SEEK_SET) != 0)
			die("lseek");
	} else if (strcmp(how, "tag") != 0) {
		fprintf(stderr, "bad -pass %s\n", how);
		peer_usage(USAGE);
	}
	if (passed >= 0) {
		memset(&control, 0, sizeof control);
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof control.buf;
		struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &passed, sizeof passed);
	}
	if (sendmsg(fd, &msg, 0) < 0)
		gone_or_die("sendmsg");
}

/* fill copies the items back to back into mem of size bytes, from off. */
static void fill(unsigned char *mem, size_t size, size_t off)
{
	for (int i = 0; i < nitems; i++) {
		if (items[i].n == 0)
			continue;
		if (off > size || items[i].n > size - off) {
			fprintf(stderr, "data longer than the object\n");
			peer_usage(USAGE);
		}
		memcpy(mem + off, items[i].p, items[i].n);
		off += items[i].n;
	}
}

/* storm runs argv as a child and, with signals set, signals each of its
 * threads until it ends; it returns the child's exit status. */
static int storm(char **argv, long data_limit, int signals)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (data_limit > 0) {
			struct rlimit rl = {.rlim_cur = (rlim_t)data_limit, .rlim_max = (rlim_t)data_limit};
			if (setrlimit(RLIMIT_DATA, &rl) != 0)
				die("setrlimit");
		}
		execv(argv[0], argv);
		die("execve");
	}
	static const int sigs[] = {SIGCHLD, SIGURG, SIGWINCH};
	char task[64];
	snprintf(task, sizeof task, "/proc/%d/task", (int)pid);
	for (;;) {
		int ws;
		pid_t got = waitpid(pid, &ws, signals ? WNOHANG : 0);
		if (got < 0 && errno != EINTR)
			die("waitpid");
		if (got == pid) {
			if (WIFEXITED(ws))
				return WEXITSTATUS(ws);
			fprintf(stderr, "hostile: target killed by SIG%s\n", sigabbrev_np(WTERMSIG(ws)));
			return PEER_EXIT_FAIL;
		}
		DIR *d = signals ? opendir(task) : NULL;
		if (d != NULL) {
			struct dirent *e;
			while ((e = readdir(d)) != NULL) {
				if (e->d_name[0] < '0' || e->d_name[0] > '9')
					continue;
				long tid = strtol(e->d_name, NULL, 10);
				for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
					syscall(SYS_tgkill, (long)pid, tid, (long)sigs[i]);
			}
			closedir(d);
		}
		struct timespec ts = {.tv_nsec = HOSTILE_STORM_EVERY_US * 1000L};
		nanosleep(&ts, NULL);
	}
}

int main(int argc, char **argv)
{
	const char *mode = NULL, *host = "127.0.0.1", *path = NULL, *name = NULL, *ready = NULL, *how = NULL;
	const char *ipc = NULL;
	long size = -1, offset = 0;
	const char *datas[HOSTILE_MAX_ITEMS];
	long port = 0, key = 0, fdnum = -1, prio = 0, data_limit = 0;
	int ndatas = 0;
	static const struct option opts[] = {
		{"mode", required_argument, NULL, 'm'},
		{"host", required_argument, NULL, 'h'},
		{"port", required_argument, NULL, 'p'},
		{"path", required_argument, NULL, 'P'},
		{"key", required_argument, NULL, 'k'},
		{"name", required_argument, NULL, 'N'},
		{"fd", required_argument, NULL, 'f'},
		{"data", required_argument, NULL, 'd'},
		{"mtype", required_argument, NULL, 'T'},
		{"repeat", required_argument, NULL, 'R'},
		{"chunk", required_argument, NULL, 'c'},
		{"pause", required_argument, NULL, 'z'},
		{"delay", required_argument, NULL, 'D'},
		{"end", required_argument, NULL, 'e'},
		{"pass", required_argument, NULL, 'a'},
		{"prio", required_argument, NULL, 'q'},
		{"hold", required_argument, NULL, 'H'},
		{"ready", required_argument, NULL, 'r'},
		{"data-limit", required_argument, NULL, 'L'},
		{"ipc", required_argument, NULL, 'i'},
		{"size", required_argument, NULL, 'S'},
		{"offset", required_argument, NULL, 'o'},
		{"waiters", required_argument, NULL, 'W'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': mode = optarg; break;
		case 'h': host = optarg; break;
		case 'p': port = parse_long(optarg, 0, 65535, USAGE); break;
		case 'P': path = optarg; break;
		case 'k': key = parse_long(optarg, INT32_MIN, INT32_MAX, USAGE); break;
		case 'N': name = optarg; break;
		case 'f': fdnum = parse_long(optarg, 0, INT_MAX, USAGE); break;
		case 'd':
			if (ndatas == HOSTILE_MAX_ITEMS)
				peer_usage(USAGE);
			datas[ndatas++] = optarg;
			break;
		case 'T':
			if (nmtypes == HOSTILE_MAX_ITEMS)
				peer_usage(USAGE);
			mtypes[nmtypes++] = parse_long(optarg, 1, LONG_MAX, USAGE);
			break;
		case 'R': repeat = parse_long(optarg, 1, HOSTILE_MAX_BYTES, USAGE); break;
		case 'c': chunk = parse_long(optarg, 0, HOSTILE_MAX_BYTES, USAGE); break;
		case 'z': pause_ms = parse_long(optarg, 0, 10000, USAGE); break;
		case 'D': delay_ms = parse_long(optarg, 0, 60000, USAGE); break;
		case 'e': end = optarg; break;
		case 'a': how = optarg; break;
		case 'q': prio = parse_long(optarg, 0, 32767, USAGE); break;
		case 'H': hold = parse_long(optarg, 0, 3600, USAGE); break;
		case 'r': ready = optarg; break;
		case 'L': data_limit = parse_long(optarg, 0, LONG_MAX, USAGE); break;
		case 'i': ipc = optarg; break;
		case 'S': size = parse_long(optarg, 0, HOSTILE_MAX_BYTES, USAGE); break;
		case 'o': offset = parse_long(optarg, 0, HOSTILE_MAX_BYTES, USAGE); break;
		case 'W': waiters = parse_long(optarg, 0, 1000, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (mode == NULL)
		peer_usage(USAGE);
	if (strcmp(end, "close") != 0 && strcmp(end, "reset") != 0 && strcmp(end, "silent") != 0 &&
	    strcmp(end, "shutdown") != 0 && strcmp(end, "flood") != 0) {
		fprintf(stderr, "bad -end %s\n", end);
		peer_usage(USAGE);
	}
	if (strcmp(mode, "storm") == 0) {
		if (optind == argc)
			peer_usage(USAGE);
		return storm(argv + optind, data_limit, 1);
	}
	int runs = strcmp(mode, "shm-sysv") == 0 || (strcmp(mode, "shm-posix") == 0 && size >= 0);
	if (optind != argc && !runs)
		peer_usage(USAGE);
	if (runs && optind == argc)
		peer_usage(USAGE);
	/* -repeat applies to every -data: decode them now that it is known. */
	for (int i = 0; i < ndatas; i++)
		items[nitems++] = unescape(datas[i]);
	/* A target gone while we write is an outcome, not a signal to die of. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		die("signal");

	if (strcmp(mode, "tcp-send") == 0) {
		struct sockaddr_in a = inet_addr_of(host, port);
		int fd = tcp_socket();
		if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
			die("connect");
		if (chunk > 0) {
			int one = 1;
			if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
				die("setsockopt");
		}
		send_all(fd);
		finish(fd, 1);
	} else if (strcmp(mode, "tcp-serve") == 0) {
		struct sockaddr_in a = inet_addr_of(host, port);
		int lfd = tcp_socket();
		int one = 1;
		if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
			die("setsockopt");
		if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0)
			die("bind");
		if (listen(lfd, 1) != 0)
			die("listen");
		socklen_t len = sizeof a;
		if (getsockname(lfd, (struct sockaddr *)&a, &len) != 0)
			die("getsockname");
		peer_ready(ready, "%u", (unsigned)ntohs(a.sin_port));
		int fd = accept_target(lfd);
		send_all(fd);
		finish(fd, 1);
		close(lfd);
	} else if (strcmp(mode, "udp-send") == 0 || strcmp(mode, "udp-serve") == 0) {
		struct sockaddr_in a = inet_addr_of(host, port);
		int fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0)
			die("socket");
		struct timeval tv = {.tv_sec = hold};
		if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
			die("setsockopt");
		struct sockaddr_in to = a;
		if (strcmp(mode, "udp-serve") == 0) {
			if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0)
				die("bind");
			socklen_t len = sizeof a;
			if (getsockname(fd, (struct sockaddr *)&a, &len) != 0)
				die("getsockname");
			peer_ready(ready, "%u", (unsigned)ntohs(a.sin_port));
			static char dgram[65536];
			socklen_t tolen = sizeof to;
			if (recvfrom(fd, dgram, sizeof dgram, 0, (struct sockaddr *)&to, &tolen) < 0)
				die("recvfrom");
		}
		if (strcmp(end, "silent") == 0)
			sleep_hold(-1);
		sleep_ms(delay_ms);
		for (int i = 0; i < nitems; i++) {
			if (sendto(fd, items[i].p, items[i].n, 0, (struct sockaddr *)&to, sizeof to) < 0)
				die("sendto");
			if (pause_ms > 0)
				pause_a_little();
		}
		close(fd);
	} else if (strcmp(mode, "unix-serve") == 0) {
		if (path == NULL)
			peer_usage(USAGE);
		struct sockaddr_un a;
		socklen_t alen = unix_addr_of(path, &a);
		int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (lfd < 0)
			die("socket");
		/* accept() and our own writes give up after -hold seconds. */
		struct timeval tv = {.tv_sec = hold};
		if (setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
		    setsockopt(lfd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
			die("setsockopt");
		if (bind(lfd, (struct sockaddr *)&a, alen) != 0)
			die("bind");
		if (listen(lfd, 1) != 0)
			die("listen");
		peer_ready(ready, "%s", path);
		int fd = accept_target(lfd);
		send_all(fd);
		pass(fd, how);
		finish(fd, 1);
		close(lfd);
		if (path[0] != '@' && unlink(path) != 0)
			die("unlink");
	} else if (strcmp(mode, "ipc-rmid") == 0) {
		if (ipc == NULL || (waiters > 0 && strcmp(ipc, "sem") != 0))
			peer_usage(USAGE);
		if (waiters > 0)
			wait_sem_waiters(key);
		sleep_ms(delay_ms);
		int id, r;
		if (strcmp(ipc, "msg") == 0) {
			if ((id = msgget((key_t)key, 0)) < 0)
				die("msgget");
			r = msgctl(id, IPC_RMID, NULL);
		} else if (strcmp(ipc, "sem") == 0) {
			if ((id = semget((key_t)key, 0, 0)) < 0)
				die("semget");
			r = semctl(id, 0, IPC_RMID);
		} else if (strcmp(ipc, "shm") == 0) {
			if ((id = shmget((key_t)key, 0, 0)) < 0)
				die("shmget");
			r = shmctl(id, IPC_RMID, NULL);
		} else {
			fprintf(stderr, "bad -ipc %s\n", ipc);
			peer_usage(USAGE);
		}
		if (r != 0)
			die("ipc_rmid");
	} else if (strcmp(mode, "shm-sysv") == 0) {
		if (size <= 0)
			peer_usage(USAGE);
		int id = shmget((key_t)key, (size_t)size, IPC_CREAT | IPC_EXCL | 0600);
		if (id < 0)
			die("shmget");
		unsigned char *mem = shmat(id, NULL, 0);
		if (mem == (void *)-1)
			die("shmat");
		fill(mem, (size_t)size, (size_t)offset);
		if (shmdt(mem) != 0)
			die("shmdt");
		int status = storm(argv + optind, 0, 0);
		/* The target may have removed it already. */
		if (shmctl(id, IPC_RMID, NULL) != 0 && errno != EINVAL && errno != EIDRM)
			die("shmctl");
		return status;
	} else if (strcmp(mode, "shm-posix") == 0) {
		if (name == NULL)
			peer_usage(USAGE);
		int fd = shm_open(name, size >= 0 ? O_RDWR | O_CREAT | O_EXCL : O_RDWR, 0600);
		if (fd < 0)
			die("shm_open");
		if (size >= 0 && ftruncate(fd, (off_t)size) != 0)
			die("ftruncate");
		struct stat st;
		if (fstat(fd, &st) != 0)
			die("fstat");
		if (st.st_size > 0) {
			unsigned char *mem = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (mem == MAP_FAILED)
				die("mmap");
			fill(mem, (size_t)st.st_size, (size_t)offset);
			if (munmap(mem, (size_t)st.st_size) != 0)
				die("munmap");
		} else {
			fill(NULL, 0, (size_t)offset);
		}
		close(fd);
		if (size < 0)
			return 0;
		int status = storm(argv + optind, 0, 0);
		/* The target may have removed it already. */
		if (shm_unlink(name) != 0 && errno != ENOENT)
			die("shm_unlink");
		return status;
	} else if (strcmp(mode, "unix-send") == 0 || strcmp(mode, "unixgram-send") == 0) {
		if (path == NULL)
			peer_usage(USAGE);
		int stream = strcmp(mode, "unix-send") == 0;
		struct sockaddr_un a;
		socklen_t alen = unix_addr_of(path, &a);
		int fd = socket(AF_UNIX, stream ? SOCK_STREAM : SOCK_DGRAM, 0);
		if (fd < 0)
			die("socket");
		struct timeval tv = {.tv_sec = hold};
		if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
			die("setsockopt");
		if (connect(fd, (struct sockaddr *)&a, alen) != 0)
			die("connect");
		if (stream) {
			send_all(fd);
		} else {
			sleep_ms(delay_ms);
			for (int i = 0; i < nitems; i++)
				if (send(fd, items[i].p, items[i].n, 0) < 0)
					die("send");
		}
		pass(fd, how);
		finish(fd, 1);
	} else if (strcmp(mode, "fifo-write") == 0) {
		if (path == NULL)
			peer_usage(USAGE);
		int fd = open(path, O_WRONLY | O_NONBLOCK);
		if (fd < 0)
			die("open");
		/* Opened without waiting (the reader is there); now block on writes. */
		if (fcntl(fd, F_SETFL, 0) != 0)
			die("fcntl");
		send_all(fd);
		finish(fd, 0);
	} else if (strcmp(mode, "pipe-child") == 0) {
		if (fdnum < 0)
			peer_usage(USAGE);
		send_all((int)fdnum);
		finish((int)fdnum, 0);
	} else if (strcmp(mode, "msgq-send") == 0) {
		int id = msgget((key_t)key, 0);
		if (id < 0)
			die("msgget");
		sleep_ms(delay_ms);
		for (int i = 0; i < nitems; i++) {
			struct {
				long mtype;
				unsigned char mtext[HOSTILE_MAX_BYTES];
			} *m = malloc(sizeof *m);
			if (m == NULL)
				die("malloc");
			m->mtype = i < nmtypes ? mtypes[i] : 1;
			memcpy(m->mtext, items[i].p, items[i].n);
			if (msgsnd(id, m, items[i].n, IPC_NOWAIT) != 0)
				die("msgsnd");
			free(m);
		}
	} else if (strcmp(mode, "mq-send") == 0) {
		if (name == NULL)
			peer_usage(USAGE);
		struct mq_attr attr = {.mq_maxmsg = MQ_POSIX_MAXMSG, .mq_msgsize = MQ_POSIX_MSGSIZE};
		mqd_t q = mq_open(name, O_WRONLY | O_CREAT | O_EXCL, 0600, &attr);
		if (q == (mqd_t)-1)
			die("mq_open");
		for (int i = 0; i < nitems; i++)
			if (mq_send(q, (const char *)items[i].p, items[i].n, (unsigned)prio) != 0)
				die("mq_send");
		peer_ready(ready, "%s", name);
		double until = now() + (double)hold;
		while (now() < until) {
			struct mq_attr cur;
			if (mq_getattr(q, &cur) != 0)
				die("mq_getattr");
			if (cur.mq_curmsgs == 0)
				break;
			struct timespec ts = {.tv_nsec = 5000000};
			nanosleep(&ts, NULL);
		}
		mq_close(q);
		if (mq_unlink(name) != 0)
			die("mq_unlink");
	} else {
		fprintf(stderr, "bad -mode %s\n", mode);
		peer_usage(USAGE);
	}
	return 0;
}
