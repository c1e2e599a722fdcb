/*
 * sigqueue_sigval: a signal queued with an int value, read back through a
 * signalfd, as the Go receiver of signals_sigqueue reads it. Linux gives
 * back the 42 sent. qemu-user (7.2 and 10.0.2) converts the sigval of a
 * 64-bit big-endian program's rt_sigqueueinfo as a pointer: the int sits
 * in the high half of that pointer there, and the value read back is 0.
 *
 * Exit 0 when the value comes back, 1 when it does not.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <unistd.h>

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0) {
		perror("sigprocmask");
		return 1;
	}
	int fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (fd < 0) {
		perror("signalfd");
		return 1;
	}
	union sigval v = {.sival_int = 42};
	if (sigqueue(getpid(), SIGUSR1, v) < 0) {
		perror("sigqueue");
		return 1;
	}
	struct signalfd_siginfo si;
	ssize_t n = read(fd, &si, sizeof si);
	if (n != (ssize_t)sizeof si) {
		perror("read");
		return 1;
	}
	close(fd);
	printf("sigqueue(SIGUSR1, 42): signalfd gives value %d\n", si.ssi_int);
	return si.ssi_int == 42 ? 0 : 1;
}
