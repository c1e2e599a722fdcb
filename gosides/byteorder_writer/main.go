// Command byteorder_writer is the Go counterpart of
// ctests/byteorder_writer.c: it writes every shared struct, each field
// filled with a value of its own, to a snapshot file for byteorder_reader.
//
// usage: byteorder_writer -o file [-corrupt struct.field]
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/wire/snapshot"
)

func main() {
	fs := peer.Flags("byteorder_writer -o file [-corrupt struct.field]")
	out := fs.String("o", "", "snapshot file to write")
	corrupt := fs.String("corrupt", "", "write this struct.field with its bytes reversed")
	peer.Parse(fs)
	if *out == "" {
		peer.Usage(fs, "missing -o")
	}
	f, err := os.Create(*out)
	if err != nil {
		peer.Fail("open", err)
	}
	w := bufio.NewWriter(f)
	host := snapshot.HostOrder()
	fmt.Fprintf(w, "ipcconform-byteorder 1\norder %s\n", snapshot.OrderName(host))
	for _, s := range snapshot.Structs {
		mem := make([]byte, s.Size)
		for i, fld := range s.Fields {
			order := snapshot.Order(fld.Kind, host)
			if *corrupt == s.Name+"."+fld.Name {
				order = snapshot.Swapped(order)
			}
			snapshot.Put(mem[fld.Offset:fld.Offset+fld.Size], snapshot.Pattern(fld.Size, i+1, fld.Kind), order)
		}
		fmt.Fprintf(w, "struct %s %d %s\n", s.Name, s.Size, hex.EncodeToString(mem))
	}
	if err := w.Flush(); err != nil {
		peer.Fail("write", err)
	}
	if err := f.Close(); err != nil {
		peer.Fail("write", err)
	}
}
