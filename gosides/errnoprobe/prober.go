package errnoprobe

import (
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/gosides/mq"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/posixshm"
	"github.com/ipcconform/ipcconform/gosides/sysv"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "errno_prober -case name[,name...] [-key k] [-name /name] [-path socket] [-dir dir] " +
	"[-uid n -gid n] [-pid n] [-timeout seconds]"

var (
	key     int
	ipcName string
	path    string
	uid     = -1
	gid     = -1
	pid     int
	timeout time.Duration
)

// What the running case made: cleanup removes it on every path.
var (
	shmid, msqid, semid, mqd           = -1, -1, -1, -1
	mqMade, shmMade, fifoMade, dirMade bool
	sockMade                           string
)

// errnoName names errnos for Main: Name, or a fixture's broken naming.
var errnoName = Name

// report prints a failed call as "call: ENAME" on stderr.
func report(call string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %s\n", call, errnoName(err))
}

func cleanup() {
	if shmid >= 0 {
		if _, err := unix.SysvShmCtl(shmid, unix.IPC_RMID, nil); err != nil {
			report("shmctl", err)
		}
	}
	if msqid >= 0 {
		if err := sysv.MsgctlRemove(msqid); err != nil {
			report("msgctl", err)
		}
	}
	if semid >= 0 {
		if err := sysv.SemRemove(semid); err != nil {
			report("semctl", err)
		}
	}
	if mqd >= 0 {
		if err := unix.Close(mqd); err != nil {
			report("mq_close", err)
		}
	}
	if mqMade {
		if err := mq.Unlink(ipcName); err != nil {
			report("mq_unlink", err)
		}
	}
	if shmMade {
		if err := posixshm.Unlink(ipcName); err != nil {
			report("shm_unlink", err)
		}
	}
	if fifoMade {
		if err := unix.Unlink(wire.ErrnoParityFifo); err != nil {
			report("unlink", err)
		}
	}
	if sockMade != "" {
		if err := unix.Unlink(sockMade); err != nil {
			report("unlink", err)
		}
	}
	if dirMade {
		if err := unix.Rmdir(wire.ErrnoParityPrivate); err != nil {
			report("rmdir", err)
		}
	}
	shmid, msqid, semid, mqd = -1, -1, -1, -1
	mqMade, shmMade, fifoMade, dirMade = false, false, false, false
	sockMade = ""
}

// setupFail reports a call the case needed, removes what it made, and
// exits 1.
func setupFail(call string, err error) {
	report(call, err)
	cleanup()
	os.Exit(peer.ExitFail)
}

// The probed call of the running case: its name, and its error (nil when
// it succeeded).
var (
	probedCall string
	probedErr  error
)

func probe(call string, err error) {
	probedCall, probedErr = call, err
}

// Another user's identity around a probed call (-uid, -gid).
var self *Identity

func becomeOther() {
	var err error
	if self, err = BecomeOther(uid, gid); err != nil {
		setupFail(Call(err, "setresuid"), err)
	}
}

func becomeSelf() {
	if err := self.Restore(); err != nil {
		setupFail(Call(err, "setresuid"), err)
	}
}

// ---- SysV shared memory ----

func makeSegment() {
	var err error
	if shmid, err = unix.SysvShmGet(key, wire.ErrnoParityShmBytes, unix.IPC_CREAT|unix.IPC_EXCL|0o600); err != nil {
		setupFail("shmget", err)
	}
}

func shmgetEexist() {
	makeSegment()
	_, err := unix.SysvShmGet(key, wire.ErrnoParityShmBytes, unix.IPC_CREAT|unix.IPC_EXCL|0o600)
	probe("shmget", err)
}

func shmgetEnoent() {
	_, err := unix.SysvShmGet(key, wire.ErrnoParityShmBytes, 0o600)
	probe("shmget", err)
}

// A key's segment is smaller than the size asked for.
func shmgetEinvalSize() {
	makeSegment()
	_, err := unix.SysvShmGet(key, 64*wire.ErrnoParityShmBytes, 0o600)
	probe("shmget", err)
}

// A new segment of 0 bytes is below SHMMIN (1).
func shmgetEinvalZero() {
	id, err := unix.SysvShmGet(key, 0, unix.IPC_CREAT|unix.IPC_EXCL|0o600)
	probe("shmget", err)
	if err == nil {
		shmid = id
	}
}

func shmatEinval() {
	_, err := unix.SysvShmAttach(-1, 0, 0)
	probe("shmat", err)
}

func shmgetEacces() {
	makeSegment()
	becomeOther()
	_, err := unix.SysvShmGet(key, 0, 0o600)
	probe("shmget", err)
	becomeSelf()
}

func shmatEacces() {
	makeSegment()
	becomeOther()
	mem, err := unix.SysvShmAttach(shmid, 0, 0)
	probe("shmat", err)
	becomeSelf()
	if err == nil {
		if err := unix.SysvShmDetach(mem); err != nil {
			setupFail("shmdt", err)
		}
	}
}

// ---- SysV message queues ----

func makeQueue() {
	var err error
	if msqid, err = sysv.Msgget(key, unix.IPC_CREAT|unix.IPC_EXCL|0o600); err != nil {
		setupFail("msgget", err)
	}
}

func msggetEnoent() {
	_, err := sysv.Msgget(key, 0o600)
	probe("msgget", err)
}

func msggetEexist() {
	makeQueue()
	_, err := sysv.Msgget(key, unix.IPC_CREAT|unix.IPC_EXCL|0o600)
	probe("msgget", err)
}

func msggetEacces() {
	makeQueue()
	becomeOther()
	_, err := sysv.Msgget(key, 0o600)
	probe("msgget", err)
	becomeSelf()
}

func msgrcvEnomsg() {
	makeQueue()
	_, _, err := sysv.Msgrcv(msqid, make([]byte, wire.ErrnoParitySmall), 0, unix.IPC_NOWAIT)
	probe("msgrcv", err)
}

func msgrcvE2big() {
	makeQueue()
	big := []byte(strings.Repeat("x", wire.ErrnoParityBig))
	if err := sysv.Msgsnd(msqid, 1, big, unix.IPC_NOWAIT); err != nil {
		setupFail("msgsnd", err)
	}
	_, _, err := sysv.Msgrcv(msqid, make([]byte, wire.ErrnoParitySmall), 0, unix.IPC_NOWAIT)
	probe("msgrcv", err)
}

// Messages go on until the queue's msg_qbytes are used up.
func msgsndEagain() {
	makeQueue()
	text := make([]byte, wire.ErrnoParityMsgBytes)
	var err error
	for i := 0; i < wire.ErrnoParityMsgLimit && err == nil; i++ {
		err = sysv.Msgsnd(msqid, 1, text, unix.IPC_NOWAIT)
	}
	probe("msgsnd", err)
}

// A message's type must be positive.
func msgsndEinval() {
	makeQueue()
	err := sysv.Msgsnd(msqid, 0, make([]byte, wire.ErrnoParitySmall), unix.IPC_NOWAIT)
	probe("msgsnd", err)
}

// blockedInMsgrcv reports whether a thread of process pid sleeps in the
// kernel's msgrcv.
func blockedInMsgrcv() bool {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		setupFail("opendir", err)
	}
	for _, t := range tasks {
		wchan, err := os.ReadFile(dir + "/" + t.Name() + "/wchan")
		if err != nil { // the thread may have ended
			continue
		}
		if string(wchan) == "do_msgrcv" {
			return true
		}
	}
	return false
}

