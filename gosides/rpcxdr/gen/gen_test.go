package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerated fails when a file made from ctests/rpc/rpc_xdr.x (or
// rpc_msg.x) differs from what the generators make of it now.
func TestGenerated(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	compare := func(t *testing.T, path string, want []byte) {
		have, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !bytes.Equal(have, want) {
			t.Errorf("%s is stale: run go run ./gosides/rpcxdr/gen", path)
		}
	}
	t.Run("go", func(t *testing.T) {
		src, err := GenerateGo(root)
		if err != nil {
			t.Fatal(err)
		}
		compare(t, GoFile, src)
	})
	t.Run("c", func(t *testing.T) {
		out, err := exec.Command("rpcgen", "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("rpcgen --version: %v (Debian: apt-get install rpcsvc-proto)", err)
		}
		if v := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]); v != RPCGenVersion {
			t.Skipf("rpcgen here is %q, the stubs were made by %q: its output may differ", v, RPCGenVersion)
		}
		src, err := GenerateC(root)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range src {
			compare(t, filepath.Join("ctests/rpc", name), b)
		}
	})
}
