// Command rpc_xdr_server is the Go counterpart of
// ctests/rpc/rpc_xdr_server.c: versions 1 and 2 of RPCX_PROG over TCP
// (record marking) or UDP on loopback, dispatched through the server
// stubs goxdr makes from ctests/rpc/rpc_xdr.x. It prints each record it
// decodes, one field a line; with -cache it answers a UDP call
// retransmitted with the same XID from its duplicate-request cache
// (keyed, as libtirpc's, by XID, program, version, procedure and the
// caller's address) instead of running it again; with -pmap it registers
// with the portmapper at that port and unregisters when it ends. SHUTDOWN
// ends it after its reply; no call for -timeout seconds is a failure.
//
// Bad input never ends it: a call it cannot decode gets GARBAGE_ARGS (or,
// when not even its header decodes, no reply, and over TCP its
// connection is closed), and a record past MaxRecord closes the
// connection before its bytes are read.
package main

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"github.com/ipcconform/ipcconform/gosides/rpcxdr"
	"github.com/ipcconform/ipcconform/gosides/sockutil"
	"golang.org/x/sys/unix"
)

const usage = "rpc_xdr_server [-proto tcp|udp] [-port n] [-cache entries] [-pmap port] [-frag bytes] [-ready file] [-timeout seconds]"

// server implements both versions; calls run one at a time (mu), as
// libtirpc's svc_getreq_poll runs them.
type server struct {
	mu                 sync.Mutex
	served             uint64
	counter            uint64
	echoes, transforms int
	done               chan struct{}
	doneOnce           sync.Once
}

func (s *server) null() { s.served++ }

func (s *server) echo(r rpcxdr.Rpcx_record) rpcxdr.Rpcx_record {
	s.served++
	rpcxdr.Print(os.Stdout, fmt.Sprintf("echo %d", s.echoes), &r)
	s.echoes++
	return r
}

func (s *server) transform(r rpcxdr.Rpcx_record) rpcxdr.Rpcx_record {
	s.served++
	rpcxdr.Print(os.Stdout, fmt.Sprintf("transform %d", s.transforms), &r)
	s.transforms++
	return rpcxdr.Transform(&r)
}

func (s *server) increment() uint64 {
	s.served++
	s.counter++
	fmt.Printf("increment: counter %d\n", s.counter)
	return s.counter
}

func (s *server) count() uint64 { s.served++; return s.counter }

func (s *server) shutdown() {
	s.served++
	s.doneOnce.Do(func() { close(s.done) })
}

type v1 struct{ *server }

func (s v1) RPCX_NULL()                                        { s.null() }
func (s v1) RPCX_ECHO(r rpcxdr.Rpcx_record) rpcxdr.Rpcx_record { return s.echo(r) }
func (s v1) RPCX_INCREMENT() uint64                            { return s.increment() }
func (s v1) RPCX_COUNT() uint64                                { return s.count() }
func (s v1) RPCX_SHUTDOWN()                                    { s.shutdown() }

type v2 struct{ *server }

func (s v2) RPCX2_NULL()                                             { s.null() }
func (s v2) RPCX2_ECHO(r rpcxdr.Rpcx_record) rpcxdr.Rpcx_record      { return s.echo(r) }
func (s v2) RPCX2_INCREMENT() uint64                                 { return s.increment() }
func (s v2) RPCX2_COUNT() uint64                                     { return s.count() }
func (s v2) RPCX2_SHUTDOWN()                                         { s.shutdown() }
func (s v2) RPCX2_TRANSFORM(r rpcxdr.Rpcx_record) rpcxdr.Rpcx_record { return s.transform(r) }

