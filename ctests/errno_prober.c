/*
 * errno_prober: the failing calls that the documents' programs can meet,
 * each set up on purpose: a segment or queue that already exists or does
 * not, a message too long for the buffer, a full queue, a FIFO with no
 * reader, a pipe or socket whose other end is closed, a port in use or
 * closed, another user's object. For each case named by -case (a comma
 * separated list) it makes the situation, makes the failing call, removes
 * what it made, and prints "case: call: ENAME". It is the reference for
 * gosides/errno_prober: the Go side must name the same errno for each.
 *
 * Not a program of the documents, but their failure paths made
 * observable: every call of the setup is checked, everything made is
 * removed on every path, SIGPIPE is ignored so that a write to a closed
 * pipe fails with EPIPE instead of killing the prober, and every wait is
 * bounded.
 *
 * Exit status: 0 when every probed call failed (whatever the errno: the
 * script compares the names), 1 when one succeeded ("case: call:
 * succeeded" on stderr) or the setup failed, 2 bad usage.
 *
 * With -uid and -gid the probed call runs as that user: the prober keeps
 * its saved IDs (root) and sets its real and effective IDs to the other
 * user's and clears its supplementary groups around the call alone, so it
 * can remove what it made as root afterwards. The Go side does the same;
 * Go's setresuid and setgroups act on every thread of the process as
 * glibc's do, so no child process is needed on either side.
 */
#include "peer.h"
#include "errno_parity.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>

#define USAGE "errno_prober -case name[,name...] [-key k] [-name /name] [-path socket] [-dir dir] " \
	      "[-uid n -gid n] [-pid n] [-timeout seconds]"

static key_t key = ERRNO_PARITY_KEY;
static const char *name = ERRNO_PARITY_NAME;
static const char *path = ERRNO_PARITY_SOCK;
static long uid = -1, gid = -1, pid = 0, timeout = 10;

/* What the running case made: cleanup() removes it on every path. */
static int shmid = -1, msqid = -1, semid = -1;
static mqd_t mqd = (mqd_t)-1;
static int mq_made, shm_made, fifo_made, dir_made;
static const char *sock_made;

static void cleanup(void)
{
	if (shmid >= 0 && shmctl(shmid, IPC_RMID, NULL) != 0)
		peer_error("shmctl");
	if (msqid >= 0 && msgctl(msqid, IPC_RMID, NULL) != 0)
		peer_error("msgctl");
	if (semid >= 0 && semctl(semid, 0, IPC_RMID) != 0)
		peer_error("semctl");
	if (mqd != (mqd_t)-1 && mq_close(mqd) != 0)
		peer_error("mq_close");
	if (mq_made && mq_unlink(name) != 0)
		peer_error("mq_unlink");
	if (shm_made && shm_unlink(name) != 0)
		peer_error("shm_unlink");
	if (fifo_made && unlink(ERRNO_PARITY_FIFO) != 0)
		peer_error("unlink");
	if (sock_made != NULL && unlink(sock_made) != 0)
		peer_error("unlink");
	if (dir_made && rmdir(ERRNO_PARITY_PRIVATE) != 0)
		peer_error("rmdir");
	shmid = msqid = semid = -1;
	mqd = (mqd_t)-1;
	mq_made = shm_made = fifo_made = dir_made = 0;
	sock_made = NULL;
}

/* setup_fail reports a call the case needed, removes what it made, and
 * exits 1. */
static void setup_fail(const char *call)
{
	peer_error(call);
	cleanup();
	exit(PEER_EXIT_FAIL);
}

/* The probed call of the running case: its name, and its errno (0 when it
 * succeeded). */
static const char *probed_call;
static int probed_errno;

/* probe records the probed call; failed is its own test of failure,
 * evaluated just before, so errno is still the call's. */
static void probe(const char *call, int failed)
{
	probed_call = call;
	probed_errno = failed ? errno : 0;
}

/* Another user's identity around a probed call (-uid, -gid). */
static uid_t ruid, euid, suid;
static gid_t rgid, egid, sgid;
static gid_t groups[NGROUPS_MAX];
static int ngroups;

