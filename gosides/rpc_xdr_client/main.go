// Command rpc_xdr_client is the Go counterpart of
// ctests/rpc/rpc_xdr_client.c: it calls RPCX_PROG over TCP (record
// marking) or UDP on loopback through the client stubs goxdr makes from
// ctests/rpc/rpc_xdr.x, and prints every reply, one field a line.
//
// -mode xdr: NULL, ECHO of every record (version 1), TRANSFORM of every
// record (version 2), then SHUTDOWN.
// -mode once (UDP): INCREMENT, the same call again with the same XID, as
// a retransmission after a lost reply; COUNT says how often the server
// ran it; then SHUTDOWN.
// -mode rendezvous: the port comes from the portmapper at -pmap
// (PMAPPROC_GETPORT); a program the portmapper does not know, a version
// the server does not have (PROG_MISMATCH with its range) and a procedure
// it does not have (PROC_UNAVAIL); then ECHO and SHUTDOWN.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/rpcxdr"
)

const usage = "rpc_xdr_client [-mode xdr|once|rendezvous] [-proto tcp|udp] [-port n] [-pmap port] [-frag bytes] [-timeout seconds]"

var (
	udp     bool
	frag    int
	timeout int64
	prog    = rpcxdr.RPCX_V1_Server{}.Prog()
)

func dial(port int, vers uint32) *rpcxdr.Client {
	c, err := rpcxdr.Dial(udp, port, prog, vers, timeout)
	if err != nil {
		peer.Failf("%s", rpcxdr.ErrText(err))
	}
	c.Frag = frag
	return c
}

// must runs a call through a generated stub and exits on its error, as
// the C client does on a NULL result, naming the procedure.
func must(call func()) {
	if err := rpcxdr.Stub(call); err != nil {
		peer.Failf("%s", rpcxdr.ErrText(err))
	}
}

func runXDR(port int) {
	c1 := dial(port, rpcxdr.RPCX_V1_Server{}.Vers())
	defer c1.Close()
	s1 := rpcxdr.RPCX_V1_Client{Send: c1}
	must(s1.RPCX_NULL)
	fmt.Println("null")
	for n := range rpcxdr.Cases {
		var res rpcxdr.Rpcx_record
		must(func() { res = s1.RPCX_ECHO(rpcxdr.Case(n)) })
		rpcxdr.Print(os.Stdout, fmt.Sprintf("echo %d", n), &res)
	}
	c2 := dial(port, rpcxdr.RPCX_V2_Server{}.Vers())
	s2 := rpcxdr.RPCX_V2_Client{Send: c2}
	for n := range rpcxdr.Cases {
		var res rpcxdr.Rpcx_record
		must(func() { res = s2.RPCX2_TRANSFORM(rpcxdr.Case(n)) })
		rpcxdr.Print(os.Stdout, fmt.Sprintf("transform %d", n), &res)
	}
	c2.Close()
	must(s1.RPCX_SHUTDOWN)
	fmt.Println("shutdown")
}

func runOnce(port int) {
	if !udp {
		peer.Failf("-mode once needs -proto udp")
	}
	c := dial(port, rpcxdr.RPCX_V1_Server{}.Vers())
	defer c.Close()
	s := rpcxdr.RPCX_V1_Client{Send: c}
	var n uint64
	must(func() { n = s.RPCX_INCREMENT() })
	fmt.Printf("increment: %d\n", n)
	xid := c.Xid()
	// The same call again, as if its reply had been lost.
	c.SetXid(xid)
	must(func() { n = s.RPCX_INCREMENT() })
	if c.Xid() != xid {
		peer.Failf("retransmission: xid %#x, want %#x", c.Xid(), xid)
	}
	fmt.Printf("increment again, same xid: %d\n", n)
	must(func() { n = s.RPCX_COUNT() })
	fmt.Printf("count: %d\n", n)
	must(s.RPCX_SHUTDOWN)
	fmt.Println("shutdown")
}

func lookup(pmapPort int, p, vers uint32) uint32 {
	prot := uint32(rpcxdr.IPPROTO_TCP)
	if udp {
		prot = rpcxdr.IPPROTO_UDP
	}
	port, err := rpcxdr.PmapCall(pmapPort, "PMAPPROC_GETPORT", rpcxdr.Mapping{Prog: p, Vers: vers, Prot: prot}, timeout)
	if err != nil {
		peer.Failf("%s", rpcxdr.ErrText(err))
	}
	return port
}

func runRendezvous(pmapPort int) {
	state := "registered"
	if lookup(pmapPort, prog+1, 2) == 0 {
		state = "not registered"
	}
	fmt.Printf("portmapper: program %#x version 2: %s\n", prog+1, state)
	port := lookup(pmapPort, prog, 2)
	if port == 0 {
		peer.Failf("portmapper: program %#x version 2 not registered", prog)
	}
	fmt.Printf("portmapper: program %#x version 2: registered\n", prog)

	c3 := dial(int(port), 3)
	var re *rpcxdr.ReplyError
	err := c3.Call(0, nil, nil)
	if !errors.As(err, &re) || re.Denied || re.Stat != rpcxdr.PROG_MISMATCH {
		peer.Failf("version 3: %v, want PROG_MISMATCH", err)
	}
	fmt.Printf("version 3: PROG_MISMATCH low %d high %d\n", re.Low, re.High)
	c3.Close()

	c2 := dial(int(port), rpcxdr.RPCX_V2_Server{}.Vers())
	defer c2.Close()
	err = c2.Call(99, nil, nil)
	if !errors.As(err, &re) || re.Denied || re.Stat != rpcxdr.PROC_UNAVAIL {
		peer.Failf("procedure 99: %v, want PROC_UNAVAIL", err)
	}
	fmt.Println("procedure 99: PROC_UNAVAIL")
	s2 := rpcxdr.RPCX_V2_Client{Send: c2}
	var res rpcxdr.Rpcx_record
	must(func() { res = s2.RPCX2_ECHO(rpcxdr.Case(3)) })
	rpcxdr.Print(os.Stdout, "echo", &res)
	must(s2.RPCX2_SHUTDOWN)
	fmt.Println("shutdown")
}

func main() {
	fs := peer.Flags(usage)
	mode := fs.String("mode", "xdr", "xdr, once or rendezvous")
	proto := fs.String("proto", "tcp", "tcp or udp")
	port := fs.Int64("port", -1, "the server's port")
	pmapPort := fs.Int64("pmap", 0, "the portmapper's port (-mode rendezvous)")
	fragFlag := fs.Int64("frag", 0, "largest fragment of a TCP call in bytes (0: one fragment)")
	fs.Int64Var(&timeout, "timeout", 10, "seconds to wait for a reply")
	peer.Parse(fs)
	peer.Range(fs, "pmap", *pmapPort, 0, 65535)
	peer.Range(fs, "frag", *fragFlag, 0, 65536)
	peer.Range(fs, "timeout", timeout, 1, 86400)
	frag = int(*fragFlag)
	udp = *proto == "udp"
	if !udp && *proto != "tcp" {
		peer.Usage(fs, "bad protocol %s", *proto)
	}
	if *mode == "rendezvous" {
		if *pmapPort == 0 {
			peer.Usage(fs, "-mode rendezvous needs -pmap")
		}
		runRendezvous(int(*pmapPort))
		return
	}
	peer.Range(fs, "port", *port, 1, 65535)
	switch *mode {
	case "xdr":
		runXDR(int(*port))
	case "once":
		runOnce(int(*port))
	default:
		peer.Usage(fs, "bad mode %s", *mode)
	}
}
