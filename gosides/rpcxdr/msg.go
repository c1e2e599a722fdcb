package rpcxdr

import (
	"bytes"
	"fmt"
)

// Unmarshal decodes t from the front of b and returns what follows it.
// goxdr's decoders throw their errors; here they are returned, so that
// bytes from the network never panic a peer. A length or a count past
// its bound in the .x is refused before anything is allocated for it,
// and opaque data is never allocated past the bytes that b holds.
func Unmarshal(b []byte, t XdrType) (rest []byte, err error) {
	r := bytes.NewReader(b)
	defer func() {
		if p := recover(); p != nil {
			switch e := p.(type) {
			case XdrError:
				err = e
			case error:
				err = e
			default:
				panic(p)
			}
		}
	}()
	t.XdrMarshal(XdrIn{In: r}, "")
	return b[len(b)-r.Len():], nil
}

// Marshal appends the XDR encoding of each t to b.
func Marshal(b []byte, ts ...XdrType) []byte {
	buf := bytes.NewBuffer(b)
	for _, t := range ts {
		t.XdrMarshal(XdrOut{Out: buf}, "")
	}
	return buf.Bytes()
}

// A Call is an RPC call message: its header and its arguments' bytes.
type Call struct {
	Xid              uint32
	Prog, Vers, Proc uint32
	Cred, Verf       Opaque_auth
	Args             []byte
}

// ParseCall decodes a call message.
func ParseCall(msg []byte) (*Call, error) {
	var m Rpc_msg
	rest, err := Unmarshal(msg, &m)
	if err != nil {
		return nil, fmt.Errorf("call header: %v", err)
	}
	if m.Body.Mtype != CALL {
		return nil, fmt.Errorf("call header: message type %d, want CALL", int32(m.Body.Mtype))
	}
	cb := m.Body.Cbody()
	return &Call{Xid: m.Xid, Prog: cb.Prog, Vers: cb.Vers, Proc: cb.Proc, Cred: cb.Cred, Verf: cb.Verf, Args: rest}, nil
}

// RPCVersion is the version of the RPC protocol itself (RFC 5531).
const RPCVersion = 2

// ParseCallRPCVersion returns the rpcvers field of a call message, for a
// server to refuse any but RPCVersion with RPC_MISMATCH.
func ParseCallRPCVersion(msg []byte) uint32 {
	var m Rpc_msg
	if _, err := Unmarshal(msg, &m); err != nil || m.Body.Mtype != CALL {
		return 0
	}
	return m.Body.Cbody().Rpcvers
}

// MarshalCall encodes a call with AUTH_NONE credentials and verifier.
func MarshalCall(xid, prog, vers, proc uint32, args ...XdrType) []byte {
	m := Rpc_msg{Xid: xid}
	m.Body.Mtype = CALL
	*m.Body.Cbody() = Call_body{Rpcvers: RPCVersion, Prog: prog, Vers: vers, Proc: proc,
		Cred: Opaque_auth{Flavor: AUTH_NONE}, Verf: Opaque_auth{Flavor: AUTH_NONE}}
	return Marshal(nil, append([]XdrType{&m}, args...)...)
}

// Reply encodes an accepted reply with status stat: SUCCESS followed by
// results, PROG_MISMATCH with the range of versions [low, high].
func Reply(xid uint32, stat Accept_stat, low, high uint32, results ...XdrType) []byte {
	m := Rpc_msg{Xid: xid}
	m.Body.Mtype = REPLY
	rb := m.Body.Rbody()
	rb.Stat = MSG_ACCEPTED
	ar := rb.Areply()
	ar.Verf = Opaque_auth{Flavor: AUTH_NONE}
	ar.Data.Stat = stat
	if stat == PROG_MISMATCH {
		*ar.Data.Mismatch() = Mismatch_info{Low: low, High: high}
	}
	return Marshal(nil, append([]XdrType{&m}, results...)...)
}

// DeniedReply encodes a reply refusing a call: RPC_MISMATCH with the
// versions of RPC this side speaks, or AUTH_ERROR with why.
func DeniedReply(xid uint32, stat Reject_stat, why Auth_stat) []byte {
	m := Rpc_msg{Xid: xid}
	m.Body.Mtype = REPLY
	rb := m.Body.Rbody()
	rb.Stat = MSG_DENIED
	rr := rb.Rreply()
	rr.Stat = stat
	if stat == RPC_MISMATCH {
		*rr.Mismatch() = Mismatch_info{Low: RPCVersion, High: RPCVersion}
	} else {
		*rr.Why() = why
	}
	return Marshal(nil, &m)
}

// A ReplyError is a reply other than an accepted SUCCESS, as libtirpc's
// clnt_sperrno names it where it can.
type ReplyError struct {
	Denied    bool
	Stat      Accept_stat
	Low, High uint32 // PROG_MISMATCH's range
	Msg       string
}

func (e *ReplyError) Error() string { return e.Msg }

// ParseReply decodes the reply to call xid and returns its results'
// bytes, or a *ReplyError for a reply that is not an accepted SUCCESS.
func ParseReply(msg []byte, xid uint32) ([]byte, error) {
	var m Rpc_msg
	rest, err := Unmarshal(msg, &m)
	if err != nil {
		return nil, fmt.Errorf("reply header: %v", err)
	}
	if m.Body.Mtype != REPLY {
		return nil, fmt.Errorf("reply header: message type %d, want REPLY", int32(m.Body.Mtype))
	}
	if m.Xid != xid {
		return nil, fmt.Errorf("reply header: xid %#x, want %#x", m.Xid, xid)
	}
	rb := m.Body.Rbody()
	if rb.Stat == MSG_DENIED {
		rr := rb.Rreply()
		if rr.Stat == RPC_MISMATCH {
			mi := rr.Mismatch()
			return nil, &ReplyError{Denied: true, Low: mi.Low, High: mi.High, Msg: fmt.Sprintf("RPC_MISMATCH low %d high %d", mi.Low, mi.High)}
		}
		return nil, &ReplyError{Denied: true, Msg: fmt.Sprintf("AUTH_ERROR %v", *rr.Why())}
	}
	rd := rb.Areply().Data
	switch rd.Stat {
	case SUCCESS:
		return rest, nil
	case PROG_MISMATCH:
		mi := rd.Mismatch()
		return nil, &ReplyError{Stat: rd.Stat, Low: mi.Low, High: mi.High, Msg: fmt.Sprintf("PROG_MISMATCH low %d high %d", mi.Low, mi.High)}
	default:
		return nil, &ReplyError{Stat: rd.Stat, Msg: rd.Stat.String()}
	}
}

// Results decodes a reply's results into t, which must use every byte.
func Results(b []byte, t XdrType) error {
	rest, err := Unmarshal(b, t)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%d bytes after the results", len(rest))
	}
	return nil
}
