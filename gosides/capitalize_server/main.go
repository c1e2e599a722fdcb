// Command capitalize_server is the Go counterpart of
// ctests/capitalize_server.c: document 001's Python TCPServer. It serves
// clients one after another: from each it takes a sentence, what one read
// of up to 1024 bytes returns (the document's recv(1024)), so a client
// that keeps its side open gets its answer as one that shuts it down does;
// it replies the sentence with its ASCII letters in upper case, then
// closes the connection. With -to-eof it reads the sentence to the end the
// client shuts instead, however TCP splits it, and refuses one longer than
// 1024 bytes.
package main

import (
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"time"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "capitalize_server [-bind addr] [-port n] [-n clients] [-to-eof] [-ready file] [-timeout seconds]"

// readOnce is one read(2), retried only when a signal interrupted it.
func readOnce(fd int, buf []byte) (int, error) {
	for {
		n, err := unix.Read(fd, buf)
		if err != unix.EINTR {
			return max(n, 0), err
		}
	}
}

// serve handles one client; it reports a failure and returns false.
func serve(fd int, toEOF bool) bool {
	// One byte more than a sentence may hold tells one that is too long.
	buf := make([]byte, wire.CapitalizeMax+1)
	var n int
	var err error
	if toEOF {
		n, err = peer.ReadFull(fd, buf)
	} else {
		n, err = readOnce(fd, buf[:wire.CapitalizeMax])
	}
	if err != nil {
		peer.Error("read", err)
		return false
	}
	sentence, err := decode.Sentence(buf, n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "read: %v\n", err)
		return false
	}
	// ASCII letters only, as Python's bytes.upper(): bytes.ToUpper would
	// change UTF-8 letters too.
	if err := peer.WriteFull(fd, decode.Upper(sentence)); err != nil {
		peer.Error("write", err)
		return false
	}
	return true
}

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to listen on (0.0.0.0 widens it to every address, as the document's)")
	port := fs.Int64("port", wire.CapitalizePort, "port (0: any free one)")
	nclients := fs.Int64("n", 0, "clients to serve, then exit (0: forever)")
	toEOF := fs.Bool("to-eof", false, "read each sentence to the end the client shuts, not one read")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds a client may stall")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "n", *nclients, 0, 1<<62)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	addr, err := netip.ParseAddr(*bind)
	if err != nil || !addr.Is4() {
		peer.Usage(fs, "bad address %s", *bind)
	}
	signal.Ignore(unix.SIGPIPE)

	serverfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.SetsockoptInt(serverfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(serverfd, &unix.SockaddrInet4{Port: int(*port), Addr: addr.As4()}); err != nil {
		peer.Fail("bind", err)
	}
	if err := unix.Listen(serverfd, wire.CapitalizeBacklog); err != nil {
		peer.Fail("listen", err)
	}
	sa, err := unix.Getsockname(serverfd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	fmt.Println(wire.CapitalizeReadyText)
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

	tv := unix.NsecToTimeval((time.Duration(*timeout) * time.Second).Nanoseconds())
	failures := 0
	for served := int64(0); *nclients == 0 || served < *nclients; served++ {
		fd, _, err := unix.Accept4(serverfd, unix.SOCK_CLOEXEC)
		if err == unix.EINTR || err == unix.ECONNABORTED {
			served--
			continue
		}
		if err != nil {
			peer.Fail("accept", err)
		}
		if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
			peer.Fail("setsockopt", err)
		}
		if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
			peer.Fail("setsockopt", err)
		}
		if !serve(fd, *toEOF) {
			failures++
		}
		if err := unix.Close(fd); err != nil {
			peer.Fail("close", err)
		}
	}
	if err := unix.Close(serverfd); err != nil {
		peer.Fail("close", err)
	}
	if failures > 0 {
		os.Exit(peer.ExitFail)
	}
}
