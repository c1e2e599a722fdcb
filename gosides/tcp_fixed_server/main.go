// Command tcp_fixed_server is the Go counterpart of ctests/tcp_fixed_server.c:
// the iterative stream socket server of document 002. It serves clients one
// after another: from each it reads exactly wire.ClientBytes bytes, prints
// them, and replies wire.ServerBytes bytes.
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

const usage = "tcp_fixed_server [-bind addr] [-port n] [-n clients] [-ready file] [-timeout seconds]"

// serve handles one client; it reports a failure and returns false.
func serve(fd int) bool {
	buf := make([]byte, wire.ClientBytes)
	n, err := peer.ReadFull(fd, buf)
	if err != nil {
		peer.Error("read", err)
		return false
	}
	request, err := decode.FixedRequest(buf, n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "read: %v\n", err)
		return false
	}
	fmt.Printf("client sent %s\n", request)
	fmt.Printf("server sending %s\n", wire.ServerStr)
	if err := peer.WriteFull(fd, []byte(wire.ServerStr+"\x00")); err != nil {
		peer.Error("write", err)
		return false
	}
	return true
}

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to listen on (0.0.0.0 widens it to every address, as the document's)")
	port := fs.Int64("port", wire.TCPFixedPort, "port (0: any free one)")
	nclients := fs.Int64("n", 0, "clients to serve, then exit (0: forever)")
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
	// A client that disconnects early must cost one client, not the server.
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
	if err := unix.Listen(serverfd, wire.TCPFixedBacklog); err != nil {
		peer.Fail("listen", err)
	}
	sa, err := unix.Getsockname(serverfd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
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
		if !serve(fd) {
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
