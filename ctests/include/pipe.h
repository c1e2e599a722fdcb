/*
 * pipe.h: the simplex pipe of document 002 ("One-way Child/Parent
 * Communication Using a Simplex Pipe"): the child writes PIPE_MESSAGE with
 * its NUL, PIPE_MESSAGE_BYTES bytes, and the parent reads it into a buffer
 * of PIPE_READ_BYTES, until end of file.
 *
 * pipe_print_status says how a child ended, in the words the Go sides use;
 * pipe_wait_child waits for one, bounded.
 */
#ifndef IPCCONFORM_PIPE_H
#define IPCCONFORM_PIPE_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define PIPE_MESSAGE "message for parent"
#define PIPE_MESSAGE_BYTES 19 /* write(fd[1], m, 19): the string and its NUL */
#define PIPE_READ_BYTES 100   /* char y[100] */
#define PIPE_MAX_BYTES 65536  /* a child that writes more is broken: the parent stops reading */

_Static_assert(sizeof PIPE_MESSAGE == PIPE_MESSAGE_BYTES, "PIPE_MESSAGE_BYTES");

/* pipe_print_status prints "<who> exited with status N" or "<who> killed
 * by SIGNAME" for a wait status. */
static inline void pipe_print_status(const char *who, int status)
{
	if (WIFSIGNALED(status)) {
		const char *abbrev = sigabbrev_np(WTERMSIG(status));
		if (abbrev != NULL)
			printf("%s killed by SIG%s\n", who, abbrev);
		else
			printf("%s killed by signal %d\n", who, WTERMSIG(status));
	} else {
		printf("%s exited with status %d\n", who, WEXITSTATUS(status));
	}
}

/* pipe_wait_child waits up to timeout seconds for child pid to end and
 * stores its wait status. It returns 0, or -1 with errno set: ETIMEDOUT if
 * the child is still running. waitpid has no timeout, so it polls with
 * WNOHANG, backing off from 1 to 50 ms. */
static inline int pipe_wait_child(pid_t pid, long timeout, int *status)
{
	struct timespec start, now;
	if (clock_gettime(CLOCK_MONOTONIC, &start) != 0)
		return -1;
	long delay_ms = 1;
	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);
		if (got == pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -1;
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
			return -1;
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >= timeout * 1000) {
			errno = ETIMEDOUT;
			return -1;
		}
		struct timespec pause = {.tv_nsec = delay_ms * 1000000};
		nanosleep(&pause, NULL);
		if (delay_ms < 50)
			delay_ms *= 2;
	}
}

#endif
