// Command date_server is the Go counterpart of ctests/date_server.c:
// document 001's Java DateServer. It serves clients one after another: to
// each it writes one line, the date as java.util.Date.toString() prints
// it, and closes the connection. -epoch formats a fixed time in UTC and
// -date sends a fixed text; by default it is the current local time.
package main

import (
	"flag"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "date_server [-bind addr] [-port n] [-n clients] [-epoch seconds | -date text] [-ready file] [-timeout seconds]"

// dateLine formats the line the server sends, its newline included.
func dateLine(fixed string, haveDate, haveEpoch bool, epoch int64) []byte {
	switch {
	case haveDate:
		return []byte(fixed + "\n")
	case haveEpoch:
		return []byte(time.Unix(epoch, 0).UTC().Format(wire.DateLayoutUTC) + "\n")
	default:
		return []byte(time.Now().Format(wire.DateLayout) + "\n")
	}
}

func main() {
	fs := peer.Flags(usage)
	bind := fs.String("bind", "127.0.0.1", "address to listen on (0.0.0.0 widens it to every address, as the document's)")
	port := fs.Int64("port", wire.DatePort, "port (0: any free one)")
	nclients := fs.Int64("n", 0, "clients to serve, then exit (0: forever)")
	epoch := fs.Int64("epoch", 0, "send this time (seconds since 1970) in UTC")
	fixed := fs.String("date", "", "send this text as the date")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds a client may stall")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "n", *nclients, 0, 1<<62)
	// Up to 2^31-1, the time_t of a 32-bit architecture.
	peer.Range(fs, "epoch", *epoch, 0, 1<<31-1)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	haveDate, haveEpoch := given["date"], given["epoch"]
	if haveDate && haveEpoch {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}
	if strings.Contains(*fixed, "\n") || len(*fixed)+1 >= wire.DateLineMax {
		peer.Usage(fs, "bad date text")
	}
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
	if err := unix.Listen(serverfd, wire.DateBacklog); err != nil {
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
		if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
			peer.Fail("setsockopt", err)
		}
		if err := peer.WriteFull(fd, dateLine(*fixed, haveDate, haveEpoch, *epoch)); err != nil {
			peer.Error("write", err)
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
