// Command capitalize_client is the Go counterpart of
// ctests/capitalize_client.c: document 001's Python TCPClient. It sends a
// sentence (-sentence, or a line it prompts for on standard input) to the
// capitalize server and prints the reply as the document does: "From
// Server: " and the reply, read to the end the server closes. Like the
// document's client it keeps its sending side open; -shutdown shuts it
// down after the sentence, for a server that reads to end of file.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "capitalize_client [-host name] [-port n] [-sentence text] [-chunk bytes] [-shutdown] [-timeout seconds]"

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

// prompt asks for the sentence on standard input, as raw_input does; the
// sentence is read before connecting, so no connection waits on a person.
func prompt() string {
	fmt.Print(wire.CapitalizePrompt)
	line, err := bufio.NewReaderSize(os.Stdin, wire.CapitalizeMax+2).ReadString('\n')
	if err == io.EOF && line == "" {
		peer.Failf("read: no sentence on standard input")
	}
	if err != nil && err != io.EOF {
		peer.Fail("read", err)
	}
	line, _, _ = strings.Cut(line, "\n")
	return line
}

func main() {
	fs := peer.Flags(usage)
	host := fs.String("host", "localhost", "server host name")
	port := fs.Int64("port", wire.CapitalizePort, "server port")
	sentence := fs.String("sentence", "", "the sentence (default: prompt for it)")
	chunk := fs.Int64("chunk", 0, "write the sentence this many bytes at a time (0: at once)")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the reply")
	shut := fs.Bool("shutdown", false, "shut down the sending side after the sentence")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "chunk", *chunk, 0, wire.CapitalizeMax)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "sentence" })
	if !given {
		*sentence = prompt()
	}
	if len(*sentence) > wire.CapitalizeMax {
		peer.Usage(fs, "sentence longer than %d bytes", wire.CapitalizeMax)
	}
	signal.Ignore(unix.SIGPIPE)

	addr := resolve(*host)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	tv := unix.NsecToTimeval((time.Duration(*timeout) * time.Second).Nanoseconds())
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: int(*port), Addr: addr}, int(*timeout)*1000); err != nil {
		peer.Fail("connect", err)
	}

	msg := []byte(*sentence)
	if *chunk == 0 {
		if err := peer.WriteFull(fd, msg); err != nil {
			peer.Fail("write", err)
		}
	} else {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
			peer.Fail("setsockopt", err)
		}
		for off := 0; off < len(msg); off += int(*chunk) {
			if err := peer.WriteFull(fd, msg[off:min(off+int(*chunk), len(msg))]); err != nil {
				peer.Fail("write", err)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	if *shut {
		if err := unix.Shutdown(fd, unix.SHUT_WR); err != nil {
			peer.Fail("shutdown", err)
		}
	}

	// One byte more than a reply may hold tells one that is too long.
	reply := make([]byte, wire.CapitalizeMax+1)
	n, err := peer.ReadFull(fd, reply)
	if err != nil {
		peer.Fail("read", err)
	}
	if n > wire.CapitalizeMax {
		peer.Failf("read: reply longer than %d bytes", wire.CapitalizeMax)
	}
	fmt.Printf("%s %s\n", wire.CapitalizeFrom, reply[:n])
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
}
