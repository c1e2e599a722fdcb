/*
 * probe.c: what the layout check reads from the C side beyond
 * ctests/include. harness/layout compiles it once per architecture with the
 * target's C compiler (-g -c, never linked or run), after including every
 * ctests/include/<name>.h and defining an ipcc_const_* global for each of their
 * constants, and reads the object's DWARF and symbols:
 *
 *   IPCC_STRUCT(name)   a system struct that peers exchange; its Go mirror
 *                       is named in harness/layout's table of x/sys types.
 *   IPCC_CONST(NAME)    a system constant that C and Go peers both use; its
 *                       Go mirror is golang.org/x/sys/unix.NAME, or NAME in
 *                       a gosides library package where x/sys lacks it.
 *   IPCC_TYPE(go, c)    a C integer type that crosses the boundary; its Go
 *                       mirror is gosides/wire.<go>.
 *
 * The values come from const globals (read through the symbol table) so
 * that each keeps the C type of its macro; alignments from _Alignof.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define IPCC_STRUCT(name) \
	const unsigned ipcc_align_##name = _Alignof(struct name); \
	struct name ipcc_use_##name;
#define IPCC_CONST(name) const __typeof__(name) ipcc_const_##name = name;
#define IPCC_TYPE(goname, ctype) ctype ipcc_type_##goname;

IPCC_STRUCT(sockaddr_in)
IPCC_STRUCT(shmid_ds)
IPCC_STRUCT(ipc_perm)

/* System V IPC */
IPCC_CONST(IPC_CREAT)
IPCC_CONST(IPC_EXCL)
IPCC_CONST(IPC_NOWAIT)
IPCC_CONST(IPC_PRIVATE)
IPCC_CONST(IPC_RMID)
IPCC_CONST(IPC_SET)
IPCC_CONST(IPC_STAT)
IPCC_CONST(MSG_NOERROR)
IPCC_CONST(SHM_RDONLY)
IPCC_CONST(SHM_RND)
IPCC_CONST(SEM_UNDO)
IPCC_CONST(GETVAL)
IPCC_CONST(SETVAL)

/* signals */
IPCC_CONST(SIGALRM)
IPCC_CONST(SIGCHLD)
IPCC_CONST(SIGHUP)
IPCC_CONST(SIGINT)
IPCC_CONST(SIGKILL)
IPCC_CONST(SIGPIPE)
IPCC_CONST(SIGTERM)
IPCC_CONST(SIGUSR1)
IPCC_CONST(SIGUSR2)
IPCC_CONST(SIG_BLOCK)
IPCC_CONST(SA_NOCLDSTOP)
IPCC_CONST(SA_RESTART)
IPCC_CONST(WNOHANG)

/* sockets */
IPCC_CONST(AF_INET)
IPCC_CONST(AF_UNIX)
IPCC_CONST(SOCK_STREAM)
IPCC_CONST(SOCK_DGRAM)
IPCC_CONST(SOCK_NONBLOCK)
IPCC_CONST(SOCK_CLOEXEC)
IPCC_CONST(SOL_SOCKET)
IPCC_CONST(SO_REUSEADDR)
IPCC_CONST(SOMAXCONN)
IPCC_CONST(MSG_DONTWAIT)
IPCC_CONST(MSG_PEEK)
IPCC_CONST(MSG_TRUNC)
IPCC_CONST(MSG_WAITALL)
IPCC_CONST(SHUT_RD)
IPCC_CONST(SHUT_WR)
IPCC_CONST(INADDR_LOOPBACK)

/* files, pipes and mappings */
IPCC_CONST(O_CLOEXEC)
IPCC_CONST(O_CREAT)
IPCC_CONST(O_EXCL)
IPCC_CONST(O_NONBLOCK)
IPCC_CONST(O_RDONLY)
IPCC_CONST(O_RDWR)
IPCC_CONST(O_TRUNC)
IPCC_CONST(O_WRONLY)
IPCC_CONST(F_GETFL)
IPCC_CONST(F_SETFL)
IPCC_CONST(SEEK_SET)
IPCC_CONST(PIPE_BUF)
IPCC_CONST(MAP_PRIVATE)
IPCC_CONST(MAP_SHARED)
IPCC_CONST(PROT_READ)
IPCC_CONST(PROT_WRITE)
IPCC_CONST(MS_ASYNC)
IPCC_CONST(MS_SYNC)

/* errno values */
IPCC_CONST(E2BIG)
IPCC_CONST(EACCES)
IPCC_CONST(EADDRINUSE)
IPCC_CONST(EAGAIN)
IPCC_CONST(ECHILD)
IPCC_CONST(ECONNREFUSED)
IPCC_CONST(ECONNRESET)
IPCC_CONST(EEXIST)
IPCC_CONST(EIDRM)
IPCC_CONST(EINTR)
IPCC_CONST(EINVAL)
IPCC_CONST(EMSGSIZE)
IPCC_CONST(ENOENT)
IPCC_CONST(ENOMSG)
IPCC_CONST(ENOSPC)
IPCC_CONST(ENXIO)
IPCC_CONST(EPIPE)
IPCC_CONST(ETIMEDOUT)

/* integer types */
IPCC_TYPE(KeyT, key_t)
IPCC_TYPE(PidT, pid_t)
IPCC_TYPE(UidT, uid_t)
IPCC_TYPE(ModeT, mode_t)
IPCC_TYPE(SizeT, size_t)
IPCC_TYPE(SsizeT, ssize_t)
IPCC_TYPE(Long, long)
IPCC_TYPE(Ulong, unsigned long)
IPCC_TYPE(TimeT, time_t)
IPCC_TYPE(OffT, off_t)
IPCC_TYPE(ShmattT, shmatt_t)
IPCC_TYPE(MsgqnumT, msgqnum_t)
