package layout

// XSysKernelName and XSysGlibcName are the names of the built-in checks of
// golang.org/x/sys/unix.
const (
	XSysKernelName = "xsys-kernel"
	XSysGlibcName  = "xsys-glibc"
)

// kernelProbe lists the kernel UAPI structs that IPC programs pass to
// system calls, which golang.org/x/sys/unix generates with cgo -godefs
// and never checks at run time. Only linux/ and asm/ headers are
// included, so that no glibc declaration stands in for the kernel's.
const kernelProbe = `#include <linux/types.h>
#include <linux/posix_types.h>
#include <linux/time_types.h>
#include <linux/time.h>
#include <linux/uio.h>
#include <linux/poll.h>
#include <linux/eventpoll.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/utsname.h>
#include <linux/signal.h>
#include <asm/ipcbuf.h>
#include <asm/shmbuf.h>

IPCC_STRUCT(ipc64_perm)
IPCC_STRUCT(shmid64_ds)
IPCC_STRUCT(iovec)
IPCC_STRUCT(__kernel_timespec)
IPCC_STRUCT(timespec)
IPCC_STRUCT(__kernel_old_timeval)
IPCC_STRUCT(timeval)
IPCC_STRUCT(pollfd)
IPCC_STRUCT_TYPE(__kernel_fd_set)
IPCC_STRUCT(epoll_event)
IPCC_STRUCT(sockaddr_in)
IPCC_STRUCT(sockaddr_in6)
IPCC_STRUCT(sockaddr_un)
IPCC_STRUCT(new_utsname)
IPCC_STRUCT(siginfo)

IPCC_CONST(POLLIN)
IPCC_CONST(POLLOUT)
IPCC_CONST(POLLHUP)
IPCC_CONST(SIGUSR1)
IPCC_CONST(SIGUSR2)
IPCC_CONST(SIGCHLD)
IPCC_CONST(EPOLL_CTL_ADD)
`

// XSysKernel returns the built-in check of golang.org/x/sys/unix's types
// against the Linux kernel's UAPI headers (Debian's linux-libc-dev, and
// linux-libc-dev-<debarch>-cross under /usr/<triple>/include), compiled
// with -nostdinc. Set Root to a folder of a module that requires
// golang.org/x/sys.
func XSysKernel() Config {
	return Config{
		Name: XSysKernelName,
		// The cross headers, or for the host the multiarch asm/ folder
		// and then linux/ and asm-generic/.
		Include:     []string{"/usr/{triple}/include", "/usr/include/{triple}", "/usr/include"},
		CFlags:      []string{"-nostdinc"},
		ProbeSource: kernelProbe,
		Package:     DefaultSystem,
		// cgo -godefs spells some holes as blank fields and leaves others
		// to Go's alignment; x/sys's structs are passed to the kernel by
		// address, never encoded field by field.
		ImplicitPadding: true,
		Renames: map[string]string{
			"ipc64_perm":                   "SysvIpcPerm",
			"shmid64_ds":                   "SysvShmDesc",
			"shmid64_ds.shm_perm":          "Perm",
			"shmid64_ds.shm_segsz":         "Segsz",
			"shmid64_ds.shm_atime":         "Atime",
			"shmid64_ds.shm_dtime":         "Dtime",
			"shmid64_ds.shm_ctime":         "Ctime",
			"shmid64_ds.shm_cpid":          "Cpid",
			"shmid64_ds.shm_lpid":          "Lpid",
			"shmid64_ds.shm_nattch":        "Nattch",
			"shmid64_ds.shm_atime_high":    "Atime_high",
			"shmid64_ds.shm_dtime_high":    "Dtime_high",
			"shmid64_ds.shm_ctime_high":    "Ctime_high",
			"iovec.iov_base":               "Base",
			"iovec.iov_len":                "Len",
			"__kernel_timespec":            "Timespec",
			"__kernel_timespec.tv_sec":     "Sec",
			"__kernel_timespec.tv_nsec":    "Nsec",
			"timespec.tv_sec":              "Sec",
			"timespec.tv_nsec":             "Nsec",
			"__kernel_old_timeval":         "Timeval",
			"__kernel_old_timeval.tv_sec":  "Sec",
			"__kernel_old_timeval.tv_usec": "Usec",
			"timeval.tv_sec":               "Sec",
			"timeval.tv_usec":              "Usec",
			"__kernel_fd_set":              "FdSet",
			"__kernel_fd_set.fds_bits":     "Bits",
			"sockaddr_in":                  "RawSockaddrInet4",
			"sockaddr_in.sin_family":       "Family",
			"sockaddr_in.sin_port":         "Port",
			"sockaddr_in.sin_addr":         "Addr",
			"sockaddr_in.__pad":            "Zero",
			"sockaddr_in6":                 "RawSockaddrInet6",
			"sockaddr_in6.sin6_family":     "Family",
			"sockaddr_in6.sin6_port":       "Port",
			"sockaddr_in6.sin6_flowinfo":   "Flowinfo",
			"sockaddr_in6.sin6_addr":       "Addr",
			"sockaddr_in6.sin6_scope_id":   "Scope_id",
			"sockaddr_un":                  "RawSockaddrUnix",
			"sockaddr_un.sun_family":       "Family",
			"sockaddr_un.sun_path":         "Path",
			"new_utsname":                  "Utsname",
			"siginfo.si_signo":             "Signo",
			"siginfo.si_errno":             "Errno",
			"siginfo.si_code":              "Code",
		},
		Known: xsysKernelKnown,
		Opaque: map[string]string{
			"sockaddr_in.sin_addr":   "struct in_addr, which x/sys holds as [4]byte in network order",
			"sockaddr_in6.sin6_addr": "struct in6_addr, which x/sys holds as [16]byte",
		},
	}
}

