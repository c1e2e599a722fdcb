package benchsys

import (
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

// credit reads one credit into *acked, waiting for it if wait; it returns
// false when none was waiting.
func credit(f *fast, wait bool, acked *uint64, c []byte) bool {
	var r int
	var err error
	if wait {
		r, err = f.call(f.rd, c)
	} else {
		var ok bool
		if r, ok, err = f.try(f.rd, c); err == nil && !ok {
			return false
		}
	}
	if err != nil {
		peer.Fail("recvfrom", err)
	}
	if r != len(c) {
		peer.Failf("recvfrom: credit of %d bytes", r)
	}
	if v := Stamp(c); v > *acked {
		*acked = v
	}
	return true
}

// writeMessage sends buf as one datagram.
func writeMessage(f *fast, buf []byte) {
	w, err := f.call(f.wr, buf)
	if err != nil {
		peer.Fail("sendto", err)
	}
	if w != len(buf) {
		peer.Failf("sendto: short write: %d of %d bytes", w, len(buf))
	}
}

// DgramSend sends n stamped messages of size bytes on the connected socket
// d, one sendto each; with credits, it keeps to the UDP window. d is on
// the fast path (fast.go): the datagram sides take no -blocking.
func DgramSend(d *Desc, n, size int64, credits bool) {
	f := d.f
	buf := Buffer(size)
	c := make([]byte, wire.BenchStampSize)
	var acked uint64
	for i := range n {
		if credits && i%wire.BenchUDPCredit == 0 {
			for credit(f, false, &acked, c) {
			}
		}
		for credits && uint64(i)-acked >= wire.BenchUDPWindow {
			credit(f, true, &acked, c)
		}
		PutStamp(buf, uint64(i))
		writeMessage(f, buf)
	}
	for credits && acked < uint64(n) {
		credit(f, true, &acked, c)
	}
	fmt.Printf("sent %d messages of %d bytes\n", n, size)
}

// DgramRecv receives n stamped messages of size bytes on d, on the fast
// path. With credits, d is unconnected: it connects to the first
// message's sender and returns credits to it.
func DgramRecv(d *Desc, n, size int64, credits bool) {
	f := d.f
	buf := Buffer(size + 1)
	c := make([]byte, wire.BenchStampSize)
	for i := range n {
		var r int
		var err error
		if credits && i == 0 {
			var from unix.Sockaddr
			if r, from, err = f.recvFrom(buf); err == nil {
				if err := unix.Connect(f.fd, from); err != nil {
					peer.Fail("connect", err)
				}
			}
		} else {
			r, err = f.call(f.rd, buf)
		}
		if err != nil {
			peer.Fail("recvfrom", err)
		}
		if int64(r) != size {
			peer.Failf("recvfrom: message %d of %d bytes", i, r)
		}
		CheckStamp("message", i, Stamp(buf))
		if credits && ((i+1)%wire.BenchUDPCredit == 0 || i+1 == n) {
			PutStamp(c, uint64(i+1))
			writeMessage(f, c)
		}
	}
	fmt.Printf("received %d messages of %d bytes\n", n, size)
}
