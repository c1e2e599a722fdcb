package sockutil

import (
	"golang.org/x/sys/unix"
)

// Connect connects fd to sa as C's connect() does for the C peers, where a
// Go program differs: the Go runtime interrupts threads with signals (for
// preemption), and a connect() interrupted that way fails with EINTR even
// under SA_RESTART when the socket has a send timeout. The connection goes
// on in the kernel; calling connect again would fail with EALREADY. So on
// EINTR, wait until the socket is writable and take the outcome from
// SO_ERROR, as connect(2) describes for a non-blocking connect. timeoutMs
// bounds that wait (-1: none).
func Connect(fd int, sa unix.Sockaddr, timeoutMs int) error {
	err := unix.Connect(fd, sa)
	if err != unix.EINTR {
		return err
	}
	for {
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(pfd, timeoutMs)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return unix.ETIMEDOUT
		}
		soErr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return err
		}
		if soErr != 0 {
			return unix.Errno(soErr)
		}
		return nil
	}
}
