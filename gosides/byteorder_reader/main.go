// Command byteorder_reader is the Go counterpart of
// ctests/byteorder_reader.c: it decodes every field of a snapshot written
// by byteorder_writer (C or Go, any architecture) with encoding/binary in
// the writer's declared byte order, at this program's own offsets, and
// names each field that differs.
//
// usage: byteorder_reader -i file
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire/snapshot"
)

func main() {
	fs := peer.Flags("byteorder_reader -i file")
	in := fs.String("i", "", "snapshot file to read")
	peer.Parse(fs)
	if *in == "" {
		peer.Usage(fs, "missing -i")
	}
	f, err := os.Open(*in)
	if err != nil {
		peer.Fail("open", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4096), 1<<20)
	var writer binary.ByteOrder
	lineno, failures, structs, fields := 0, 0, 0, 0
	for sc.Scan() {
		line := sc.Text()
		lineno++
		switch lineno {
		case 1:
			if line != "ipcconform-byteorder 1" {
				peer.Failf("bad snapshot: no ipcconform-byteorder 1 line")
			}
			continue
		case 2:
			switch line {
			case "order big":
				writer = binary.BigEndian
			case "order little":
				writer = binary.LittleEndian
			default:
				peer.Failf("bad snapshot: no order line")
			}
			continue
		}
		var name, hexed string
		var size int
		if n, err := fmt.Sscanf(line, "struct %s %d %s", &name, &size, &hexed); n != 3 || err != nil || len(hexed) != 2*size {
			peer.Failf("bad snapshot: %s", line)
		}
		mem, err := hex.DecodeString(hexed)
		if err != nil {
			peer.Failf("bad snapshot: bad hex")
		}
		s, ok := snapshot.Lookup(name)
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown struct %s\n", name)
			failures++
			continue
		}
		if size != s.Size {
			fmt.Printf("skip %s: %d bytes from the writer, %d here\n", name, size, s.Size)
			continue
		}
		for i, fld := range s.Fields {
			want := snapshot.Pattern(fld.Size, i+1, fld.Kind)
			have := snapshot.Get(mem[fld.Offset:fld.Offset+fld.Size], snapshot.Order(fld.Kind, writer))
			fields++
			if !bytes.Equal(have, want) {
				fmt.Fprintf(os.Stderr, "%s.%s: have 0x%x, want 0x%x\n", name, fld.Name, have, want)
				failures++
			}
		}
		structs++
	}
	if err := sc.Err(); err != nil {
		peer.Fail("read", err)
	}
	if lineno < 2 {
		peer.Failf("bad snapshot: too short")
	}
	fmt.Printf("checked %d structs, %d fields\n", structs, fields)
	if failures > 0 {
		os.Exit(peer.ExitFail)
	}
}