// dispatch answers one call message; nil means no reply at all.
func (s *server) dispatch(msg []byte) []byte {
	call, err := rpcxdr.ParseCall(msg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%v: no reply\n", err)
		return nil
	}
	if rpcxdr.ParseCallRPCVersion(msg) != rpcxdr.RPCVersion {
		return rpcxdr.DeniedReply(call.Xid, rpcxdr.RPC_MISMATCH, 0)
	}
	switch call.Cred.Flavor {
	case rpcxdr.AUTH_NONE, rpcxdr.AUTH_SYS:
	default:
		return rpcxdr.DeniedReply(call.Xid, rpcxdr.AUTH_ERROR, rpcxdr.AUTH_REJECTEDCRED)
	}
	srvs := []rpcxdr.XdrSrv{rpcxdr.RPCX_V1_Server{Srv: v1{s}}, rpcxdr.RPCX_V2_Server{Srv: v2{s}}}
	if call.Prog != srvs[0].Prog() {
		return rpcxdr.Reply(call.Xid, rpcxdr.PROG_UNAVAIL, 0, 0)
	}
	var srv rpcxdr.XdrSrv
	for _, v := range srvs {
		if v.Vers() == call.Vers {
			srv = v
		}
	}
	if srv == nil {
		return rpcxdr.Reply(call.Xid, rpcxdr.PROG_MISMATCH, srvs[0].Vers(), srvs[len(srvs)-1].Vers())
	}
	proc := srv.GetProc(call.Proc)
	if proc == nil {
		return rpcxdr.Reply(call.Xid, rpcxdr.PROC_UNAVAIL, 0, 0)
	}
	if _, err := rpcxdr.Unmarshal(call.Args, proc.GetArg()); err != nil {
		fmt.Fprintf(os.Stderr, "%s: arguments: %v\n", proc.ProcName(), err)
		return rpcxdr.Reply(call.Xid, rpcxdr.GARBAGE_ARGS, 0, 0)
	}
	s.mu.Lock()
	proc.Do()
	s.mu.Unlock()
	return rpcxdr.Reply(call.Xid, rpcxdr.SUCCESS, 0, 0, proc.GetRes())
}

// A drcKey is what libtirpc's duplicate-request cache matches a call by.
type drcKey struct {
	xid, prog, vers, proc uint32
	addr                  [4]byte
	port                  int
}

// drc is a duplicate-request cache of a bounded number of replies, the
// oldest dropped first.
type drc struct {
	size    int
	order   []drcKey
	replies map[drcKey][]byte
}

func (c *drc) get(k drcKey) []byte { return c.replies[k] }

