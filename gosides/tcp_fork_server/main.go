// Command tcp_fork_server is the Go counterpart of
// ctests/tcp_fork_server.c: the concurrent server of documents 000 and
// 004 with a process per client. Go cannot fork, so the server starts
// each child by re-executing itself (/proc/self/exe, or -self where that
// cannot start it: under qemu-user without binfmt_misc, /proc/self/exe is
// a foreign executable) with the accepted connection as descriptor 3 and
// the hidden flag -serve-fd; the child
// answers every byte in capitals and exits. SIGCHLD, delivered by
// os/signal, reaps the children with unix.Wait4(-1, WNOHANG) in a loop,
// as document 004's proc_exit() does. After -n clients the server waits
// until every child is reaped, counts in /proc the zombies whose parent
// it is, and prints "zombies: 0".
package main

import (
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "tcp_fork_server [-bind addr] [-port n] [-n clients] [-ready file] [-timeout seconds] [-self program]"

// childFd is the descriptor a child finds its connection on.
const childFd = 3

// serve is the child's work: every byte read comes back in capitals (as
// toupper does in the C locale). It returns the child's exit status.
func serve(fd int) int {
	buf := make([]byte, wire.TCPLineMax)
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Error("read", err)
			return peer.ExitFail
		}
		if n == 0 {
			return 0
		}
		for i, b := range buf[:n] {
			if 'a' <= b && b <= 'z' {
				buf[i] = b - 'a' + 'A'
			}
		}
		if err := peer.WriteFull(fd, buf[:n]); err != nil {
			peer.Error("write", err)
			return peer.ExitFail
		}
	}
}

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to listen on")
	port := fs.Int64("port", wire.TCPForkPort, "port (0: any free one)")
	nclients := fs.Int64("n", 1, "clients to serve, then exit")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds to wait for a client or a child")
	self := fs.String("self", "/proc/self/exe", "program to re-execute for each child: this one (under emulation, the command that runs it)")
	serveFd := fs.Int("serve-fd", -1, "") // hidden: run as the child serving this descriptor
	peer.Parse(fs)
	if *serveFd >= 0 {
		status := serve(*serveFd)
		if err := unix.Close(*serveFd); err != nil {
			peer.Fail("close", err)
		}
		os.Exit(status)
	}
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "n", *nclients, 1, 10000)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	addr, err := netip.ParseAddr(*bind)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *bind)
	}
	signal.Ignore(unix.SIGPIPE)

	// The SIGCHLD handler. Go delivers signals on a channel, so the handler
	// is this goroutine; like the C handler it loops, because the SIGCHLDs
	// of children that end together merge into one.
	var reaped, failed atomic.Int64
	progress := make(chan struct{}, 1)
	sigchld := make(chan os.Signal, 1)
	signal.Notify(sigchld, unix.SIGCHLD)
	go func() {
		for range sigchld {
			for {
				var ws unix.WaitStatus
				pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
				if err == unix.EINTR {
					continue
				}
				if err != nil || pid <= 0 {
					break
				}
				reaped.Add(1)
				if !ws.Exited() || ws.ExitStatus() != 0 {
					failed.Add(1)
				}
			}
			select {
			case progress <- struct{}{}:
			default:
			}
		}
	}()

	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.SetsockoptInt(lfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	// SO_RCVTIMEO bounds accept() as well as the children's reads.
	if err := sockutil.SetTimeout(lfd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}); err != nil {
		peer.Fail("bind", err)
	}
	if err := unix.Listen(lfd, wire.TCPForkBacklog); err != nil {
		peer.Fail("listen", err)
	}
	sa, err := unix.Getsockname(lfd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

	for served := int64(0); served < *nclients; {
		fd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
		if err == unix.EINTR || err == unix.ECONNABORTED {
			continue
		}
		if err != nil {
			peer.Fail("accept", err)
		}
		if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, *timeout); err != nil {
			peer.Fail("setsockopt", err)
		}
		if err := sockutil.SetTimeout(fd, unix.SO_SNDTIMEO, *timeout); err != nil {
			peer.Fail("setsockopt", err)
		}
		// fork(): the child gets the connection as descriptor 3 and not the
		// listener, which is close-on-exec.
		argv := []string{os.Args[0], "-serve-fd", strconv.Itoa(childFd)}
		_, err = syscall.ForkExec(*self, argv, &syscall.ProcAttr{
			Env:   os.Environ(),
			Files: []uintptr{0, 1, 2, uintptr(fd)},
		})
		if err != nil {
			peer.Fail("fork", err)
		}
		if err := unix.Close(fd); err != nil {
			peer.Fail("close", err)
		}
		served++
	}
	if err := unix.Close(lfd); err != nil {
		peer.Fail("close", err)
	}

	deadline := time.After(time.Duration(*timeout) * time.Second)
	for reaped.Load() < *nclients {
		select {
		case <-progress:
		case <-deadline:
			peer.Failf("waitpid: %d of %d children reaped after %d s", reaped.Load(), *nclients, *timeout)
		}
	}
	z, err := sockutil.Zombies(os.Getpid())
	if err != nil {
		peer.Fail("opendir", err)
	}
	fmt.Printf("reaped %d children, %d failed\n", reaped.Load(), failed.Load())
	fmt.Printf("zombies: %d\n", z)
	if failed.Load() > 0 || z > 0 {
		os.Exit(peer.ExitFail)
	}
}
