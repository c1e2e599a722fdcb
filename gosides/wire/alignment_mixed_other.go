//go:build !386

package wire

import "structs"

// AlignmentMixed mirrors struct alignment_mixed (alignment.h). C aligns
// int64_t to 8 on every architecture but 386, while Go aligns it to 4 on
// arm and mips: the blank field puts Count at 8 everywhere.
type AlignmentMixed struct {
	_     structs.HostLayout
	Tag   byte
	_     [7]byte
	Count int64
	Ratio float64
}
