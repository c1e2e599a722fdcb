package benchsys

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// credit reads one credit from fd (flags 0 or unix.MSG_DONTWAIT) into
// *acked; it returns false when none was waiting.
func credit(fd int, flags int, acked *uint64, c []byte) bool {
	for {
		r, _, err := unix.Recvfrom(fd, c, flags)
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN && flags != 0 {
			return false
		}
		if err != nil {
			peer.Fail("recv", err)
		}
		if r != len(c) {
			peer.Failf("recv: credit of %d bytes", r)
		}
		if v := Stamp(c); v > *acked {
			*acked = v
		}
		return true
	}
}

// writeMessage writes buf as one datagram.
func writeMessage(fd int, buf []byte) {
	for {
		w, err := unix.Write(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Fail("write", err)
		}
		if w != len(buf) {
			peer.Failf("write: short write: %d of %d bytes", w, len(buf))
		}
		return
	}
}

// DgramSend sends n stamped messages of size bytes on the connected socket
// fd, one write each; with credits, it keeps to the UDP window.
func DgramSend(fd int, n, size int64, credits bool) {
	buf := Buffer(size)
	c := make([]byte, wire.BenchStampSize)
	var acked uint64
	for i := range n {
		if credits && i%wire.BenchUDPCredit == 0 {
			for credit(fd, unix.MSG_DONTWAIT, &acked, c) {
			}
		}
		for credits && uint64(i)-acked >= wire.BenchUDPWindow {
			credit(fd, 0, &acked, c)
		}
		PutStamp(buf, uint64(i))
		writeMessage(fd, buf)
	}
	for credits && acked < uint64(n) {
		credit(fd, 0, &acked, c)
	}
	fmt.Printf("sent %d messages of %d bytes\n", n, size)
}

// DgramRecv receives n stamped messages of size bytes on fd. With credits,
// fd is unconnected: it connects to the first message's sender and returns
// credits to it.
func DgramRecv(fd int, n, size int64, credits bool) {
	buf := Buffer(size + 1)
	c := make([]byte, wire.BenchStampSize)
	for i := range n {
		var r int
		var err error
		if credits && i == 0 {
			var from unix.Sockaddr
			for {
				r, from, err = unix.Recvfrom(fd, buf, 0)
				if err != unix.EINTR {
					break
				}
			}
			if err == nil {
				if err := unix.Connect(fd, from); err != nil {
					peer.Fail("connect", err)
				}
			}
		} else {
			for {
				r, err = unix.Read(fd, buf)
				if err != unix.EINTR {
					break
				}
			}
		}
		if err != nil {
			peer.Fail("read", err)
		}
		if int64(r) != size {
			peer.Failf("read: message %d of %d bytes", i, r)
		}
		CheckStamp("message", i, Stamp(buf))
		if credits && ((i+1)%wire.BenchUDPCredit == 0 || i+1 == n) {
			PutStamp(c, uint64(i+1))
			writeMessage(fd, c)
		}
	}
	fmt.Printf("received %d messages of %d bytes\n", n, size)
}
