package harness

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// killedRun is a test run that leaves its mark and waits to be killed: a
// FIFO, a socket file and a plain file in its run folder, and a /dev/shm
// name. It prints the folder and the name, then blocks.
func killedRun() {
	dir, err := RunDir()
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	shm := fmt.Sprintf("/dev/shm/ipcconform.%d.1", os.Getpid())
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err == nil {
		err = unix.Bind(fd, &unix.SockaddrUnix{Name: filepath.Join(dir, "s.sock")})
	}
	if err == nil {
		err = unix.Mkfifo(filepath.Join(dir, "fifo"), 0o600)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	}
	if err == nil {
		err = os.WriteFile(shm, nil, 0o600)
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(dir, shm)
	select {}
}

// TestKilledRunSwept kills a run with SIGKILL after it made files, a FIFO
// and a socket in its run folder and a /dev/shm entry, and checks that the
// next run's sweep removes them all, says so, and leaves a live run's
// folder alone.
func TestKilledRunSwept(t *testing.T) {
	// This run's own folder first: making it sweeps once, before the
	// killed run exists.
	live, err := RunDir()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "IPCCONFORM_TEST_KILLED_RUN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	f := strings.Fields(line)
	if err != nil || len(f) != 2 {
		t.Fatalf("the killed run said %q (%v)", line, err)
	}
	dir, shm := f[0], f[1]
	for _, p := range []string{dir, filepath.Join(dir, "fifo"), filepath.Join(dir, "s.sock"), shm} {
		if _, err := os.Lstat(p); err != nil {
			t.Fatalf("before the sweep: %v", err)
		}
	}
	swept := strings.Join(sweepStaleRuns(filepath.Dir(dir)), "\n")
	for _, p := range []string{dir, shm} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s is still there after the sweep", p)
		}
		if !strings.Contains(swept, p) {
			t.Errorf("the sweep did not report %s; it said:\n%s", p, swept)
		}
	}
	if !strings.Contains(swept, "(3 files, sockets and FIFOs") {
		t.Errorf("the sweep's report does not count the 3 entries: %s", swept)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the sweep removed the live run's folder: %v", err)
	}
}
