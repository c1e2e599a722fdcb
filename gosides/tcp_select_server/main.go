// Command tcp_select_server is the Go counterpart of
// ctests/tcp_select_server.c: the single-process concurrent server of
// document 000, one process multiplexing the listening socket and every
// client with select() (unix.Select and unix.FdSet, not goroutines),
// keeping each client's partial line as its state and answering each
// line in capitals. It serves -n clients and prints each line it answers.
package main

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"os/signal"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "tcp_select_server [-bind addr] [-port n] [-n clients] [-ready file] [-timeout seconds]"

// fdSetSize is FD_SETSIZE: the descriptors an unix.FdSet can hold.
const fdSetSize = len(unix.FdSet{}.Bits) * unix.NFDBITS

// A client's state: its accept number and the line read so far.
type client struct {
	id   int64
	line []byte
}

// upper returns line in capitals as toupper() makes them in the C locale:
// ASCII letters only, every other byte as it is (bytes.ToUpper would
// rewrite invalid UTF-8).
func upper(line []byte) []byte {
	out := make([]byte, len(line))
	for i, b := range line {
		if 'a' <= b && b <= 'z' {
			b -= 'a' - 'A'
		}
		out[i] = b
	}
	return out
}

// serve reads what fd has and answers every complete line; it returns 1
// while the client stays, 0 at its end of file, -1 on a fault.
func serve(fd int, cl *client) int {
	buf := make([]byte, wire.TCPLineMax-len(cl.line))
	n, err := unix.Read(fd, buf)
	if err == unix.EINTR {
		return 1
	}
	if err != nil {
		peer.Error("read", err)
		return -1
	}
	if n == 0 {
		if len(cl.line) != 0 {
			fmt.Fprintf(os.Stderr, "client %d: end of file inside a line\n", cl.id)
			return -1
		}
		return 0
	}
	cl.line = append(cl.line, buf[:n]...)
	for {
		i := bytes.IndexByte(cl.line, '\n')
		if i < 0 {
			break
		}
		fmt.Printf("client %d: %s\n", cl.id, cl.line[:i])
		if err := peer.WriteFull(fd, upper(cl.line[:i+1])); err != nil {
			peer.Error("write", err)
			return -1
		}
		cl.line = append(cl.line[:0], cl.line[i+1:]...)
	}
	if len(cl.line) == wire.TCPLineMax {
		fmt.Fprintf(os.Stderr, "client %d: line longer than %d bytes\n", cl.id, wire.TCPLineMax)
		return -1
	}
	return 1
}

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to listen on")
	port := fs.Int64("port", wire.TCPSelectPort, "port (0: any free one)")
	nclients := fs.Int64("n", 1, "clients to serve, then exit")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds select may wait")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "n", *nclients, 1, 1<<62)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	addr, err := netip.ParseAddr(*bind)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *bind)
	}
	// A client that disconnects early must cost one client, not the server.
	signal.Ignore(unix.SIGPIPE)

	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.SetsockoptInt(lfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}); err != nil {
		peer.Fail("bind", err)
	}
	if err := unix.Listen(lfd, wire.TCPSelectBacklog); err != nil {
		peer.Fail("listen", err)
	}
	sa, err := unix.Getsockname(lfd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

	clients := map[int]*client{}
	var master unix.FdSet
	master.Zero()
	master.Set(lfd)
	maxfd := lfd
	var accepted, done, failures int64
	for done < *nclients {
		// select() overwrites its set: hand it a copy of the master set.
		readable := master
		tv := sockutil.Timeval(*timeout)
		n, err := unix.Select(maxfd+1, &readable, nil, nil, &tv)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Fail("select", err)
		}
		if n == 0 {
			peer.Failf("select: nothing for %d s", *timeout)
		}
		for fd := 0; fd <= maxfd; fd++ {
			if !readable.IsSet(fd) {
				continue
			}
			if fd == lfd {
				cfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
				if err == unix.EINTR || err == unix.ECONNABORTED {
					continue
				}
				if err != nil {
					peer.Fail("accept", err)
				}
				// select() bounds the reads; a client that never reads
				// its answers must not block the write for good.
				if err := sockutil.SetTimeout(cfd, unix.SO_SNDTIMEO, *timeout); err != nil {
					peer.Fail("setsockopt", err)
				}
				if cfd >= fdSetSize {
					fmt.Fprintf(os.Stderr, "accept: descriptor %d beyond FD_SETSIZE\n", cfd)
					if err := unix.Close(cfd); err != nil {
						peer.Fail("close", err)
					}
					failures++
					done++
					continue
				}
				accepted++
				clients[cfd] = &client{id: accepted}
				master.Set(cfd)
				maxfd = max(maxfd, cfd)
				// Take no more clients than asked for.
				if accepted == *nclients {
					master.Clear(lfd)
				}
				continue
			}
			r := serve(fd, clients[fd])
			if r > 0 {
				continue
			}
			if r < 0 {
				failures++
			}
			done++
			master.Clear(fd)
			delete(clients, fd)
			if err := unix.Close(fd); err != nil {
				peer.Fail("close", err)
			}
		}
	}
	fmt.Printf("served %d clients\n", done)
	if err := unix.Close(lfd); err != nil {
		peer.Fail("close", err)
	}
	if failures > 0 {
		os.Exit(peer.ExitFail)
	}
}