var (
	all32 = []string{"386", "arm", "mips", "mipsle"}
	all64 = []string{"amd64", "arm64", "loong64", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x"}
)

// xsysKernelKnown are the differences between x/sys and the kernel's UAPI
// that are facts of the ABI, not mistakes: each says why it is harmless.
var xsysKernelKnown = []Known{
	{all64, "__kernel_fd_set.fds_bits: have array 16 of signed 8 ([16]int64), want array 16 of unsigned 8 ([16]long unsigned int)",
		"x/sys follows glibc's fd_set, whose __fd_mask is a signed long; the kernel's is unsigned; the same bits either way"},
	{all32, "__kernel_fd_set.fds_bits: have array 32 of signed 4 ([32]int32), want array 32 of unsigned 4 ([32]long unsigned int)",
		"as on 64-bit: glibc's signed __fd_mask against the kernel's unsigned long"},
	{all32, "__kernel_timespec: have size 8, want 16",
		"x/sys's Timespec is linux/time.h's struct timespec (32-bit time, compared without difference) which the syscalls x/sys makes on 32-bit take; __kernel_timespec is the time64 syscalls' (clock_gettime64), which x/sys does not call"},
	{all32, "__kernel_timespec.tv_sec: have size 4, want 8", "as __kernel_timespec"},
	{all32, "__kernel_timespec.tv_nsec: have offset 4, want 8", "as __kernel_timespec"},
	{all32, "__kernel_timespec.tv_nsec: have size 4, want 8", "as __kernel_timespec"},
	{nil, "epoll_event.data: no go field Data",
		"x/sys splits the 64-bit epoll_data into Fd and Pad int32s, where C's union puts data.fd (its first 4 bytes, on either byte order); the kernel hands data back untouched"},
	{nil, "epoll_event: go field Fd has no c field", "as epoll_event.data: Fd is C's data.fd"},
	{nil, "epoll_event: go field Pad has no c field", "as epoll_event.data: Pad is the rest of C's data"},
	{[]string{"arm", "arm64", "mips", "mipsle"}, "epoll_event: go field PadFd has no c field",
		"the hole before the 8-aligned data, which x/sys names; C leaves it unnamed"},
	{[]string{"amd64"}, "epoll_event: have align 4, want 1",
		"x86-64's epoll_event is packed (12 bytes, data at 4); Go aligns the same 12 bytes to 4, which only places it more strictly"},
	{[]string{"arm64", "loong64", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x"}, "epoll_event: have align 4, want 8",
		"x/sys holds the u64 data as two int32s, so Go aligns to 4; offsets and size agree and the kernel copies it without alignment"},
	{all64, "siginfo: have align 4, want 8",
		"x/sys flattens the union of pointers into int32s and bytes, so Go aligns to 4; the kernel writes it with copy_to_user, which needs no alignment, and the offsets agree"},
	{nil, "sockaddr_in: have align 2, want 4",
		"x/sys declares sin_addr as [4]byte, the kernel as struct in_addr (a __be32); the bytes agree, only an enclosing struct could differ"},
}

// glibcProbe lists the structs x/sys mirrors that the kernel's UAPI
// headers do not declare (its msghdr, cmsghdr, ucred and linger are
// internal to the kernel) and the sigset_t x/sys takes from glibc: they
// are compared with glibc's declarations.
const glibcProbe = `#define _GNU_SOURCE
#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>

IPCC_STRUCT(msghdr)
IPCC_STRUCT(cmsghdr)
IPCC_STRUCT(ucred)
IPCC_STRUCT(linger)
IPCC_STRUCT_TYPE(__sigset_t)

IPCC_CONST(SCM_RIGHTS)
IPCC_CONST(SCM_CREDENTIALS)
IPCC_CONST(SO_PASSCRED)
IPCC_CONST(SO_LINGER)
`

// XSysGlibc returns the built-in check of the golang.org/x/sys/unix types
// that the kernel's UAPI headers do not declare, against glibc's headers
// (libc6-dev, libc6-dev-<debarch>-cross). Set Root as for XSysKernel.
func XSysGlibc() Config {
	return Config{
		Name:            XSysGlibcName,
		ProbeSource:     glibcProbe,
		Package:         DefaultSystem,
		ImplicitPadding: true,
		Renames: map[string]string{
			"msghdr.msg_name":       "Name",
			"msghdr.msg_namelen":    "Namelen",
			"msghdr.msg_iov":        "Iov",
			"msghdr.msg_iovlen":     "Iovlen",
			"msghdr.msg_control":    "Control",
			"msghdr.msg_controllen": "Controllen",
			"msghdr.msg_flags":      "Flags",
			"cmsghdr.cmsg_len":      "Len",
			"cmsghdr.cmsg_level":    "Level",
			"cmsghdr.cmsg_type":     "Type",
			"linger.l_onoff":        "Onoff",
			"linger.l_linger":       "Linger",
			"__sigset_t":            "Sigset_t",
			"__sigset_t.__val":      "Val",
		},
	}
}