// msgq-rmid is no failing call: it removes the queue under key once
// process -pid is blocked in msgrcv on it, so that msgrcv fails there with
// EIDRM (removed earlier, it would fail with EINVAL instead).
func msgqRmid() {
	start := time.Now()
	for !blockedInMsgrcv() {
		if time.Since(start) >= timeout {
			fmt.Fprintf(os.Stderr, "timeout: process %d not blocked in msgrcv after %d s\n", pid, timeout/time.Second)
			os.Exit(peer.ExitFail)
		}
		time.Sleep(time.Millisecond)
	}
	id, err := sysv.Msgget(key, 0)
	if err != nil {
		setupFail("msgget", err)
	}
	if err := sysv.MsgctlRemove(id); err != nil {
		setupFail("msgctl", err)
	}
}

// ---- SysV semaphores ----

func makeSemaphore() {
	var err error
	if semid, err = sysv.Semget(key, 1, unix.IPC_CREAT|unix.IPC_EXCL|0o600); err != nil {
		setupFail("semget", err)
	}
}

func semgetEnoent() {
	_, err := sysv.Semget(key, 1, 0o600)
	probe("semget", err)
}

// A key's set has fewer semaphores than asked for.
func semgetEinval() {
	makeSemaphore()
	_, err := sysv.Semget(key, 2, 0o600)
	probe("semget", err)
}

