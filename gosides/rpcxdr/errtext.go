package rpcxdr

import (
	"errors"
	"strings"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// ErrText is err as the C peers print it: a failed system call's errno
// by its symbolic name, after the calls that wrap it
// ("RPCX_NULL: read: EAGAIN"), anything else as its text.
func ErrText(err error) string {
	var errno unix.Errno
	msg := err.Error()
	if errors.As(err, &errno) && strings.HasSuffix(msg, errno.Error()) {
		return strings.TrimSuffix(msg, errno.Error()) + peer.ErrnoName(errno)
	}
	return msg
}
