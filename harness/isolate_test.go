package harness

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPlaysIn(t *testing.T) {
	c := &Config{Peers: []PeerSpec{
		{Impl: "doc", Name: "x_server", Run: "x", Sources: []string{"x"}, Scripts: []string{"*_dropin"}},
		{Impl: "py", Name: "x_client", Run: "x", Sources: []string{"x"}},
	}}
	for _, tc := range []struct {
		impl          Impl
		program, name string
		want          bool
	}{
		{"doc", "x_server", "x_dropin", true},
		{"doc", "x_server", "x_handshake", false},
		{"py", "x_client", "x_handshake", true},
	} {
		if got := c.playsIn(tc.impl, tc.program, tc.name); got != tc.want {
			t.Errorf("playsIn(%s, %s, %s) = %v, want %v", tc.impl, tc.program, tc.name, got, tc.want)
		}
	}
	bad := PeerSpec{Impl: "doc", Name: "x", Run: "x", Sources: []string{"x"}, Scripts: []string{"["}}
	if err := bad.validate(); err == nil {
		t.Errorf("a bad \"scripts\" pattern validates")
	}
	if err := (PeerSpec{Impl: C, Glob: "*.c", Scripts: []string{"*"}}).validate(); err == nil {
		t.Errorf("\"scripts\" on a C peer validates")
	}
}

func TestListening(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "net"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A listener on 5001 (0x1389) and an established connection on 6013
	// (0x177D), as /proc/net/tcp shows them.
	tcp := `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1389 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:177D 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
`
	if err := os.WriteFile(filepath.Join(dir, "net", "tcp"), []byte(tcp), 0o644); err != nil {
		t.Fatal(err)
	}
	for port, want := range map[uint16]bool{5001: true, 6013: false, 12000: false} {
		got, err := listening(dir, port)
		if err != nil || got != want {
			t.Errorf("listening(%d) = %v, %v; want %v", port, got, err, want)
		}
	}
}
