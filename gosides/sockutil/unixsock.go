package sockutil

import (
	"errors"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// ErrNoFd says a message was not wire.UnixFdTag with exactly one
// descriptor (unix_recv_fd's -2).
var ErrNoFd = errors.New("no descriptor")

// UnixAddr is the address of name, a path or (abstract) a name in the
// abstract namespace, as unix_addr makes it: x/sys spells an abstract
// address with a leading '@' and gives it no terminating NUL.
func UnixAddr(name string, abstract bool) *unix.SockaddrUnix {
	if abstract {
		return &unix.SockaddrUnix{Name: "@" + name}
	}
	return &unix.SockaddrUnix{Name: name}
}

// SendFd sends wire.UnixFdTag with fd attached as SCM_RIGHTS
// (unix_send_fd).
func SendFd(sock, fd int) error {
	for {
		err := unix.Sendmsg(sock, []byte{wire.UnixFdTag}, unix.UnixRights(fd), nil, 0)
		if err != unix.EINTR {
			return err
		}
	}
}

// RecvFd receives wire.UnixFdTag and the descriptor attached to it
// (unix_recv_fd): a recvmsg error, or ErrNoFd.
func RecvFd(sock int) (int, error) {
	tag := make([]byte, 1)
	oob := make([]byte, unix.CmsgSpace(4))
	var n, oobn, flags int
	var err error
	for {
		n, oobn, flags, _, err = unix.Recvmsg(sock, tag, oob, unix.MSG_CMSG_CLOEXEC)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return -1, err
	}
	if n != 1 || tag[0] != wire.UnixFdTag || flags&unix.MSG_CTRUNC != 0 {
		return -1, ErrNoFd
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		return -1, ErrNoFd
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		return -1, ErrNoFd
	}
	return fds[0], nil
}

// OpenUnlinked writes text to a new file name, opens it for reading and
// removes the name: the descriptor is then the only way to the content.
func OpenUnlinked(name, text string) int {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
	if err != nil {
		peer.Fail("open", err)
	}
	if err := peer.WriteFull(fd, []byte(text)); err != nil {
		peer.Fail("write", err)
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	if fd, err = unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0); err != nil {
		peer.Fail("open", err)
	}
	if err := unix.Unlink(name); err != nil {
		peer.Fail("unlink", err)
	}
	return fd
}

// ReadPassed reads up to wire.UnixFileMax bytes through a passed
// descriptor.
func ReadPassed(fd int) ([]byte, error) {
	buf := make([]byte, wire.UnixFileMax)
	n, err := peer.ReadFull(fd, buf)
	return buf[:n], err
}

// ErrNoData says nothing came through a passed descriptor in time.
var ErrNoData = errors.New("no data")

// ReadPassedWithin reads up to wire.UnixFileMax bytes through a passed
// descriptor, to its end of file, as ReadPassed does, but waiting at most timeout seconds before
// each read (read_passed of the C peer): what the descriptor leads to is
// the peer's choice, a pipe that never has data as well as a file. The
// Go runtime's signals interrupt poll; it goes on with the time left.
func ReadPassedWithin(fd int, timeout int64) ([]byte, error) {
	buf := make([]byte, wire.UnixFileMax)
	got := 0
	for got < len(buf) {
		deadline := time.Now().Add(time.Duration(timeout) * time.Second)
		for {
			left := time.Until(deadline)
			if left <= 0 {
				return nil, ErrNoData
			}
			pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			r, err := unix.Poll(pfd, int((left+time.Millisecond-1)/time.Millisecond))
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return nil, err
			}
			if r == 0 {
				return nil, ErrNoData
			}
			break
		}
		n, err := unix.Read(fd, buf[got:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break
		}
		got += n
	}
	return buf[:got], nil
}