// A new set's semaphore is 0: taking one would wait.
func semopEagain() {
	makeSemaphore()
	err := sysv.Semop(semid, []sysv.Sembuf{{Num: 0, Op: -1, Flg: unix.IPC_NOWAIT}})
	probe("semop", err)
}

// ---- POSIX message queues ----

func newAttr() *mq.Attr {
	return &mq.Attr{Maxmsg: 1, Msgsize: wire.ErrnoParitySmall}
}

func makeMq(flags int) {
	var err error
	if mqd, err = mq.Open(ipcName, flags|unix.O_CREAT|unix.O_EXCL, 0o600, newAttr()); err != nil {
		setupFail("mq_open", err)
	}
	mqMade = true
}

func mqOpenEnoent() {
	q, err := mq.Open(ipcName, unix.O_RDONLY, 0, nil)
	probe("mq_open", err)
	if err == nil {
		unix.Close(q)
	}
}

func mqOpenEexist() {
	makeMq(unix.O_RDONLY)
	q, err := mq.Open(ipcName, unix.O_RDONLY|unix.O_CREAT|unix.O_EXCL, 0o600, newAttr())
	probe("mq_open", err)
	if err == nil {
		unix.Close(q)
	}
}

func mqOpenEacces() {
	makeMq(unix.O_RDONLY)
	becomeOther()
	q, err := mq.Open(ipcName, unix.O_RDONLY, 0, nil)
	probe("mq_open", err)
	becomeSelf()
	if err == nil {
		unix.Close(q)
	}
}

// A queue of one message is full after one send; with O_NONBLOCK the
// second fails at once.
func mqSendEagain() {
	makeMq(unix.O_WRONLY | unix.O_NONBLOCK)
	msg := make([]byte, wire.ErrnoParitySmall)
	msg[0] = 'x'
	deadline := time.Now().Add(timeout)
	if err := mq.Timedsend(mqd, msg, 0, deadline); err != nil {
		setupFail("mq_timedsend", err)
	}
	probe("mq_timedsend", mq.Timedsend(mqd, msg, 0, deadline))
}

// A receive buffer must hold the queue's mq_msgsize.
func mqReceiveEmsgsize() {
	makeMq(unix.O_RDONLY | unix.O_NONBLOCK)
	_, _, err := mq.Timedreceive(mqd, make([]byte, wire.ErrnoParitySmall-1), time.Now().Add(timeout))
	probe("mq_timedreceive", err)
}

// ---- POSIX shared memory ----

func makeShm() {
	fd, err := posixshm.Open(ipcName, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL, 0o600)
	if err != nil {
		setupFail("shm_open", err)
	}
	shmMade = true
	if err := unix.Close(fd); err != nil {
		setupFail("close", err)
	}
}

// probeShmOpen probes shm_open(name, flags) and closes what it opened.
func probeShmOpen(flags int) {
	fd, err := posixshm.Open(ipcName, flags, 0o600)
	probe("shm_open", err)
	if err == nil {
		unix.Close(fd)
	}
}

func shmOpenEnoent() { probeShmOpen(unix.O_RDWR) }

func shmOpenEexist() {
	makeShm()
	probeShmOpen(unix.O_RDWR | unix.O_CREAT | unix.O_EXCL)
}

func shmOpenEacces() {
	makeShm()
	becomeOther()
	fd, err := posixshm.Open(ipcName, unix.O_RDWR, 0)
	probe("shm_open", err)
	becomeSelf()
	if err == nil {
		unix.Close(fd)
	}
}

// ---- FIFOs, pipes, files ----

