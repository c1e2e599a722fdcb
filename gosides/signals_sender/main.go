// Command signals_sender is the Go counterpart of ctests/signals_sender.c:
// the sending process of document 002's signals. It sends each signal of
// -signals to -pid with kill(), or with -value n as sigqueue() does, with
// the integer value n, n+1, ...; after each it waits for the receiver's
// acknowledgement, one more line in the -ack file.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
	"unsafe"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "signals_sender -pid n [-signals names] [-value n] [-ack file] [-timeout seconds]"

// sigqueue is glibc's sigqueue(3): rt_sigqueueinfo(2) with a siginfo that
// says SI_QUEUE, this process's pid and uid, and the value. x/sys/unix has
// neither, and its Siginfo spells out only si_signo, si_errno and si_code
// (in mips order where mips differs): the union after them starts at the
// next pointer-aligned offset (12 on 32-bit, 16 on 64-bit), and its _rt
// member is si_pid, si_uid and then the union sigval, pointer-aligned
// again, whose sival_int is its first four bytes in either byte order.
func sigqueue(pid int, sig unix.Signal, value int32) error {
	var info unix.Siginfo
	info.Signo = int32(sig)
	info.Code = wire.SignalsSiQueue
	const ptr = unsafe.Sizeof(uintptr(0))
	const union = (3*4 + ptr - 1) &^ (ptr - 1)
	const sigval = (union + 8 + ptr - 1) &^ (ptr - 1)
	base := unsafe.Pointer(&info)
	*(*int32)(unsafe.Add(base, union)) = int32(os.Getpid())
	*(*uint32)(unsafe.Add(base, union+4)) = uint32(os.Getuid())
	*(*int32)(unsafe.Add(base, sigval)) = value
	_, _, errno := unix.Syscall(unix.SYS_RT_SIGQUEUEINFO, uintptr(pid), uintptr(sig), uintptr(unsafe.Pointer(&info)))
	if errno != 0 {
		return errno
	}
	return nil
}

// ackMax is the most an ack file may hold (ACK_MAX of the C sender): a
// line a signal is some 30 bytes. The file is the receiver's to write, and
// its size not ours to trust (it may even be /dev/zero).
const ackMax = 65536

// ackLines counts the lines of path, reading it in fixed chunks as the C
// sender does, and no more than ackMax bytes; a missing file has none. It
// opens without waiting: a FIFO with no writer must not hang it.
func ackLines(path string) int {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err == unix.ENOENT {
		return 0
	}
	if err != nil {
		peer.Fail("open", err)
	}
	buf := make([]byte, 512)
	lines, total := 0, 0
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Fail("read", err)
		}
		if n == 0 {
			break
		}
		total += n
		if total > ackMax {
			peer.Failf("read: ack file of more than %d bytes", ackMax)
		}
		lines += bytes.Count(buf[:n], []byte("\n"))
	}
	if err := unix.Close(fd); err != nil {
		peer.Fail("close", err)
	}
	return lines
}

func main() {
	fs := peer.Flags(usage)
	pid := fs.Int64("pid", 0, "the receiver's pid")
	list := fs.String("signals", wire.SignalsList, "signals to send, by name, comma-separated")
	value := fs.Int64("value", 0, "send by sigqueue with this value, and one more for each next signal")
	ack := fs.String("ack", "", "file the receiver acknowledges each signal in, a line each")
	timeout := fs.Int64("timeout", 10, "seconds to wait for each acknowledgement")
	peer.Parse(fs)
	peer.Range(fs, "pid", *pid, 1, 1<<31-1)
	peer.Range(fs, "value", *value, -1<<31, 1<<31-1-64)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	queue := false
	fs.Visit(func(f *flag.Flag) { queue = queue || f.Name == "value" })

	// Lines already there acknowledge signals sent before this sender.
	before := 0
	if *ack != "" {
		before = ackLines(*ack)
	}
	sent := 0
	for _, name := range strings.Split(*list, ",") {
		sig := unix.SignalNum("SIG" + strings.TrimPrefix(name, "SIG"))
		if sig == 0 {
			peer.Usage(fs, "bad signal %s", name)
		}
		if queue {
			v := *value + int64(sent)
			if err := sigqueue(int(*pid), sig, int32(v)); err != nil {
				peer.Fail("sigqueue", err)
			}
			fmt.Printf("sent %s value %d\n", unix.SignalName(sig), v)
		} else {
			if err := unix.Kill(int(*pid), sig); err != nil {
				peer.Fail("kill", err)
			}
			fmt.Printf("sent %s\n", unix.SignalName(sig))
		}
		sent++
		if *ack == "" {
			continue
		}
		deadline := time.Now().Add(time.Duration(*timeout) * time.Second)
		for delay := time.Millisecond; ackLines(*ack) < before+sent; delay = min(2*delay, 50*time.Millisecond) {
			if !time.Now().Before(deadline) {
				peer.Failf("timeout: no acknowledgement of %s after %d s", unix.SignalName(sig), *timeout)
			}
			time.Sleep(delay)
		}
	}
}
