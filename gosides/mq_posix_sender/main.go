// Command mq_posix_sender is the Go counterpart of ctests/mq_posix_sender.c:
// the sending side of document 001's mailbox as a POSIX message queue. It
// creates the queue, sends the fixed prioritised messages of
// wire.MqPosixSends (or, with -count n, n numbered ones), then one stop
// message per receiver (-stops), waits until the receivers have taken
// everything, and destroys the queue. With -verify it instead checks the
// files in which receivers recorded the numbered messages they took: every
// message 1..n taken exactly once, by one receiver or another.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/ipcconform/ipcconform/gosides/mq"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "mq_posix_sender [-name /name] [-mode octal] [-count n] [-stops n] [-ready file] [-timeout seconds]\n" +
	"       mq_posix_sender -verify -count n file..."

var (
	name    string
	mqd     = -1
	timeout int64
)

// failRemoving reports a failed call, destroys the queue, and exits 1.
func failRemoving(call string, err error) {
	peer.Error(call, err)
	if mqd >= 0 {
		if err := mq.Unlink(name); err != nil {
			peer.Error("mq_unlink", err)
		}
	}
	os.Exit(peer.ExitFail)
}

func sendMessage(text string, prio uint, print bool) {
	deadline := time.Now().Add(time.Duration(timeout) * time.Second)
	if err := mq.Timedsend(mqd, []byte(text), prio, deadline); err != nil {
		failRemoving("mq_timedsend", err)
	}
	if print {
		fmt.Printf("sent prio %d: %s\n", prio, text)
	}
}

// verify checks that the files list message 1..count, each exactly once.
func verify(count int64, files []string) int {
	seen := make([]byte, count+1)
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			peer.Fail("open", err)
		}
		sc := bufio.NewScanner(f)
		for lineno := 1; sc.Scan(); lineno++ {
			line := sc.Bytes()
			digits, ok := bytes.CutPrefix(line, []byte(wire.MqPosixNumbered))
			n, err := strconv.ParseInt(string(digits), 10, 64)
			if !ok || len(digits) == 0 || digits[0] < '1' || digits[0] > '9' || err != nil || n < 1 || n > count {
				fmt.Fprintf(os.Stderr, "verify: %s:%d: not a message 1..%d\n", file, lineno, count)
				return peer.ExitFail
			}
			if seen[n] < 2 {
				seen[n]++
			}
		}
		if err := sc.Err(); err != nil {
			peer.Fail("read", err)
		}
		if err := f.Close(); err != nil {
			peer.Fail("close", err)
		}
	}
	for n := int64(1); n <= count; n++ {
		switch seen[n] {
		case 0:
			fmt.Fprintf(os.Stderr, "verify: message %d never received\n", n)
			return peer.ExitFail
		case 2:
			fmt.Fprintf(os.Stderr, "verify: message %d received more than once\n", n)
			return peer.ExitFail
		}
	}
	fmt.Printf("verified %d messages, each received once\n", count)
	return 0
}

func main() {
	fs := peer.Flags(usage)
	fs.StringVar(&name, "name", wire.MqPosixName, "queue name, /name")
	mode := fs.Int64("mode", 0o600, "permissions of the queue")
	count := fs.Int64("count", 0, "send this many numbered messages (0: the fixed ones)")
	stops := fs.Int64("stops", 1, "stop messages to send, one per receiver")
	ready := fs.String("ready", "", "file to write the name to once the queue is filled")
	fs.Int64Var(&timeout, "timeout", 10, "seconds to wait for the receivers")
	verifyFiles := fs.Bool("verify", false, "check the receivers' files instead of sending")
	_ = fs.Parse(os.Args[1:]) // ExitOnError: never returns an error
	peer.Range(fs, "mode", *mode, 0, 0o777)
	peer.Range(fs, "count", *count, 0, 1000000)
	peer.Range(fs, "stops", *stops, 0, 1000)
	peer.Range(fs, "timeout", timeout, 1, 86400)
	if *verifyFiles {
		if fs.NArg() == 0 || *count == 0 {
			peer.Usage(fs, "-verify needs -count and files")
		}
		os.Exit(verify(*count, fs.Args()))
	}
	if fs.NArg() != 0 {
		fs.Usage()
		os.Exit(peer.ExitUsage)
	}

	var err error
	attr := mq.Attr{Maxmsg: wire.MqPosixMaxmsg, Msgsize: wire.MqPosixMsgsize}
	mqd, err = mq.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL, uint32(*mode), &attr)
	if err != nil {
		peer.Fail("mq_open", err)
	}

	// Ready once the queue holds what it can without a receiver: all of
	// the fixed messages and the stops, so that a receiver finds them all
	// and takes them by priority; the first MqPosixMaxmsg numbered ones.
	if *count == 0 {
		for _, m := range wire.MqPosixSends {
			sendMessage(m.Text, m.Prio, true)
		}
	}
	for i := int64(1); i <= *count; i++ {
		if i == wire.MqPosixMaxmsg+1 {
			peer.Ready(*ready, "%s", name)
		}
		sendMessage(wire.MqPosixNumbered+strconv.FormatInt(i, 10), uint(1+i%wire.MqPosixPrios), false)
	}
	if *count > 0 && *count <= wire.MqPosixMaxmsg {
		peer.Ready(*ready, "%s", name)
	}
	for range *stops {
		sendMessage(wire.MqPosixStop, wire.MqPosixStopPrio, *count == 0)
	}
	if *count == 0 {
		peer.Ready(*ready, "%s", name)
	}
	if *count > 0 {
		fmt.Printf("sent %d messages and %d stops\n", *count, *stops)
	}

	// Destroy the mailbox once it is empty: every receiver has opened it.
	end := time.Now().Add(time.Duration(timeout) * time.Second)
	for {
		attr, err := mq.Getattr(mqd)
		if err != nil {
			failRemoving("mq_getattr", err)
		}
		if attr.Curmsgs == 0 {
			break
		}
		if !time.Now().Before(end) {
			fmt.Fprintf(os.Stderr, "timeout: %d messages not received after %d s\n", attr.Curmsgs, timeout)
			failRemoving("wait", unix.ETIMEDOUT)
		}
		time.Sleep(time.Millisecond)
	}
	if err := unix.Close(mqd); err != nil {
		failRemoving("mq_close", err)
	}
	if err := mq.Unlink(name); err != nil {
		peer.Fail("mq_unlink", err)
	}
}