func makeFifo() {
	if err := unix.Mkfifo(wire.ErrnoParityFifo, 0o600); err != nil {
		setupFail("mkfifo", err)
	}
	fifoMade = true
}

// A FIFO opened for writing, without waiting, while no one reads it.
func fifoOpenEnxio() {
	makeFifo()
	fd, err := unix.Open(wire.ErrnoParityFifo, unix.O_WRONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	probe("open", err)
	if err == nil {
		unix.Close(fd)
	}
}

func mkfifoEexist() {
	makeFifo()
	probe("mkfifo", unix.Mkfifo(wire.ErrnoParityFifo, 0o600))
}

func pipeWriteEpipe() {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		setupFail("pipe", err)
	}
	if err := unix.Close(p[0]); err != nil {
		setupFail("close", err)
	}
	_, err := unix.Write(p[1], []byte("x"))
	probe("write", err)
	unix.Close(p[1])
}

func pipeReadEagain() {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		setupFail("pipe", err)
	}
	_, err := unix.Read(p[0], make([]byte, 1))
	probe("read", err)
	unix.Close(p[0])
	unix.Close(p[1])
}

func unlinkEnoent() {
	probe("unlink", unix.Unlink(wire.ErrnoParityAbsent))
}

// ---- TCP and UDP on loopback ----

func loopback(port int) *unix.SockaddrInet4 {
	return &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}
}

func newSocket(domain, typ int) int {
	fd, err := unix.Socket(domain, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		setupFail("socket", err)
	}
	return fd
}

// inetSocket returns a socket of typ bound to a free loopback port
// (listening if asked), and that port.
func inetSocket(typ int, listening bool) (int, int) {
	fd := newSocket(unix.AF_INET, typ)
	if err := unix.Bind(fd, loopback(0)); err != nil {
		setupFail("bind", err)
	}
	if listening {
		if err := unix.Listen(fd, 1); err != nil {
			setupFail("listen", err)
		}
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		setupFail("getsockname", err)
	}
	return fd, sa.(*unix.SockaddrInet4).Port
}

// The port is held by a listening socket; no SO_REUSEADDR would help.
func tcpBindEaddrinuse() {
	held, port := inetSocket(unix.SOCK_STREAM, true)
	fd := newSocket(unix.AF_INET, unix.SOCK_STREAM)
	probe("bind", unix.Bind(fd, loopback(port)))
	unix.Close(fd)
	unix.Close(held)
}

// The port is bound, so no one else can listen on it, but not listening.
func tcpConnectEconnrefused() {
	held, port := inetSocket(unix.SOCK_STREAM, false)
	fd := newSocket(unix.AF_INET, unix.SOCK_STREAM)
	probe("connect", unix.Connect(fd, loopback(port)))
	unix.Close(fd)
	unix.Close(held)
}

// The accepted end closes with a zero linger time: it sends a reset
// instead of an end of file.
func tcpReadEconnreset() {
	lfd, port := inetSocket(unix.SOCK_STREAM, true)
	fd := newSocket(unix.AF_INET, unix.SOCK_STREAM)
	if err := unix.Connect(fd, loopback(port)); err != nil {
		setupFail("connect", err)
	}
	afd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
	if err != nil {
		setupFail("accept", err)
	}
	if err := unix.SetsockoptLinger(afd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0}); err != nil {
		setupFail("setsockopt", err)
	}
	if err := unix.Close(afd); err != nil {
		setupFail("close", err)
	}
	_, err = unix.Read(fd, make([]byte, 1))
	probe("read", err)
	unix.Close(fd)
	unix.Close(lfd)
}

func tcpAcceptEinval() {
	fd, _ := inetSocket(unix.SOCK_STREAM, false)
	afd, _, err := unix.Accept4(fd, unix.SOCK_CLOEXEC)
	probe("accept", err)
	if err == nil {
		unix.Close(afd)
	}
	unix.Close(fd)
}

func udpSendEmsgsize() {
	fd, port := inetSocket(unix.SOCK_DGRAM, false)
	probe("sendto", unix.Sendto(fd, make([]byte, wire.ErrnoParityUDPTooBig), 0, loopback(port)))
	unix.Close(fd)
}

