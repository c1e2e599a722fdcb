// Command mq_posix_receiver is the Go counterpart of
// ctests/mq_posix_receiver.c: the receiving side of document 001's mailbox
// as a POSIX message queue. It opens the queue the sender created, prints
// its attributes (mq_getattr), and takes messages, highest priority first,
// until it takes a stop message; it prints each one, or with -seq writes
// their texts to a file, one a line, and prints how many it took. Several
// receivers may share one queue: each message goes to exactly one of them.
package main

import (
	"bufio"
	"fmt"
	"os"
	"time"

	"github.com/ipcconform/ipcconform/gosides/decode"
	"github.com/ipcconform/ipcconform/gosides/mq"
	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire"
	"golang.org/x/sys/unix"
)

const usage = "mq_posix_receiver [-name /name] [-seq file] [-timeout seconds]"

func main() {
	fs := peer.Flags(usage)
	name := fs.String("name", wire.MqPosixName, "queue name, /name")
	seq := fs.String("seq", "", "file to write the texts to, one a line")
	timeout := fs.Int64("timeout", 10, "seconds to wait for each message")
	peer.Parse(fs)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	mqd, err := mq.Open(*name, unix.O_RDONLY, 0, nil)
	if err != nil {
		peer.Fail("mq_open", err)
	}
	attr, err := mq.Getattr(mqd)
	if err != nil {
		peer.Fail("mq_getattr", err)
	}
	fmt.Printf("mq_getattr: maxmsg %d, msgsize %d, curmsgs %d\n", attr.Maxmsg, attr.Msgsize, attr.Curmsgs)
	var out *bufio.Writer
	var file *os.File
	if *seq != "" {
		if file, err = os.Create(*seq); err != nil {
			peer.Fail("open", err)
		}
		out = bufio.NewWriter(file)
	}

	buf := make([]byte, attr.Msgsize)
	received := 0
	for {
		n, prio, err := mq.Timedreceive(mqd, buf, time.Now().Add(time.Duration(*timeout)*time.Second))
		if err != nil {
			peer.Fail("mq_timedreceive", err)
		}
		// The C receiver prints with "%.*s": a NUL ends the text.
		text, stop := decode.MqMessage(buf, n, prio)
		if stop {
			break
		}
		received++
		if out != nil {
			fmt.Fprintf(out, "%s\n", text)
		} else {
			fmt.Printf("received prio %d: %s\n", prio, text)
		}
	}
	if out != nil {
		if err := out.Flush(); err != nil {
			peer.Fail("write", err)
		}
		if err := file.Close(); err != nil {
			peer.Fail("write", err)
		}
	}
	fmt.Printf("received %d messages\n", received)
	if err := unix.Close(mqd); err != nil {
		peer.Fail("mq_close", err)
	}
}
