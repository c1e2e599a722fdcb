package benchsys

import (
	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

var loopback = [4]byte{127, 0, 0, 1}

// ConnectUnix returns a socket of type typ connected to path.
func ConnectUnix(path string, typ int) int {
	fd, err := unix.Socket(unix.AF_UNIX, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Connect(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		peer.Fail("connect", err)
	}
	return fd
}

// BindUnix returns a socket of type typ bound to path.
func BindUnix(path string, typ int) int {
	fd, err := unix.Socket(unix.AF_UNIX, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		peer.Fail("bind", err)
	}
	return fd
}

// accept returns the one connection on the listening fd, and closes fd.
func accept(fd int) int {
	var c int
	var err error
	for {
		c, _, err = unix.Accept4(fd, unix.SOCK_CLOEXEC)
		if err != unix.EINTR && err != unix.ECONNABORTED {
			break
		}
	}
	if err != nil {
		peer.Fail("accept", err)
	}
	Close(fd)
	return c
}

// AcceptOne listens on fd, says ready, and returns the one connection.
func AcceptOne(fd int, ready, path string) int {
	if err := unix.Listen(fd, 1); err != nil {
		peer.Fail("listen", err)
	}
	peer.Ready(ready, "%s", path)
	return accept(fd)
}

// ConnectTCP returns a stream socket connected to the loopback port.
func ConnectTCP(port int64) int {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Connect(fd, &unix.SockaddrInet4{Port: int(port), Addr: loopback}); err != nil {
		peer.Fail("connect", err)
	}
	return fd
}

// AcceptTCP listens on the loopback port (0: any free one), writes the
// port to the ready file, and returns the one connection.
func AcceptTCP(port int64, ready string) int {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: int(port), Addr: loopback}); err != nil {
		peer.Fail("bind", err)
	}
	if err := unix.Listen(fd, 1); err != nil {
		peer.Fail("listen", err)
	}
	peer.Ready(ready, "%d", LocalPort(fd))
	return accept(fd)
}

// LocalPort is the port fd is bound to.
func LocalPort(fd int) int {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	return sa.(*unix.SockaddrInet4).Port
}

// NoDelay sends each ping at once instead of waiting to fill a segment.
func NoDelay(fd int) {
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
}