func udpRecvEagain() {
	fd, _ := inetSocket(unix.SOCK_DGRAM, false)
	_, _, err := unix.Recvfrom(fd, make([]byte, 1), unix.MSG_DONTWAIT)
	probe("recvfrom", err)
	unix.Close(fd)
}

func udpListenEopnotsupp() {
	fd := newSocket(unix.AF_INET, unix.SOCK_DGRAM)
	probe("listen", unix.Listen(fd, 1))
	unix.Close(fd)
}

// ---- Unix-domain sockets ----

// unixAddr refuses a path that, with its NUL, does not fit sun_path.
func unixAddr(p string) *unix.SockaddrUnix {
	if len(p) >= len(unix.RawSockaddrUnix{}.Path) {
		setupFail("bind", unix.ENAMETOOLONG)
	}
	return &unix.SockaddrUnix{Name: p}
}

// unixBound returns a stream socket bound to p (listening if asked).
func unixBound(p string, listening bool) int {
	fd := newSocket(unix.AF_UNIX, unix.SOCK_STREAM)
	if err := unix.Bind(fd, unixAddr(p)); err != nil {
		setupFail("bind", err)
	}
	sockMade = p
	if listening {
		if err := unix.Listen(fd, 1); err != nil {
			setupFail("listen", err)
		}
	}
	return fd
}

func probeUnixConnect(p string) {
	fd := newSocket(unix.AF_UNIX, unix.SOCK_STREAM)
	probe("connect", unix.Connect(fd, unixAddr(p)))
	unix.Close(fd)
}

func unixConnectEnoent() { probeUnixConnect(wire.ErrnoParityAbsent) }

// The path is a bound socket that does not listen.
func unixConnectEconnrefused() {
	held := unixBound(wire.ErrnoParitySock, false)
	probeUnixConnect(wire.ErrnoParitySock)
	unix.Close(held)
}

func unixBindEaddrinuse() {
	held := unixBound(wire.ErrnoParitySock, true)
	fd := newSocket(unix.AF_UNIX, unix.SOCK_STREAM)
	probe("bind", unix.Bind(fd, unixAddr(wire.ErrnoParitySock)))
	unix.Close(fd)
	unix.Close(held)
}

// A listening socket in a directory only its owner may search.
func unixConnectEacces() {
	if err := unix.Mkdir(wire.ErrnoParityPrivate, 0o700); err != nil {
		setupFail("mkdir", err)
	}
	dirMade = true
	if err := unix.Chmod(wire.ErrnoParityPrivate, 0o700); err != nil { // whatever the umask
		setupFail("chmod", err)
	}
	p := wire.ErrnoParityPrivate + "/" + wire.ErrnoParitySock
	held := unixBound(p, true)
	fd := newSocket(unix.AF_UNIX, unix.SOCK_STREAM)
	sa := unixAddr(p)
	becomeOther()
	probe("connect", unix.Connect(fd, sa))
	becomeSelf()
	unix.Close(fd)
	unix.Close(held)
}

func socketpairSendEpipe() {
	sv, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		setupFail("socketpair", err)
	}
	if err := unix.Close(sv[1]); err != nil {
		setupFail("close", err)
	}
	probe("send", unix.Sendto(sv[0], []byte("x"), 0, nil))
	unix.Close(sv[0])
}

// ---- Signals and memory ----

// No process has a pid above PID_MAX_LIMIT (4194304).
func killEsrch() {
	probe("kill", unix.Kill(math.MaxInt32, 0))
}

func killEinval() {
	probe("kill", unix.Kill(os.Getpid(), unix.Signal(1000)))
}

