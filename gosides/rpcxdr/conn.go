package rpcxdr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"golang.org/x/sys/unix"
)

// MaxDatagram bounds a call or reply over UDP, as libtirpc's
// svcudp_bufcreate(8800) and clntudp_create (UDPMSGSIZE 8800) do.
const MaxDatagram = 8800

// Loopback is 127.0.0.1: servers bind it and clients call it.
var Loopback = [4]byte{127, 0, 0, 1}

// A Client calls one program on loopback over TCP (record marking, with
// fragments of at most Frag bytes when Frag > 0) or UDP. Its calls wait
// Timeout for the reply, and a UDP call is sent once: a retransmission is
// the caller's to make, with SetXid.
type Client struct {
	fd      int
	udp     bool
	Prog    uint32
	Vers    uint32
	Frag    int
	xid     uint32
	lastXid uint32
}

// Dial connects to port on loopback, with every wait bounded by timeout
// seconds.
func Dial(udp bool, port int, prog, vers uint32, timeout int64) (*Client, error) {
	typ := unix.SOCK_STREAM
	if udp {
		typ = unix.SOCK_DGRAM
	}
	fd, err := unix.Socket(unix.AF_INET, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("socket: %w", err)
	}
	for _, opt := range []int{unix.SO_RCVTIMEO, unix.SO_SNDTIMEO} {
		if err := sockutil.SetTimeout(fd, opt, timeout); err != nil {
			unix.Close(fd)
			return nil, fmt.Errorf("setsockopt: %w", err)
		}
	}
	if err := sockutil.Connect(fd, &unix.SockaddrInet4{Port: port, Addr: Loopback}, int(timeout)*1000); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("connect: %w", err)
	}
	// An XID of the process and the moment, as libtirpc makes its first.
	xid := uint32(os.Getpid()) ^ uint32(time.Now().UnixNano())
	return &Client{fd: fd, udp: udp, Prog: prog, Vers: vers, xid: xid}, nil
}

// Close closes the client's socket.
func (c *Client) Close() error { return unix.Close(c.fd) }

// Xid returns the XID of the last call.
func (c *Client) Xid() uint32 { return c.lastXid }

// SetXid makes x the XID of the next call, as libtirpc's CLSET_XID does.
func (c *Client) SetXid(x uint32) { c.xid = x - 1 }

// Call calls procedure proc of the client's program and version with
// args and decodes the results into res (nil: void). A reply that is not
// an accepted SUCCESS is a *ReplyError.
func (c *Client) Call(proc uint32, args, res XdrType) error {
	c.xid++
	c.lastXid = c.xid
	var argv []XdrType
	if args != nil {
		argv = append(argv, args)
	}
	msg := MarshalCall(c.xid, c.Prog, c.Vers, proc, argv...)
	reply, err := c.roundTrip(msg)
	if err != nil {
		return err
	}
	results, err := ParseReply(reply, c.xid)
	if err != nil {
		return err
	}
	if res == nil {
		if len(results) != 0 {
			return fmt.Errorf("results: %d bytes where none were due", len(results))
		}
		return nil
	}
	if err := Results(results, res); err != nil {
		return fmt.Errorf("results: %v", err)
	}
	return nil
}

func (c *Client) roundTrip(msg []byte) ([]byte, error) {
	if c.udp {
		// A datagram goes whole or not at all: writeAll retries EINTR
		// (the Go runtime's preemption signal ends a socket call that
		// has a timeout, however its handler is installed).
		if err := writeAll(c.fd, msg); err != nil {
			return nil, fmt.Errorf("send: %w", err)
		}
		buf := make([]byte, MaxDatagram)
		// Replies to earlier calls (a retransmission's) are skipped.
		for {
			n, err := readRetry(c.fd, buf)
			if err != nil {
				return nil, fmt.Errorf("recv: %w", err)
			}
			if n >= 4 && uint32(buf[0])<<24|uint32(buf[1])<<16|uint32(buf[2])<<8|uint32(buf[3]) != c.xid {
				continue
			}
			return buf[:n], nil
		}
	}
	if err := writeAll(c.fd, MarkRecord(msg, c.Frag)); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	rec, err := ReadRecord(ReadFrom(c.fd), MaxRecord)
	switch {
	case err == io.EOF:
		return nil, errors.New("read: the server closed the connection")
	case IsRecordError(err):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("read: %w", err)
	}
	return rec, nil
}

// SendCall makes c a sender for goxdr's generated client stubs.
func (c *Client) SendCall(_ context.Context, p XdrProc) error {
	if p.Vers() != c.Vers || p.Prog() != c.Prog {
		return fmt.Errorf("%s: client of program %#x version %d", p.ProcName(), c.Prog, c.Vers)
	}
	var args XdrType
	if _, void := p.GetArg().(*XdrVoid); !void {
		args = p.GetArg()
	}
	var res XdrType
	if _, void := p.GetRes().(*XdrVoid); !void {
		res = p.GetRes()
	}
	if err := c.Call(p.Proc(), args, res); err != nil {
		return fmt.Errorf("%s: %w", p.ProcName(), err)
	}
	return nil
}

// Stub runs a call through goxdr's generated client stub, which panics
// with the sender's error; it returns that error instead.
func Stub(call func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			e, ok := p.(error)
			if !ok {
				panic(p)
			}
			err = e
		}
	}()
	call()
	return nil
}

func readRetry(fd int, b []byte) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		return n, nil
	}
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// WriteAll writes all of b to fd, resuming after short writes.
func WriteAll(fd int, b []byte) error { return writeAll(fd, b) }

// ReadFrom returns a read function for ReadRecord over fd.
func ReadFrom(fd int) func([]byte) (int, error) {
	return func(b []byte) (int, error) { return readRetry(fd, b) }
}
