package posixshm

import (
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The cases and their outcomes are glibc 2.36's, observed through strace.
func TestPath(t *testing.T) {
	for _, tc := range []struct {
		name string
		path string
		err  error
	}{
		{"OS", "/dev/shm/OS", nil},
		{"/OS", "/dev/shm/OS", nil},
		{"//OS", "/dev/shm/OS", nil},
		{"/ipcconform.1.2", "/dev/shm/ipcconform.1.2", nil},
		{"/..", "/dev/shm/..", nil},
		{"", "", unix.EINVAL},
		{"/", "", unix.EINVAL},
		{"//", "", unix.EINVAL},
		{"a/b", "", unix.EINVAL},
		{"/a/b", "", unix.EINVAL},
		{"/x/", "", unix.EINVAL},
		{"/" + strings.Repeat("x", 259), "/dev/shm/" + strings.Repeat("x", 259), nil}, // open: ENAMETOOLONG
		{"/" + strings.Repeat("x", 260), "", unix.EINVAL},
	} {
		path, err := Path(tc.name)
		if path != tc.path || err != tc.err {
			t.Errorf("Path(%q) = %q, %v; want %q, %v", tc.name, path, err, tc.path, tc.err)
		}
	}
}

func TestOpenUnlink(t *testing.T) {
	name := "/ipcconform.posixshm_test." + strings.Repeat("x", 8)
	_ = Unlink(name)
	fd, err := Open(name, unix.O_CREAT|unix.O_EXCL|unix.O_RDWR, 0o600)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer unix.Close(fd)
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil || flags&unix.FD_CLOEXEC == 0 {
		t.Errorf("F_GETFD = %#x, %v; want FD_CLOEXEC", flags, err)
	}
	if err := Unlink(name); err != nil {
		t.Fatalf("Unlink: %v", err)
	}
	if _, err := Open(name, unix.O_RDONLY, 0); err != unix.ENOENT {
		t.Errorf("Open after Unlink: %v, want ENOENT", err)
	}
	if err := Unlink("/a/b"); err != unix.ENOENT {
		t.Errorf("Unlink(%q): %v, want ENOENT", "/a/b", err)
	}
}