func (c *drc) put(k drcKey, reply []byte) {
	if len(c.order) == c.size {
		delete(c.replies, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, k)
	c.replies[k] = reply
}

func main() {
	fs := peer.Flags(usage)
	proto := fs.String("proto", "tcp", "tcp or udp")
	port := fs.Int64("port", 0, "port (0: any free one)")
	cache := fs.Int64("cache", 0, "entries of the UDP duplicate-request cache (0: none)")
	pmapPort := fs.Int64("pmap", 0, "port of the portmapper to register with (0: none)")
	frag := fs.Int64("frag", 0, "largest fragment of a TCP reply in bytes (0: one fragment)")
	ready := fs.String("ready", "", "file to write the port to once bound")
	timeout := fs.Int64("timeout", 10, "seconds without a call before giving up")
	peer.Parse(fs)
	peer.Range(fs, "port", *port, 0, 65535)
	peer.Range(fs, "cache", *cache, 0, 4096)
	peer.Range(fs, "pmap", *pmapPort, 0, 65535)
	peer.Range(fs, "frag", *frag, 0, 65536)
	peer.Range(fs, "timeout", *timeout, 1, 86400)
	udp := *proto == "udp"
	if !udp && *proto != "tcp" {
		peer.Usage(fs, "bad protocol %s", *proto)
	}
	if *cache > 0 && !udp {
		peer.Usage(fs, "-cache needs -proto udp")
	}

	typ := unix.SOCK_STREAM
	if udp {
		typ = unix.SOCK_DGRAM
	}
	fd, err := unix.Socket(unix.AF_INET, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		peer.Fail("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: int(*port), Addr: rpcxdr.Loopback}); err != nil {
		peer.Fail("bind", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		peer.Fail("getsockname", err)
	}
	if !udp {
		if err := unix.Listen(fd, unix.SOMAXCONN); err != nil {
			peer.Fail("listen", err)
		}
	}
	myPort := sa.(*unix.SockaddrInet4).Port
	s := &server{done: make(chan struct{})}
	prot := uint32(rpcxdr.IPPROTO_TCP)
	if udp {
		prot = rpcxdr.IPPROTO_UDP
	}
	pmap := func(proc string) {
		for _, vers := range []uint32{rpcxdr.RPCX_V1_Server{}.Vers(), rpcxdr.RPCX_V2_Server{}.Vers()} {
			m := rpcxdr.Mapping{Prog: rpcxdr.RPCX_V1_Server{}.Prog(), Vers: vers, Prot: prot, Port: uint32(myPort)}
			ok, err := rpcxdr.PmapCall(int(*pmapPort), proc, m, *timeout)
			if err != nil {
				peer.Failf("%s", rpcxdr.ErrText(err))
			}
			if ok == 0 {
				peer.Failf("%s: version %d refused", proc, vers)
			}
		}
	}
	if *pmapPort != 0 {
		pmap("PMAPPROC_SET")
	}
	peer.Ready(*ready, "%d", myPort)

	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	if udp {
		serveUDP(s, fd, int(*cache), *timeout, &last)
	} else {
		serveTCP(s, fd, int(*frag), *timeout, &last)
	}
	if *pmapPort != 0 {
		pmap("PMAPPROC_UNSET")
	}
	s.mu.Lock()
	fmt.Printf("served %d calls\n", s.served)
	s.mu.Unlock()
}

// idle fails the server once no call came for timeout seconds.
func idle(last *atomic.Int64, timeout int64) {
	if time.Since(time.Unix(0, last.Load())) > time.Duration(timeout)*time.Second {
		peer.Fail("poll", unix.ETIMEDOUT)
	}
}

func serveUDP(s *server, fd int, cacheSize int, timeout int64, last *atomic.Int64) {
	if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, 1); err != nil {
		peer.Fail("setsockopt", err)
	}
	cache := &drc{size: cacheSize, replies: map[drcKey][]byte{}}
	buf := make([]byte, rpcxdr.MaxDatagram)
	for {
		select {
		case <-s.done:
			return
		default:
		}
		n, from, err := unix.Recvfrom(fd, buf, 0)
		if err == unix.EAGAIN || err == unix.EINTR {
			idle(last, timeout)
			continue
		}
		if err != nil {
			peer.Fail("recvfrom", err)
		}
		last.Store(time.Now().UnixNano())
		msg := buf[:n]
		var key drcKey
		cached := false
		if call, err := rpcxdr.ParseCall(msg); err == nil && cacheSize > 0 {
			if in4, ok := from.(*unix.SockaddrInet4); ok {
				key = drcKey{call.Xid, call.Prog, call.Vers, call.Proc, in4.Addr, in4.Port}
				cached = true
				if reply := cache.get(key); reply != nil {
					if err := unix.Sendto(fd, reply, 0, from); err != nil {
						peer.Error("sendto", err)
					}
					continue
				}
			}
		}
		reply := s.dispatch(msg)
		if reply == nil {
			continue
		}
		if cached {
			cache.put(key, reply)
		}
		if err := unix.Sendto(fd, reply, 0, from); err != nil {
			peer.Error("sendto", err)
		}
	}
}

func serveTCP(s *server, lfd int, frag int, timeout int64, last *atomic.Int64) {
	var conns sync.WaitGroup
	defer conns.Wait()
	for {
		select {
		case <-s.done:
			return
		default:
		}
		pfd := []unix.PollFd{{Fd: int32(lfd), Events: unix.POLLIN}}
		n, err := unix.Poll(pfd, 200)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			peer.Fail("poll", err)
		}
		if n == 0 {
			idle(last, timeout)
			continue
		}
		cfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
		if err != nil {
			peer.Error("accept", err)
			continue
		}
		last.Store(time.Now().UnixNano())
		conns.Add(1)
		go func() {
			defer conns.Done()
			serveConn(s, cfd, frag, timeout, last)
		}()
	}
}

// serveConn answers the calls of one connection until its client closes
// it, sends what is not a record, or stays silent past the timeout (or
// the server is shut down and the connection has gone quiet).
func serveConn(s *server, fd int, frag int, timeout int64, last *atomic.Int64) {
	defer unix.Close(fd)
	for _, opt := range []int{unix.SO_RCVTIMEO, unix.SO_SNDTIMEO} {
		if err := sockutil.SetTimeout(fd, opt, 1); err != nil {
			peer.Error("setsockopt", err)
			return
		}
	}
	read := rpcxdr.ReadFrom(fd)
	for {
		// Wait for a record's first byte a second at a time, so that a
		// SHUTDOWN on another connection ends this one.
		var b [1]byte
		n, _, err := unix.Recvfrom(fd, b[:], unix.MSG_PEEK)
		if err == unix.EAGAIN || err == unix.EINTR {
			select {
			case <-s.done:
				return
			default:
			}
			if time.Since(time.Unix(0, last.Load())) > time.Duration(timeout)*time.Second {
				return
			}
			continue
		}
		if err != nil || n == 0 {
			return
		}
		if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, timeout); err != nil {
			peer.Error("setsockopt", err)
			return
		}
		rec, err := rpcxdr.ReadRecord(read, rpcxdr.MaxRecord)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: connection closed\n", rpcxdr.ErrText(fmt.Errorf("read: %w", err)))
			return
		}
		last.Store(time.Now().UnixNano())
		if reply := s.dispatch(rec); reply == nil {
			return
		} else if err := rpcxdr.WriteAll(fd, rpcxdr.MarkRecord(reply, frag)); err != nil {
			peer.Error("write", err)
			return
		}
		if err := sockutil.SetTimeout(fd, unix.SO_RCVTIMEO, 1); err != nil {
			peer.Error("setsockopt", err)
			return
		}
	}
}
