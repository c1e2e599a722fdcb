// Package sys stands for golang.org/x/sys/unix in harness/layout's tests:
// the system constants and structs of probe.c under their C names.
package sys

// Constants the same on every Linux architecture.
const (
	AF_UNIX = 1
	SIGINT  = 2
)

// DivT mirrors div_t, with Rem unsigned: a difference the tests list as
// known.
type DivT struct {
	Quot int32
	Rem  uint32
}
