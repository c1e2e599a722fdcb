//go:build !386

package mirror

import "structs"

// AlignmentMixed: 8 bytes before Count, which Go places at 8 on 32-bit
// architectures other than 386 only because of the blank field.
type AlignmentMixed struct {
	_     structs.HostLayout
	Tag   byte
	_     [7]byte
	Count int64
	Ratio float64
}