static void become_other(void)
{
	if (getresuid(&ruid, &euid, &suid) != 0)
		setup_fail("getresuid");
	if (getresgid(&rgid, &egid, &sgid) != 0)
		setup_fail("getresgid");
	ngroups = getgroups(NGROUPS_MAX, groups);
	if (ngroups < 0)
		setup_fail("getgroups");
	if (setgroups(0, NULL) != 0)
		setup_fail("setgroups");
	if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)-1) != 0)
		setup_fail("setresgid");
	if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)-1) != 0)
		setup_fail("setresuid");
}

/* become_self takes back the saved identity; errno is kept for probe's
 * caller. */
static void become_self(void)
{
	int saved = errno;
	if (setresuid(ruid, euid, suid) != 0)
		setup_fail("setresuid");
	if (setresgid(rgid, egid, sgid) != 0)
		setup_fail("setresgid");
	if (setgroups((size_t)ngroups, groups) != 0)
		setup_fail("setgroups");
	errno = saved;
}

/* ---- SysV shared memory ---- */

static void make_segment(void)
{
	shmid = shmget(key, ERRNO_PARITY_SHM_BYTES, IPC_CREAT | IPC_EXCL | 0600);
	if (shmid < 0)
		setup_fail("shmget");
}

static void shmget_eexist(void)
{
	make_segment();
	probe("shmget", shmget(key, ERRNO_PARITY_SHM_BYTES, IPC_CREAT | IPC_EXCL | 0600) < 0);
}

static void shmget_enoent(void)
{
	probe("shmget", shmget(key, ERRNO_PARITY_SHM_BYTES, 0600) < 0);
}

/* A key's segment is smaller than the size asked for. */
static void shmget_einval_size(void)
{
	make_segment();
	probe("shmget", shmget(key, 64 * ERRNO_PARITY_SHM_BYTES, 0600) < 0);
}

/* A new segment of 0 bytes is below SHMMIN (1). */
static void shmget_einval_zero(void)
{
	int id = shmget(key, 0, IPC_CREAT | IPC_EXCL | 0600);
	probe("shmget", id < 0);
	if (id >= 0)
		shmid = id;
}

static void shmat_einval(void)
{
	probe("shmat", shmat(-1, NULL, 0) == (void *)-1);
}

static void shmget_eacces(void)
{
	make_segment();
	become_other();
	probe("shmget", shmget(key, 0, 0600) < 0);
	become_self();
}

static void shmat_eacces(void)
{
	make_segment();
	become_other();
	void *p = shmat(shmid, NULL, 0);
	probe("shmat", p == (void *)-1);
	become_self();
	if (p != (void *)-1 && shmdt(p) != 0)
		setup_fail("shmdt");
}

/* ---- SysV message queues ---- */

struct small_msg {
	long mtype;
	char mtext[ERRNO_PARITY_SMALL];
};

static void make_queue(void)
{
	msqid = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	if (msqid < 0)
		setup_fail("msgget");
}

static void msgget_enoent(void)
{
	probe("msgget", msgget(key, 0600) < 0);
}

static void msgget_eexist(void)
{
	make_queue();
	probe("msgget", msgget(key, IPC_CREAT | IPC_EXCL | 0600) < 0);
}

static void msgget_eacces(void)
{
	make_queue();
	become_other();
	probe("msgget", msgget(key, 0600) < 0);
	become_self();
}

static void msgrcv_enomsg(void)
{
	make_queue();
	struct small_msg m;
	probe("msgrcv", msgrcv(msqid, &m, sizeof m.mtext, 0, IPC_NOWAIT) < 0);
}

static void msgrcv_e2big(void)
{
	make_queue();
	struct {
		long mtype;
		char mtext[ERRNO_PARITY_BIG];
	} big = {.mtype = 1};
	memset(big.mtext, 'x', sizeof big.mtext);
	if (msgsnd(msqid, &big, sizeof big.mtext, IPC_NOWAIT) != 0)
		setup_fail("msgsnd");
	struct small_msg m;
	probe("msgrcv", msgrcv(msqid, &m, sizeof m.mtext, 0, IPC_NOWAIT) < 0);
}

/* Messages go on until the queue's msg_qbytes are used up. */
static void msgsnd_eagain(void)
{
	make_queue();
	static struct {
		long mtype;
		char mtext[ERRNO_PARITY_MSG_BYTES];
	} m = {.mtype = 1};
	int failed = 0;
	for (long i = 0; i < ERRNO_PARITY_MSG_LIMIT && !failed; i++)
		failed = msgsnd(msqid, &m, sizeof m.mtext, IPC_NOWAIT) != 0;
	probe("msgsnd", failed);
}

