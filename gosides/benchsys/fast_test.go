package benchsys

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func pipe(t *testing.T) (r, w int) {
	t.Helper()
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	return p[0], p[1]
}

// A side waiting on the fast path holds its P in a raw ppoll; with one P
// in all, a garbage collection must still be able to stop it, and the
// side must still get its data afterwards. A wait that never let the
// runtime in would hang the whole process, timers and test deadline
// included, so the scenario runs in a child process with a deadline of
// its own.
func TestFastWaitLetsTheWorldStop(t *testing.T) {
	if kind := os.Getenv("BENCHSYS_WORLD_STOP"); kind != "" {
		worldStop(kind)
		return
	}
	// A socket waits in a raw ppoll, a pipe in a blocking read, a FIFO
	// (no RWF_NOWAIT) in a read it is made blocking for.
	for _, kind := range []string{"socket", "pipe", "fifo"} {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFastWaitLetsTheWorldStop$")
			cmd.Env = append(os.Environ(), "BENCHSYS_WORLD_STOP="+kind)
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("hung: a garbage collection could not stop a side waiting on the fast path\n%s", out)
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
		})
	}
}

// worldStop is TestFastWaitLetsTheWorldStop's child, reading from a
// socket, a pipe or a FIFO: it panics on a wrong read.
func worldStop(kind string) {
	runtime.GOMAXPROCS(1)
	var p [2]int
	var err error
	switch kind {
	case "socket":
		p, err = unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	case "pipe":
		err = unix.Pipe2(p[:], unix.O_CLOEXEC)
	case "fifo":
		p, err = fifo()
	}
	if err != nil {
		panic(err)
	}
	got := make(chan string)
	go func() {
		// This goroutine ends bound to its thread, which ends with it.
		d := (&Args{}).Prepare(p[0])
		buf := make([]byte, 4)
		n, err := d.read(buf)
		if err != nil {
			panic(err)
		}
		got <- string(buf[:n])
	}()
	time.Sleep(50 * time.Millisecond) // long enough to be waiting in ppoll
	runtime.GC()
	if _, err := unix.Write(p[1], []byte("ping")); err != nil {
		panic(err)
	}
	if s := <-got; s != "ping" {
		panic("read " + s + ", want ping")
	}
}

// Prepare leaves the descriptor open in the thread's own table alone, so
// that closing it there closes the file: the peer sees end of file at
// once, not when the process exits.
func TestFastCloseIsFinal(t *testing.T) {
	r, w := pipe(t)
	defer unix.Close(r)
	closed, done := make(chan error), make(chan struct{})
	defer close(done)
	go func() {
		d := (&Args{}).Prepare(w)
		if _, err := d.write([]byte("x")); err != nil {
			closed <- err
			return
		}
		closed <- unix.Close(w)
		<-done // stay alive, thread and table with it, until the test ends
	}()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	if n, err := unix.Read(r, buf); n != 1 || err != nil {
		t.Fatalf("read: %d bytes, %v; want the 1 byte written", n, err)
	}
	pfd := []unix.PollFd{{Fd: int32(r), Events: unix.POLLIN}}
	if n, err := unix.Poll(pfd, 5000); n != 1 || err != nil {
		t.Fatalf("poll: %d, %v: no end of file while the writer's process lives", n, err)
	}
	if n, err := unix.Read(r, buf); n != 0 || err != nil {
		t.Errorf("read: %d bytes, %v; want end of file", n, err)
	}
}

// fifo makes a FIFO in a directory of its own, removed at once, and
// returns its read and write ends, both blocking.
func fifo() (p [2]int, err error) {
	dir, err := os.MkdirTemp("", "benchsys")
	if err != nil {
		return p, err
	}
	defer os.RemoveAll(dir)
	path := dir + "/fifo"
	if err := unix.Mkfifo(path, 0o600); err != nil {
		return p, err
	}
	if p[0], err = unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0); err != nil {
		return p, err
	}
	if p[1], err = unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0); err != nil {
		return p, err
	}
	return p, unix.SetNonblock(p[0], false)
}
