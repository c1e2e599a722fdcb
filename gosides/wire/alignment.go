package wire

import "structs"

// AlignmentNatural mirrors struct alignment_natural (alignment.h): the
// alignment slide's struct as declared, with the hole after B spelled out.
type AlignmentNatural struct {
	_ structs.HostLayout
	A int32
	B int16
	_ [2]byte
	C int32
}

// AlignmentReordered mirrors struct alignment_reordered: the 2-byte field
// last, then tail padding.
type AlignmentReordered struct {
	_ structs.HostLayout
	A int32
	C int32
	B int16
	_ [2]byte
}

// AlignmentPacked mirrors struct alignment_packed, 10 bytes with C at the
// misaligned offset 6. Go has no packed structs, so each field is a byte
// array holding a host-order integer; use binary.NativeEndian to read it.
type AlignmentPacked struct {
	_ structs.HostLayout
	A [4]byte `wire:"sint"`
	B [2]byte `wire:"sint"`
	C [4]byte `wire:"sint"`
}

// AlignmentPadded mirrors struct alignment_padded, padded by hand in C too.
type AlignmentPadded struct {
	_ structs.HostLayout
	A int32
	B int16
	_ [2]byte
	C int32
}
