// Command proto_sensor is the Go counterpart of c/src/sensor.c: it
// connects to a collector on loopback TCP, sends a header and -count
// readings made from their index, and checks the collector's ack against
// the count and checksum it sent. Flags, output and exit statuses are the
// C program's.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"time"

	"example.com/ipcconform-examples/makecprogram/proto"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

const (
	usage       = "proto_sensor [-port p] [-count n] [-version v] [-timeout seconds]"
	defaultPort = 6100
)

// makeReading gives reading i values that show sign, width and byte
// order, and every third one a name that fills its field with no NUL.
func makeReading(i, count int) proto.Reading {
	r := proto.Reading{
		TimestampNs:  1700000000000000000 + uint64(i)*250000000,
		Seq:          uint32(1000 + i),
		Millidegrees: int32(-40000 + i*12345),
		Rssi:         int16(-90 + 7*i),
	}
	if i%2 == 1 {
		r.Flags |= proto.FlagEstimated
	}
	if i+1 == count {
		r.Flags |= proto.FlagLowBattery
	}
	if i%3 == 2 {
		copy(r.Name[:], "thermocouple")
	} else {
		copy(r.Name[:], fmt.Sprintf("probe-%02d", i%100))
	}
	return r
}

func main() {
	fs := peer.Flags(usage)
	port := fs.Int64("port", defaultPort, "the collector's TCP port on 127.0.0.1")
	count := fs.Int64("count", 3, "readings to send")
	version := fs.Int64("version", proto.Version, "protocol version to put in the header")
	timeout := fs.Int64("timeout", 10, "seconds to wait for each transfer")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 1, 65535)
	peer.Range(fs, "count", *count, 0, proto.MaxCount)
	peer.Range(fs, "version", *version, 0, 65535)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	limit := time.Duration(*timeout) * time.Second

	buf := proto.AppendHeader(nil, proto.Header{Magic: proto.Magic, Version: uint16(*version), Count: uint16(*count)})
	sum := uint32(proto.ChecksumInit)
	for i := range int(*count) {
		at := len(buf)
		buf = proto.AppendReading(buf, makeReading(i, int(*count)))
		sum = proto.Checksum(sum, buf[at:])
	}

	// A connect that outlives SO_SNDTIMEO fails with EINPROGRESS in C.
	c, err := net.DialTimeout("tcp4", net.JoinHostPort("127.0.0.1", strconv.FormatInt(*port, 10)), limit)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			err = unix.EINPROGRESS
		}
		peer.Fail("connect", err)
	}
	if err := c.SetDeadline(time.Now().Add(limit)); err != nil {
		peer.Fail("setsockopt", err)
	}
	if _, err := c.Write(buf); err != nil {
		peer.Fail("send", deadlineErrno(err))
	}
	fmt.Printf("sent count=%d checksum=0x%08x\n", *count, sum)

	ab := make([]byte, proto.AckSize)
	n, err := io.ReadFull(c, ab)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		peer.Fail("recv", deadlineErrno(err))
	}
	if n < len(ab) {
		peer.Failf("ack: end of file after %d of %d bytes", n, proto.AckSize)
	}
	a, err := proto.DecodeAck(ab)
	if err != nil {
		peer.Failf("ack: %v", err)
	}
	if a.Count != uint32(*count) || a.Checksum != sum {
		peer.Failf("ack: count %d checksum 0x%08x, want count %d checksum 0x%08x", a.Count, a.Checksum, *count, sum)
	}
	fmt.Printf("ack count=%d checksum=0x%08x\n", a.Count, a.Checksum)
	if err := c.Close(); err != nil {
		peer.Fail("close", err)
	}
}

// deadlineErrno turns a passed deadline into EAGAIN, what the C program's
// SO_RCVTIMEO and SO_SNDTIMEO give, so that both print the same error.
func deadlineErrno(err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return unix.EAGAIN
	}
	return err
}