/* A message's type must be positive. */
static void msgsnd_einval(void)
{
	make_queue();
	struct small_msg m = {.mtype = 0};
	probe("msgsnd", msgsnd(msqid, &m, sizeof m.mtext, IPC_NOWAIT) != 0);
}

/* blocked_in_msgrcv reports whether a thread of process pid sleeps in the
 * kernel's msgrcv. */
static int blocked_in_msgrcv(void)
{
	char dir[64];
	snprintf(dir, sizeof dir, "/proc/%ld/task", pid);
	DIR *d = opendir(dir);
	if (d == NULL)
		setup_fail("opendir");
	int found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char file[PATH_MAX], wchan[64];
		snprintf(file, sizeof file, "%s/%s/wchan", dir, e->d_name);
		FILE *f = fopen(file, "r"); /* the thread may have ended */
		if (f == NULL)
			continue;
		if (fgets(wchan, sizeof wchan, f) != NULL && strcmp(wchan, "do_msgrcv") == 0)
			found = 1;
		fclose(f);
	}
	closedir(d);
	return found;
}

/* msgq-rmid is no failing call: it removes the queue under key once
 * process -pid is blocked in msgrcv on it, so that msgrcv fails there
 * with EIDRM (removed earlier, it would fail with EINVAL instead). */
static void msgq_rmid(void)
{
	struct timespec start, now, pause = {.tv_nsec = 1000000};
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		setup_fail("clock_gettime");
	while (!blocked_in_msgrcv()) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			setup_fail("clock_gettime");
		if (now.tv_sec - start.tv_sec >= timeout) {
			fprintf(stderr, "timeout: process %ld not blocked in msgrcv after %ld s\n", pid, timeout);
			exit(PEER_EXIT_FAIL);
		}
		nanosleep(&pause, NULL);
	}
	int id = msgget(key, 0);
	if (id < 0)
		setup_fail("msgget");
	if (msgctl(id, IPC_RMID, NULL) != 0)
		setup_fail("msgctl");
}

/* ---- SysV semaphores ---- */

static void make_semaphore(void)
{
	semid = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (semid < 0)
		setup_fail("semget");
}

static void semget_enoent(void)
{
	probe("semget", semget(key, 1, 0600) < 0);
}

/* A key's set has fewer semaphores than asked for. */
static void semget_einval(void)
{
	make_semaphore();
	probe("semget", semget(key, 2, 0600) < 0);
}

/* A new set's semaphore is 0: taking one would wait. */
static void semop_eagain(void)
{
	make_semaphore();
	struct sembuf op = {.sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT};
	probe("semop", semop(semid, &op, 1) != 0);
}

/* ---- POSIX message queues ---- */

static void make_mq(int flags)
{
	struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = ERRNO_PARITY_SMALL};
	mqd = mq_open(name, flags | O_CREAT | O_EXCL, 0600, &attr);
	if (mqd == (mqd_t)-1)
		setup_fail("mq_open");
	mq_made = 1;
}

static void mq_open_enoent(void)
{
	mqd_t q = mq_open(name, O_RDONLY);
	probe("mq_open", q == (mqd_t)-1);
	if (q != (mqd_t)-1)
		mq_close(q);
}

static void mq_open_eexist(void)
{
	make_mq(O_RDONLY);
	struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = ERRNO_PARITY_SMALL};
	mqd_t q = mq_open(name, O_RDONLY | O_CREAT | O_EXCL, 0600, &attr);
	probe("mq_open", q == (mqd_t)-1);
	if (q != (mqd_t)-1)
		mq_close(q);
}

static void mq_open_eacces(void)
{
	make_mq(O_RDONLY);
	become_other();
	mqd_t q = mq_open(name, O_RDONLY);
	probe("mq_open", q == (mqd_t)-1);
	become_self();
	if (q != (mqd_t)-1)
		mq_close(q);
}

static struct timespec deadline(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		setup_fail("clock_gettime");
	ts.tv_sec += timeout;
	return ts;
}

/* A queue of one message is full after one send; with O_NONBLOCK the
 * second fails at once. */
