// Command rpc_portmapper is the rendezvous service of document 001's
// "Remote Procedure Calls" (001_e72917b0a8829ed0.txt: the OS "provides a
// rendezvous (or matchmaker) service to connect client and server"): the
// portmapper, version 2 (RFC 1833), over UDP on loopback, dispatched
// through the stubs goxdr makes from gosides/rpcxdr/rpc_msg.x. It serves
// on a port of its own rather than 111, so that scripts run side by side
// without root; the C peers call it with libtirpc's own encoding of a
// mapping (xdr_pmap), as pmap_set, pmap_unset and pmap_getport do.
//
// It prints each SET and UNSET, and when SIGTERM ends it, the mappings
// left: none, once every server has unregistered.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"sort"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/rpcxdr"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"golang.org/x/sys/unix"
)

const usage = "rpc_portmapper [-ready file] [-timeout seconds]"

type key struct{ prog, vers, prot uint32 }

type pmap struct{ table map[key]uint32 }

func protName(p uint32) string {
	switch p {
	case rpcxdr.IPPROTO_TCP:
		return "tcp"
	case rpcxdr.IPPROTO_UDP:
		return "udp"
	}
	return fmt.Sprintf("protocol %d", p)
}

func (p *pmap) PMAPPROC_NULL() {}

// PMAPPROC_SET refuses a mapping of a program, version and protocol that
// is mapped already (RFC 1833, section 3.1).
func (p *pmap) PMAPPROC_SET(m rpcxdr.Mapping) bool {
	k := key{m.Prog, m.Vers, m.Prot}
	if _, ok := p.table[k]; ok || m.Port == 0 || m.Port > 65535 {
		fmt.Printf("set program %#x version %d %s: refused\n", m.Prog, m.Vers, protName(m.Prot))
		return false
	}
	p.table[k] = m.Port
	fmt.Printf("set program %#x version %d %s\n", m.Prog, m.Vers, protName(m.Prot))
	return true
}

// PMAPPROC_UNSET removes the version's mappings for every protocol; the
// protocol and port of m are ignored.
func (p *pmap) PMAPPROC_UNSET(m rpcxdr.Mapping) bool {
	found := false
	for k := range p.table {
		if k.prog == m.Prog && k.vers == m.Vers {
			delete(p.table, k)
			found = true
		}
	}
	fmt.Printf("unset program %#x version %d: %v\n", m.Prog, m.Vers, found)
	return found
}

func (p *pmap) PMAPPROC_GETPORT(m rpcxdr.Mapping) uint32 {
	return p.table[key{m.Prog, m.Vers, m.Prot}]
}

func (p *pmap) sorted() []key {
	keys := make([]key, 0, len(p.table))
	for k := range p.table {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.prog != b.prog {
			return a.prog < b.prog
		}
		if a.vers != b.vers {
			return a.vers < b.vers
		}
		return a.prot < b.prot
	})
	return keys
}

func (p *pmap) PMAPPROC_DUMP() rpcxdr.Pmaplist_ptr {
	var list rpcxdr.Pmaplist_ptr
	keys := p.sorted()
	for i := len(keys) - 1; i >= 0; i-- {
		k := keys[i]
		list = &rpcxdr.Pmaplist{Map: rpcxdr.Mapping{Prog: k.prog, Vers: k.vers, Prot: k.prot, Port: p.table[k]}, Next: list}
	}
	return list
}

func (p *pmap) dispatch(msg []byte) []byte {
	call, err := rpcxdr.ParseCall(msg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v: no reply\n", err)
		return nil
	}
	if rpcxdr.ParseCallRPCVersion(msg) != rpcxdr.RPCVersion {
		return rpcxdr.DeniedReply(call.Xid, rpcxdr.RPC_MISMATCH, 0)
	}
	srv := rpcxdr.PMAP_VERS_Server{Srv: p}
	if call.Prog != srv.Prog() {
		return rpcxdr.Reply(call.Xid, rpcxdr.PROG_UNAVAIL, 0, 0)
	}
	if call.Vers != srv.Vers() {
		return rpcxdr.Reply(call.Xid, rpcxdr.PROG_MISMATCH, srv.Vers(), srv.Vers())
	}
	proc := srv.GetProc(call.Proc)
	if proc == nil {
		return rpcxdr.Reply(call.Xid, rpcxdr.PROC_UNAVAIL, 0, 0)
	}
	if _, err := rpcxdr.Unmarshal(call.Args, proc.GetArg()); err != nil {
		fmt.Fprintf(os.Stderr, "%s: arguments: %v\n", proc.ProcName(), err)
		return rpcxdr.Reply(call.Xid, rpcxdr.GARBAGE_ARGS, 0, 0)
	}
	proc.Do()
	return rpcxdr.Reply(call.Xid, rpcxdr.SUCCESS, 0, 0, proc.GetRes())
}

func main() {
	fs := peer.Flags(usage)
	ready := fs.String("ready", "", "file to write the port to once bound")
	timeout := fs.Int64("timeout", 60, "seconds without a call before giving up")
	peer.Parse(fs)
	peer.Range(fs, "timeout", *timeout, 1, 86400)

	term := make(chan os.Signal, 1)
	signal.Notify(term, unix.SIGTERM, unix.SIGINT)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: rpcxdr.Loopback}); err != nil {
		peer.Fail("bind", err)
	}
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	peer.Ready(*ready, "%d", sa.(*unix.SockaddrInet4).Port)

	p := &pmap{table: map[key]uint32{}}
	last := time.Now()
	buf := make([]byte, rpcxdr.MaxDatagram)
	for {
		select {
		case <-term:
			fmt.Printf("mappings left: %d\n", len(p.table))
			for _, k := range p.sorted() {
				fmt.Printf("left: program %#x version %d %s\n", k.prog, k.vers, protName(k.prot))
			}
			return
		default:
		}
		n, from, err := unix.Recvfrom(fd, buf, 0)
		if err == unix.EAGAIN || err == unix.EINTR {
			if time.Since(last) > time.Duration(*timeout)*time.Second {
				peer.Fail("recvfrom", unix.ETIMEDOUT)
			}
			continue
		}
		if err != nil {
			peer.Fail("recvfrom", err)
		}
		last = time.Now()
		if reply := p.dispatch(buf[:n]); reply != nil {
			if err := unix.Sendto(fd, reply, 0, from); err != nil {
				peer.Error("sendto", err)
			}
		}
	}
}
