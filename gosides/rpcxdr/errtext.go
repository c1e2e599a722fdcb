package rpcxdr

import (
	"errors"
	"fmt"

	"github.com/ipcconform/ipcconform/gosides/peer"
	"golang.org/x/sys/unix"
)

// ErrText is err as the C peers print it: a failed system call's errno
// by its symbolic name ("read: EAGAIN"), anything else as its text.
func ErrText(err error) string {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return err.Error()
	}
	// Keep the call's name that wraps the errno ("read: ...").
	if w := errors.Unwrap(err); w != nil && w == error(errno) {
		msg := err.Error()
		return fmt.Sprintf("%s%s", msg[:len(msg)-len(errno.Error())], peer.ErrnoName(errno))
	}
	return peer.ErrnoName(errno)
}