static void mq_send_eagain(void)
{
	make_mq(O_WRONLY | O_NONBLOCK);
	char msg[ERRNO_PARITY_SMALL] = "x";
	struct timespec ts = deadline();
	if (mq_timedsend(mqd, msg, sizeof msg, 0, &ts) != 0)
		setup_fail("mq_timedsend");
	probe("mq_timedsend", mq_timedsend(mqd, msg, sizeof msg, 0, &ts) != 0);
}

/* A receive buffer must hold the queue's mq_msgsize. */
static void mq_receive_emsgsize(void)
{
	make_mq(O_RDONLY | O_NONBLOCK);
	char buf[ERRNO_PARITY_SMALL - 1];
	struct timespec ts = deadline();
	probe("mq_timedreceive", mq_timedreceive(mqd, buf, sizeof buf, NULL, &ts) < 0);
}

/* ---- POSIX shared memory ---- */

static void make_shm(void)
{
	int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		setup_fail("shm_open");
	shm_made = 1;
	if (close(fd) != 0)
		setup_fail("close");
}

/* probe_shm_open probes shm_open(name, flags) and closes what it opened. */
static void probe_shm_open(int flags)
{
	int fd = shm_open(name, flags, 0600);
	probe("shm_open", fd < 0);
	if (fd >= 0)
		close(fd);
}

static void shm_open_enoent(void)
{
	probe_shm_open(O_RDWR);
}

static void shm_open_eexist(void)
{
	make_shm();
	probe_shm_open(O_RDWR | O_CREAT | O_EXCL);
}

static void shm_open_eacces(void)
{
	make_shm();
	become_other();
	int fd = shm_open(name, O_RDWR, 0);
	probe("shm_open", fd < 0);
	become_self();
	if (fd >= 0)
		close(fd);
}

/* ---- FIFOs, pipes, files ---- */

static void make_fifo(void)
{
	if (mkfifo(ERRNO_PARITY_FIFO, 0600) != 0)
		setup_fail("mkfifo");
	fifo_made = 1;
}

/* A FIFO opened for writing, without waiting, while no one reads it. */
static void fifo_open_enxio(void)
{
	make_fifo();
	int fd = open(ERRNO_PARITY_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	probe("open", fd < 0);
	if (fd >= 0)
		close(fd);
}

static void mkfifo_eexist(void)
{
	make_fifo();
	probe("mkfifo", mkfifo(ERRNO_PARITY_FIFO, 0600) != 0);
}

static void pipe_write_epipe(void)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0)
		setup_fail("pipe");
	if (close(p[0]) != 0)
		setup_fail("close");
	probe("write", write(p[1], "x", 1) < 0);
	close(p[1]);
}

static void pipe_read_eagain(void)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
		setup_fail("pipe");
	char c;
	probe("read", read(p[0], &c, 1) < 0);
	close(p[0]);
	close(p[1]);
}

static void unlink_enoent(void)
{
	probe("unlink", unlink(ERRNO_PARITY_ABSENT) != 0);
}

/* ---- TCP and UDP on loopback ---- */

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* inet_socket returns a socket of type bound to a free loopback port
 * (listening if asked), and that port. */
static int inet_socket(int type, int listening, uint16_t *port)
{
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		setup_fail("socket");
	struct sockaddr_in a = loopback(0);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0)
		setup_fail("bind");
	if (listening && listen(fd, 1) != 0)
		setup_fail("listen");
	socklen_t len = sizeof a;
	if (getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		setup_fail("getsockname");
	*port = ntohs(a.sin_port);
	return fd;
}

