// Package sysv wraps the System V IPC calls that golang.org/x/sys/unix
// leaves out: message queues (msgget, msgsnd, msgrcv, msgctl) and
// semaphores. It calls the kernel directly, as x/sys would, through the
// per-call system call numbers that every Linux architecture Go supports
// has had since Linux 5.1 (before that, 386, arm's OABI, mips o32, ppc,
// and s390x reached them only through the ipc multiplexer).
//
// Errors are the bare unix.Errno the kernel returned, so that callers
// report them as their C peers do ("msgrcv: ENOMSG").
package sysv