func mmapEinval() {
	mem, err := unix.Mmap(-1, 0, 0, unix.PROT_READ, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	probe("mmap", err)
	if err == nil {
		unix.Munmap(mem)
	}
}

// ---- Objects another peer made (-key, -name, -path), for another uid ----

func shmatExisting() {
	becomeOther()
	id, err := unix.SysvShmGet(key, 0, 0)
	probe("shmget", err)
	var mem []byte
	if err == nil {
		mem, err = unix.SysvShmAttach(id, 0, 0)
		probe("shmat", err)
	}
	becomeSelf()
	if mem != nil {
		if err := unix.SysvShmDetach(mem); err != nil {
			setupFail("shmdt", err)
		}
	}
}

// Read only, as document 001's consumer opens it: reading another user's
// data is what 0600 prevents.
func shmOpenExisting() {
	becomeOther()
	fd, err := posixshm.Open(ipcName, unix.O_RDONLY, 0)
	probe("shm_open", err)
	becomeSelf()
	if err == nil {
		unix.Close(fd)
	}
}

func connectExisting() {
	fd := newSocket(unix.AF_UNIX, unix.SOCK_STREAM)
	sa := unixAddr(path)
	becomeOther()
	probe("connect", unix.Connect(fd, sa))
	becomeSelf()
	unix.Close(fd)
}

type kind int

const (
	probeKind kind = iota
	helperKind
	asOtherKind // needs -uid and -gid; a helper prints nothing
)

type probeCase struct {
	name string
	run  func()
	kind kind
}

var cases = []probeCase{
	{"shmget-eexist", shmgetEexist, probeKind},
	{"shmget-enoent", shmgetEnoent, probeKind},
	{"shmget-einval-size", shmgetEinvalSize, probeKind},
	{"shmget-einval-zero", shmgetEinvalZero, probeKind},
	{"shmat-einval", shmatEinval, probeKind},
	{"shmget-eacces", shmgetEacces, asOtherKind},
	{"shmat-eacces", shmatEacces, asOtherKind},
	{"msgget-enoent", msggetEnoent, probeKind},
	{"msgget-eexist", msggetEexist, probeKind},
	{"msgget-eacces", msggetEacces, asOtherKind},
	{"msgrcv-enomsg", msgrcvEnomsg, probeKind},
	{"msgrcv-e2big", msgrcvE2big, probeKind},
	{"msgsnd-eagain", msgsndEagain, probeKind},
	{"msgsnd-einval", msgsndEinval, probeKind},
	{"msgq-rmid", msgqRmid, helperKind},
	{"semget-enoent", semgetEnoent, probeKind},
	{"semget-einval", semgetEinval, probeKind},
	{"semop-eagain", semopEagain, probeKind},
	{"mq-open-enoent", mqOpenEnoent, probeKind},
	{"mq-open-eexist", mqOpenEexist, probeKind},
	{"mq-open-eacces", mqOpenEacces, asOtherKind},
	{"mq-send-eagain", mqSendEagain, probeKind},
	{"mq-receive-emsgsize", mqReceiveEmsgsize, probeKind},
	{"shm-open-enoent", shmOpenEnoent, probeKind},
	{"shm-open-eexist", shmOpenEexist, probeKind},
	{"shm-open-eacces", shmOpenEacces, asOtherKind},
	{"fifo-open-enxio", fifoOpenEnxio, probeKind},
	{"mkfifo-eexist", mkfifoEexist, probeKind},
	{"pipe-write-epipe", pipeWriteEpipe, probeKind},
	{"pipe-read-eagain", pipeReadEagain, probeKind},
	{"unlink-enoent", unlinkEnoent, probeKind},
	{"tcp-bind-eaddrinuse", tcpBindEaddrinuse, probeKind},
	{"tcp-connect-econnrefused", tcpConnectEconnrefused, probeKind},
	{"tcp-read-econnreset", tcpReadEconnreset, probeKind},
	{"tcp-accept-einval", tcpAcceptEinval, probeKind},
	{"udp-send-emsgsize", udpSendEmsgsize, probeKind},
	{"udp-recv-eagain", udpRecvEagain, probeKind},
	{"udp-listen-eopnotsupp", udpListenEopnotsupp, probeKind},
	{"unix-connect-enoent", unixConnectEnoent, probeKind},
	{"unix-connect-econnrefused", unixConnectEconnrefused, probeKind},
	{"unix-bind-eaddrinuse", unixBindEaddrinuse, probeKind},
	{"unix-connect-eacces", unixConnectEacces, asOtherKind},
	{"socketpair-send-epipe", socketpairSendEpipe, probeKind},
	{"kill-esrch", killEsrch, probeKind},
	{"kill-einval", killEinval, probeKind},
	{"mmap-einval", mmapEinval, probeKind},
	{"shmat-existing", shmatExisting, asOtherKind},
	{"shm-open-existing", shmOpenExisting, asOtherKind},
	{"connect-existing", connectExisting, asOtherKind},
}

// Main is errno_prober: it parses the command line, runs the cases it
// names and exits, naming each errno with naming.
//
// With -uid and -gid the probed call runs as that user, around the call
// alone, as in C (see BecomeOther): Go's setresuid and setgroups change
// every thread, so no child process is needed.
//
// Where a Go call differs from C's underneath, the errno is still the
// kernel's: unix.SysvShmAttach asks shmctl(IPC_STAT) for the size before
// it calls shmat, so shmat-einval and shmat-eacces fail there (with the
// same errno, since IPC_STAT needs read permission as shmat does); and
// unix.Mmap refuses a length of 0 with EINVAL itself, as the kernel does.
func Main(naming func(error) string) {
	errnoName = naming
	fs := peer.Flags(usage)
	list := fs.String("case", "", "cases to probe, comma separated")
	keyFlag := fs.Int64("key", wire.ErrnoParityKey, "SysV IPC key")
	fs.StringVar(&ipcName, "name", wire.ErrnoParityName, "POSIX IPC name")
	fs.StringVar(&path, "path", wire.ErrnoParitySock, "socket of connect-existing")
	dir := fs.String("dir", "", "directory to work in")
	uidFlag := fs.Int64("uid", -1, "user to make the probed call as")
	gidFlag := fs.Int64("gid", -1, "group to make the probed call as")
	pidFlag := fs.Int64("pid", 0, "process msgq-rmid waits for")
	timeoutFlag := fs.Int64("timeout", 10, "seconds any wait may last")
	peer.Parse(fs)
	peer.Range(fs, "key", *keyFlag, math.MinInt32, math.MaxInt32)
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "uid":
			peer.Range(fs, "uid", *uidFlag, 0, math.MaxInt32)
		case "gid":
			peer.Range(fs, "gid", *gidFlag, 0, math.MaxInt32)
		case "pid":
			peer.Range(fs, "pid", *pidFlag, 1, math.MaxInt32)
		}
	})
	peer.Range(fs, "timeout", *timeoutFlag, 1, 86400)
	key, uid, gid, pid = int(*keyFlag), int(*uidFlag), int(*gidFlag), int(*pidFlag)
	timeout = time.Duration(*timeoutFlag) * time.Second
	if *list == "" {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}

	// Check every name before making anything.
	var todo []*probeCase
	for _, tok := range strings.FieldsFunc(*list, func(r rune) bool { return r == ',' }) {
		if len(todo) == 4*len(cases) {
			peer.Usage(fs, "too many cases")
		}
		c := lookup(fs, tok)
		if c.kind == asOtherKind && (uid < 0 || gid < 0) {
			peer.Usage(fs, "case %s needs -uid and -gid", tok)
		}
		if c.kind == helperKind && pid == 0 {
			peer.Usage(fs, "case %s needs -pid", tok)
		}
		todo = append(todo, c)
	}
	// A write to a pipe or socket with no reader must fail with EPIPE,
	// not end the prober.
	signal.Ignore(unix.SIGPIPE)
	if *dir != "" {
		if err := unix.Chdir(*dir); err != nil {
			report("chdir", err)
			os.Exit(peer.ExitFail)
		}
	}

	status := 0
	for _, c := range todo {
		probedCall, probedErr = "", nil
		c.run()
		cleanup()
		if c.kind == helperKind {
			continue
		}
		if probedErr == nil {
			fmt.Fprintf(os.Stderr, "%s: %s: succeeded\n", c.name, probedCall)
			status = peer.ExitFail
			continue
		}
		fmt.Printf("%s: %s: %s\n", c.name, probedCall, errnoName(probedErr))
	}
	os.Exit(status)
}

func lookup(fs *flag.FlagSet, n string) *probeCase {
	for i := range cases {
		if cases[i].name == n {
			return &cases[i]
		}
	}
	peer.Usage(fs, "unknown case %s", n)
	return nil
}