static int new_socket(int domain, int type)
{
	int fd = socket(domain, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		setup_fail("socket");
	return fd;
}

/* The port is held by a listening socket; no SO_REUSEADDR would help. */
static void tcp_bind_eaddrinuse(void)
{
	uint16_t port;
	int held = inet_socket(SOCK_STREAM, 1, &port);
	int fd = new_socket(AF_INET, SOCK_STREAM);
	struct sockaddr_in a = loopback(port);
	probe("bind", bind(fd, (struct sockaddr *)&a, sizeof a) != 0);
	close(fd);
	close(held);
}

/* The port is bound, so no one else can listen on it, but not listening. */
static void tcp_connect_econnrefused(void)
{
	uint16_t port;
	int held = inet_socket(SOCK_STREAM, 0, &port);
	int fd = new_socket(AF_INET, SOCK_STREAM);
	struct sockaddr_in a = loopback(port);
	probe("connect", connect(fd, (struct sockaddr *)&a, sizeof a) != 0);
	close(fd);
	close(held);
}

/* The accepted end closes with a zero linger time: it sends a reset
 * instead of an end of file. */
static void tcp_read_econnreset(void)
{
	uint16_t port;
	int lfd = inet_socket(SOCK_STREAM, 1, &port);
	int fd = new_socket(AF_INET, SOCK_STREAM);
	struct sockaddr_in a = loopback(port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		setup_fail("connect");
	int afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (afd < 0)
		setup_fail("accept");
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	if (setsockopt(afd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
		setup_fail("setsockopt");
	if (close(afd) != 0)
		setup_fail("close");
	char c;
	probe("read", read(fd, &c, 1) < 0);
	close(fd);
	close(lfd);
}

static void tcp_accept_einval(void)
{
	uint16_t port;
	int fd = inet_socket(SOCK_STREAM, 0, &port);
	int afd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	probe("accept", afd < 0);
	if (afd >= 0)
		close(afd);
	close(fd);
}

static void udp_send_emsgsize(void)
{
	static char big[ERRNO_PARITY_UDP_TOO_BIG];
	uint16_t port;
	int fd = inet_socket(SOCK_DGRAM, 0, &port);
	struct sockaddr_in a = loopback(port);
	probe("sendto", sendto(fd, big, sizeof big, 0, (struct sockaddr *)&a, sizeof a) < 0);
	close(fd);
}

static void udp_recv_eagain(void)
{
	uint16_t port;
	int fd = inet_socket(SOCK_DGRAM, 0, &port);
	char c;
	probe("recvfrom", recvfrom(fd, &c, 1, MSG_DONTWAIT, NULL, NULL) < 0);
	close(fd);
}

static void udp_listen_eopnotsupp(void)
{
	int fd = new_socket(AF_INET, SOCK_DGRAM);
	probe("listen", listen(fd, 1) != 0);
	close(fd);
}

/* ---- Unix-domain sockets ---- */

static socklen_t unix_addr(struct sockaddr_un *a, const char *p)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	if (strlen(p) >= sizeof a->sun_path) {
		errno = ENAMETOOLONG;
		setup_fail("bind");
	}
	strcpy(a->sun_path, p);
	return (socklen_t)sizeof *a;
}

/* unix_bound returns a stream socket bound to p (listening if asked). */
static int unix_bound(const char *p, int listening)
{
	int fd = new_socket(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, p);
	if (bind(fd, (struct sockaddr *)&a, len) != 0)
		setup_fail("bind");
	sock_made = p;
	if (listening && listen(fd, 1) != 0)
		setup_fail("listen");
	return fd;
}

static void probe_unix_connect(const char *p)
{
	int fd = new_socket(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, p);
	probe("connect", connect(fd, (struct sockaddr *)&a, len) != 0);
	close(fd);
}

static void unix_connect_enoent(void)
{
	probe_unix_connect(ERRNO_PARITY_ABSENT);
}

/* The path is a bound socket that does not listen. */
static void unix_connect_econnrefused(void)
{
	int held = unix_bound(ERRNO_PARITY_SOCK, 0);
	probe_unix_connect(ERRNO_PARITY_SOCK);
	close(held);
}

static void unix_bind_eaddrinuse(void)
{
	int held = unix_bound(ERRNO_PARITY_SOCK, 1);
	int fd = new_socket(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, ERRNO_PARITY_SOCK);
	probe("bind", bind(fd, (struct sockaddr *)&a, len) != 0);
	close(fd);
	close(held);
}

/* A listening socket in a directory only its owner may search. */
static void unix_connect_eacces(void)
{
	if (mkdir(ERRNO_PARITY_PRIVATE, 0700) != 0)
		setup_fail("mkdir");
	dir_made = 1;
	if (chmod(ERRNO_PARITY_PRIVATE, 0700) != 0) /* whatever the umask */
		setup_fail("chmod");
	int held = unix_bound(ERRNO_PARITY_PRIVATE "/" ERRNO_PARITY_SOCK, 1);
	int fd = new_socket(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, ERRNO_PARITY_PRIVATE "/" ERRNO_PARITY_SOCK);
	become_other();
	probe("connect", connect(fd, (struct sockaddr *)&a, len) != 0);
	become_self();
	close(fd);
	close(held);
}

static void socketpair_send_epipe(void)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		setup_fail("socketpair");
	if (close(sv[1]) != 0)
		setup_fail("close");
	probe("send", send(sv[0], "x", 1, 0) < 0);
	close(sv[0]);
}

/* ---- Signals and memory ---- */

/* No process has a pid above PID_MAX_LIMIT (4194304). */
static void kill_esrch(void)
{
	probe("kill", kill(INT32_MAX, 0) != 0);
}

static void kill_einval(void)
{
	probe("kill", kill(getpid(), 1000) != 0);
}

static void mmap_einval(void)
{
	void *p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("mmap", p == MAP_FAILED);
	if (p != MAP_FAILED)
		munmap(p, 0);
}

/* ---- Objects another peer made (-key, -name, -path), for another uid ---- */

static void shmat_existing(void)
{
	become_other();
	int id = shmget(key, 0, 0);
	probe("shmget", id < 0);
	void *p = (void *)-1;
	if (id >= 0) {
		p = shmat(id, NULL, 0);
		probe("shmat", p == (void *)-1);
	}
	become_self();
	if (p != (void *)-1 && shmdt(p) != 0)
		setup_fail("shmdt");
}

/* Read only, as document 001's consumer opens it: reading another user's
 * data is what 0600 prevents. */
static void shm_open_existing(void)
{
	become_other();
	int fd = shm_open(name, O_RDONLY, 0);
	probe("shm_open", fd < 0);
	become_self();
	if (fd >= 0)
		close(fd);
}

static void connect_existing(void)
{
	int fd = new_socket(AF_UNIX, SOCK_STREAM);
	struct sockaddr_un a;
	socklen_t len = unix_addr(&a, path);
	become_other();
	probe("connect", connect(fd, (struct sockaddr *)&a, len) != 0);
	become_self();
	close(fd);
}

enum { PROBE, HELPER, AS_OTHER };

static const struct probe_case {
	const char *name;
	void (*run)(void);
	int kind; /* AS_OTHER needs -uid and -gid; a HELPER prints nothing */
} cases[] = {
	{"shmget-eexist", shmget_eexist, PROBE},
	{"shmget-enoent", shmget_enoent, PROBE},
	{"shmget-einval-size", shmget_einval_size, PROBE},
	{"shmget-einval-zero", shmget_einval_zero, PROBE},
	{"shmat-einval", shmat_einval, PROBE},
	{"shmget-eacces", shmget_eacces, AS_OTHER},
	{"shmat-eacces", shmat_eacces, AS_OTHER},
	{"msgget-enoent", msgget_enoent, PROBE},
	{"msgget-eexist", msgget_eexist, PROBE},
	{"msgget-eacces", msgget_eacces, AS_OTHER},
	{"msgrcv-enomsg", msgrcv_enomsg, PROBE},
	{"msgrcv-e2big", msgrcv_e2big, PROBE},
	{"msgsnd-eagain", msgsnd_eagain, PROBE},
	{"msgsnd-einval", msgsnd_einval, PROBE},
	{"msgq-rmid", msgq_rmid, HELPER},
	{"semget-enoent", semget_enoent, PROBE},
	{"semget-einval", semget_einval, PROBE},
	{"semop-eagain", semop_eagain, PROBE},
	{"mq-open-enoent", mq_open_enoent, PROBE},
	{"mq-open-eexist", mq_open_eexist, PROBE},
	{"mq-open-eacces", mq_open_eacces, AS_OTHER},
	{"mq-send-eagain", mq_send_eagain, PROBE},
	{"mq-receive-emsgsize", mq_receive_emsgsize, PROBE},
	{"shm-open-enoent", shm_open_enoent, PROBE},
	{"shm-open-eexist", shm_open_eexist, PROBE},
	{"shm-open-eacces", shm_open_eacces, AS_OTHER},
	{"fifo-open-enxio", fifo_open_enxio, PROBE},
	{"mkfifo-eexist", mkfifo_eexist, PROBE},
	{"pipe-write-epipe", pipe_write_epipe, PROBE},
	{"pipe-read-eagain", pipe_read_eagain, PROBE},
	{"unlink-enoent", unlink_enoent, PROBE},
	{"tcp-bind-eaddrinuse", tcp_bind_eaddrinuse, PROBE},
	{"tcp-connect-econnrefused", tcp_connect_econnrefused, PROBE},
	{"tcp-read-econnreset", tcp_read_econnreset, PROBE},
	{"tcp-accept-einval", tcp_accept_einval, PROBE},
	{"udp-send-emsgsize", udp_send_emsgsize, PROBE},
	{"udp-recv-eagain", udp_recv_eagain, PROBE},
	{"udp-listen-eopnotsupp", udp_listen_eopnotsupp, PROBE},
	{"unix-connect-enoent", unix_connect_enoent, PROBE},
	{"unix-connect-econnrefused", unix_connect_econnrefused, PROBE},
	{"unix-bind-eaddrinuse", unix_bind_eaddrinuse, PROBE},
	{"unix-connect-eacces", unix_connect_eacces, AS_OTHER},
	{"socketpair-send-epipe", socketpair_send_epipe, PROBE},
	{"kill-esrch", kill_esrch, PROBE},
	{"kill-einval", kill_einval, PROBE},
	{"mmap-einval", mmap_einval, PROBE},
	{"shmat-existing", shmat_existing, AS_OTHER},
	{"shm-open-existing", shm_open_existing, AS_OTHER},
	{"connect-existing", connect_existing, AS_OTHER},
};

static const struct probe_case *lookup(const char *n)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(cases[i].name, n) == 0)
			return &cases[i];
	fprintf(stderr, "unknown case %s\n", n);
	peer_usage(USAGE);
	return NULL;
}

