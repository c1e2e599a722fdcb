// Command date_client is the Go counterpart of ctests/date_client.c:
// document 001's Java DateClient. It connects to the date server, reads
// its reply to the end and prints it, line by line; a reply that does not
// end in a newline was cut short and is an error.
package main

import (
	"context"
	"errors"
	"net"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "date_client [-host name] [-port n] [-timeout seconds]"

// resolve returns host's first IPv4 address, failing with the name of the
// getaddrinfo error the C peer would print.
func resolve(host string) [4]byte {
	ips, err := net.DefaultResolver.LookupIP(context.Background(), "ip4", host)
	if err != nil || len(ips) == 0 {
		name := "EAI_FAIL"
		var dnsErr *net.DNSError
		switch {
		case err == nil || errors.As(err, &dnsErr) && dnsErr.IsNotFound:
			name = "EAI_NONAME"
		case errors.As(err, &dnsErr) && (dnsErr.IsTemporary || dnsErr.IsTimeout):
			name = "EAI_AGAIN"
		}
		peer.Failf("getaddrinfo: %s", name)
	}
	return [4]byte(ips[0].To4())
}

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", wire.DateHost, "server host name")
	port := fs.Int64("port", wire.DatePort, "server port")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the reply")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	addr := resolve(*host)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	tv := unix.NsecToTimeval((time.Duration(*timeout) * time.Second).Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: int(*port), Addr: addr}, int(*timeout)*1000); err != nil {
		peer.Fail("connect", err)
	}

	// One byte more than a reply may hold tells a reply that is too long.
	buf := make([]byte, wire.DateLineMax+1)
	n, err := peer.ReadFull(fd, buf)
	if err != nil {
		peer.Fail("read", err)
	}
	line, err := decode.DateReply(buf, n)
	if err != nil {
		peer.Failf("read: %v", err)
	}
	if _, err := os.Stdout.Write(line); err != nil {
		peer.Fail("write", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
