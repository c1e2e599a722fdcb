// Command rpc_wiretap captures the XDR bytes of RPC calls and replies
// over TCP, whichever language made them: it accepts -conns connections
// on loopback, relays each byte for byte to the server at -to, and prints
// every record (fragments joined) that crosses it in order: the call's
// program, version and procedure, then every byte after the XID in XDR's
// four-byte units, eight to a line. The XID itself, which each client
// chooses as it likes, is checked (a reply must carry its call's) and
// left out, so that the scenario compares the rest with a golden file.
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/rpcxdr"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"golang.org/x/sys/unix"
)

const usage = "rpc_wiretap -to port [-conns n] [-ready file] [-timeout seconds]"

var (
	mu      sync.Mutex
	calls   int
	pending = map[uint32]int{} // XID to call number, for the reply
	failed  bool
)

func dump(what string, rec []byte) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, %d bytes after the xid:\n", what, len(rec)-4)
	words := rec[4:]
	for len(words) > 0 {
		b.WriteString(" ")
		for k := 0; k < 8 && len(words) > 0; k++ {
			n := min(4, len(words))
			fmt.Fprintf(&b, " %x", words[:n])
			words = words[n:]
		}
		b.WriteString("\n")
	}
	os.Stdout.WriteString(b.String())
}

// relay copies src to dst record by record, each logged before it is
// passed on, so that the log keeps the order in which the peers saw them;
// isCall says which way it goes.
func relay(src, dst int, isCall bool) error {
	var raw []byte
	tee := func(b []byte) (int, error) {
		n, err := rpcxdr.ReadFrom(src)(b)
		if err != nil {
			return 0, fmt.Errorf("read: %w", err)
		}
		raw = append(raw, b[:n]...)
		return n, nil
	}
	for {
		raw = raw[:0]
		rec, err := rpcxdr.ReadRecord(tee, rpcxdr.MaxRecord)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			rpcxdr.WriteAll(dst, raw)
			return err
		}
		log(rec, isCall)
		if err := rpcxdr.WriteAll(dst, raw); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
}

func log(rec []byte, isCall bool) {
	mu.Lock()
	if len(rec) < 4 {
		fmt.Printf("record of %d bytes: no xid\n", len(rec))
		failed = true
		mu.Unlock()
		return
	}
	xid := binary.BigEndian.Uint32(rec)
	if isCall {
		calls++
		pending[xid] = calls
		what := fmt.Sprintf("call %d", calls)
		if c, err := rpcxdr.ParseCall(rec); err == nil {
			what = fmt.Sprintf("call %d (program %#x version %d procedure %d)", calls, c.Prog, c.Vers, c.Proc)
		}
		dump(what, rec)
	} else if n, ok := pending[xid]; ok {
		delete(pending, xid)
		dump(fmt.Sprintf("reply %d", n), rec)
	} else {
		fmt.Printf("reply with xid %#x, which no call had\n", xid)
		failed = true
	}
	mu.Unlock()
}

func main() {
	fs := peer.Flags(usage)
	to := fs.Int64("to", 0, "the server's port")
	conns := fs.Int64("conns", 1, "connections to relay before exiting")
	ready := fs.String("ready", "", "file to write the port to once listening")
	timeout := fs.Int64("timeout", 10, "seconds to wait for a connection or a byte")
	peer.Parse(fs)
	peer.Range(fs, "to", *to, 1, 65535)
	peer.Range(fs, "conns", *conns, 1, 100)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Addr: rpcxdr.Loopback}); err != nil {
		peer.Fail("bind", err)
	}
	if err := unix.Listen(lfd, 8); err != nil {
		peer.Fail("listen", err)
	}
	if err := sockutil.SetTimeout(lfd, unix.SO_RCVTIMEO, *timeout); err != nil {
		peer.Fail("setsockopt", err)
	}
	sa, err := unix.Getsockname(lfd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

	var wg sync.WaitGroup
	errs := make(chan error, 2**conns)
	for range *conns {
		// The Go runtime's preemption signal interrupts a blocking accept
		// on a socket with a receive timeout (SA_RESTART does not apply):
		// EINTR is no failure, the accept is made again.
		cfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
		for err == unix.EINTR {
			cfd, _, err = unix.Accept4(lfd, unix.SOCK_CLOEXEC)
		}
		if err != nil {
			peer.Fail("accept", err)
		}
		sfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			peer.Fail("socket", err)
		}
		for _, fd := range []int{cfd, sfd} {
			for _, opt := range []int{unix.SO_RCVTIMEO, unix.SO_SNDTIMEO} {
				if err := sockutil.SetTimeout(fd, opt, *timeout); err != nil {
					peer.Fail("setsockopt", err)
				}
			}
		}
		if err := sockutil.Connect(sfd, &unix.SockaddrInet4{Port: int(*to), Addr: rpcxdr.Loopback}, int(*timeout)*1000); err != nil {
			peer.Fail("connect", err)
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs <- relay(cfd, sfd, true)
			unix.Shutdown(sfd, unix.SHUT_WR)
		}()
		go func() {
			defer wg.Done()
			errs <- relay(sfd, cfd, false)
			unix.Shutdown(cfd, unix.SHUT_WR)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			fmt.Fprintln(os.Stderr, rpcxdr.ErrText(err))
			failed = true
		}
	}
	if len(pending) > 0 {
		fmt.Fprintf(os.Stderr, "%d calls had no reply\n", len(pending))
		failed = true
	}
	if failed {
		os.Exit(peer.ExitFail)
	}
}