int main(int argc, char **argv)
{
	char *list = NULL;
	const char *dir = NULL;
	static const struct option opts[] = {
		{"case", required_argument, NULL, 'c'},
		{"key", required_argument, NULL, 'k'},
		{"name", required_argument, NULL, 'n'},
		{"path", required_argument, NULL, 'p'},
		{"dir", required_argument, NULL, 'd'},
		{"uid", required_argument, NULL, 'u'},
		{"gid", required_argument, NULL, 'g'},
		{"pid", required_argument, NULL, 'P'},
		{"timeout", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long_only(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': list = optarg; break;
		case 'k': key = (key_t)parse_long(optarg, INT_MIN, INT_MAX, USAGE); break;
		case 'n': name = optarg; break;
		case 'p': path = optarg; break;
		case 'd': dir = optarg; break;
		case 'u': uid = parse_long(optarg, 0, INT32_MAX, USAGE); break;
		case 'g': gid = parse_long(optarg, 0, INT32_MAX, USAGE); break;
		case 'P': pid = parse_long(optarg, 1, INT32_MAX, USAGE); break;
		case 't': timeout = parse_long(optarg, 1, 86400, USAGE); break;
		default: peer_usage(USAGE);
		}
	}
	if (optind != argc || list == NULL || *list == '\0')
		peer_usage(USAGE);

	/* Check every name before making anything. */
	size_t n = 0;
	const struct probe_case *todo[sizeof cases / sizeof cases[0] * 4];
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (n == sizeof todo / sizeof todo[0]) {
			fprintf(stderr, "too many cases\n");
			peer_usage(USAGE);
		}
		todo[n] = lookup(tok);
		if (todo[n]->kind == AS_OTHER && (uid < 0 || gid < 0)) {
			fprintf(stderr, "case %s needs -uid and -gid\n", tok);
			peer_usage(USAGE);
		}
		if (todo[n]->kind == HELPER && pid == 0) {
			fprintf(stderr, "case %s needs -pid\n", tok);
			peer_usage(USAGE);
		}
		n++;
	}
	/* A write to a pipe or socket with no reader must fail with EPIPE,
	 * not end the prober. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		peer_fail("signal");
	if (dir != NULL && chdir(dir) != 0)
		peer_fail("chdir");

	int status = 0;
	for (size_t i = 0; i < n; i++) {
		probed_call = NULL;
		todo[i]->run();
		cleanup();
		if (todo[i]->kind == HELPER)
			continue;
		if (probed_errno == 0) {
			fprintf(stderr, "%s: %s: succeeded\n", todo[i]->name, probed_call);
			status = PEER_EXIT_FAIL;
			continue;
		}
		printf("%s: %s: %s\n", todo[i]->name, probed_call, errno_name(probed_errno));
	}
	if (fflush(stdout) != 0)
		peer_fail("write");
	return status;
}
