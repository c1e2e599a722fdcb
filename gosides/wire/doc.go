// Package wire holds the Go mirrors of ctests/include, the C headers that
// are the single truth for every struct, constant and wire format that
// crosses the language boundary.
//
// Mirrors follow rules, so that harness/layout can pair them with the C
// declarations without a hand-written table:
//
//   - struct foo_bar in <topic>.h is FooBar in <topic>.go; a leading "ipcc_"
//     (the project's prefix) is dropped, so struct ipcc_msgbuf is Msgbuf.
//   - field snake_case is field SnakeCase; a C field whose name starts with
//     '_' is padding, mirrored by a blank field.
//   - constant FOO_BAR is FooBar, and typedef foo_t is FooT. System
//     constants that golang.org/x/sys/unix lacks keep their C names
//     (MSG_NOERROR), as x/sys would spell them.
//
// Every struct opens with a structs.HostLayout field and spells each hole
// as a blank field, so that its memory layout (what shared memory holds) and
// its encoding/binary encoding (what a stream carries) are the same bytes.
// Where C lays a struct out differently per architecture, the mirror lives
// in per-architecture files, <topic>_<goarch>.go.
//
// A field's `wire` tag says how its bytes are read when the Go type cannot:
// "net" for an integer in network byte order, "sint"/"uint" for a byte
// array holding a host-order integer (packed structs, which Go cannot
// express), "float" likewise.
//
// go test ./harness/layout checks every mirror against the C compiler's
// DWARF for every installed architecture.
package wire
