package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGenerated fails when a file made from ctests/rpc/rpc_xdr.x (or
// rpc_msg.x) differs from what the generators make of it now.
func TestGenerated(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	goSrc, err := GenerateGo(root)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{GoFile: goSrc}
	if _, err := exec.LookPath("rpcgen"); err != nil {
		t.Errorf("rpcgen: %v (Debian: apt-get install rpcsvc-proto): the C stubs cannot be checked", err)
	} else {
		cSrc, err := GenerateC(root)
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range cSrc {
			files[filepath.Join("ctests/rpc", name)] = b
		}
	}
	for path, want := range files {
		have, err := os.ReadFile(filepath.Join(root, path))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if !bytes.Equal(have, want) {
			t.Errorf("%s is stale: run go run ./gosides/rpcxdr/gen", path)
		}
	}
}
