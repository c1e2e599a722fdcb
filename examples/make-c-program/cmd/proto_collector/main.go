// Command proto_collector is the Go counterpart of c/src/collector.c: it
// accepts one sensor on loopback TCP, reads its header and readings,
// prints each reading, and answers with an ack holding the count and
// checksum of what it received. Flags, output and exit statuses are the C
// program's.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"example.com/ipcconform-examples/makecprogram/proto"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const (
	usage       = "proto_collector [-port p] [-ready file] [-timeout seconds]"
	defaultPort = 6100
)

// timedOut turns a passed deadline into the errno the C program's
// SO_RCVTIMEO or poll gives, so that both print the same error.
func timedOut(err error, errno unix.Errno) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return errno
	}
	return err
}

// recvFull reads len(buf) bytes; n < len(buf) with a nil error is end of file.
func recvFull(c net.Conn, buf []byte) (int, error) {
	n, err := io.ReadFull(c, buf)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return n, nil
	}
	return n, timedOut(err, unix.EAGAIN)
}

func printReading(w io.Writer, r proto.Reading) {
	sign, abs := "", int64(r.Millidegrees)
	if abs < 0 {
		sign, abs = "-", -abs
	}
	name := r.Name[:]
	for i, c := range name {
		if c == 0 {
			name = name[:i]
			break
		}
	}
	fmt.Fprintf(w, "reading seq=%d time=%d temp=%s%d.%03d rssi=%d flags=0x%02x name=%s\n",
		r.Seq, r.TimestampNs, sign, abs/1000, abs%1000, r.Rssi, r.Flags, name)
}

func main() {
	fs := peer.Flags(usage)
	port := fs.Int64("port", defaultPort, "TCP port on 127.0.0.1 (0: any free one)")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds to wait for the sensor and for each transfer")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	limit := time.Duration(*timeout) * time.Second

	l, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(*port)})
	if err != nil {
		peer.Fail("bind", err)
	}
	peer.Ready(*ready, "%d", l.Addr().(*net.TCPAddr).Port)
	if err := l.SetDeadline(time.Now().Add(limit)); err != nil {
		peer.Fail("poll", err)
	}
	c, err := l.Accept()
	if err != nil {
		peer.Fail("accept", timedOut(err, unix.ETIMEDOUT))
	}
	if err := l.Close(); err != nil {
		peer.Fail("close", err)
	}
	if err := c.SetDeadline(time.Now().Add(limit)); err != nil {
		peer.Fail("setsockopt", err)
	}
	// Standard output is written once, at the end or before a failure, as
	// C's stdio does when it is a file.
	out := bufio.NewWriter(os.Stdout)
	failf := func(format string, args ...any) {
		if err := out.Flush(); err != nil {
			peer.Fail("write", err)
		}
		peer.Failf(format, args...)
	}
	fail := func(call string, err error) {
		if ferr := out.Flush(); ferr != nil {
			peer.Fail("write", ferr)
		}
		peer.Fail(call, err)
	}

	hb := make([]byte, proto.HeaderSize)
	n, err := recvFull(c, hb)
	if err != nil {
		fail("recv", err)
	}
	if n < len(hb) {
		failf("header: end of file after %d of %d bytes", n, proto.HeaderSize)
	}
	h, err := proto.DecodeHeader(hb)
	if err != nil {
		failf("header: %v", err)
	}
	fmt.Fprintf(out, "header version=%d count=%d\n", h.Version, h.Count)

	sum := uint32(proto.ChecksumInit)
	rb := make([]byte, proto.ReadingSize)
	for i := range int(h.Count) {
		n, err := recvFull(c, rb)
		if err != nil {
			fail("recv", err)
		}
		if n < len(rb) {
			failf("reading %d: end of file after %d of %d bytes", i, n, proto.ReadingSize)
		}
		sum = proto.Checksum(sum, rb)
		r, err := proto.DecodeReading(rb)
		if err != nil {
			failf("reading %d: %v", i, err)
		}
		printReading(out, r)
	}

	a := proto.Ack{Magic: proto.Magic, Count: uint32(h.Count), Checksum: sum}
	if _, err := c.Write(proto.AppendAck(nil, a)); err != nil {
		fail("send", timedOut(err, unix.EAGAIN))
	}
	fmt.Fprintf(out, "ack count=%d checksum=0x%08x\n", a.Count, a.Checksum)
	if err := c.Close(); err != nil {
		fail("close", err)
	}
	if err := out.Flush(); err != nil {
		peer.Fail("write", err)
	}
}
