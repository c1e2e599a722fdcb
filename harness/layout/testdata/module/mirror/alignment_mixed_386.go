package mirror

import "structs"

// AlignmentMixed: 386 C aligns int64 to 4, as Go does.
type AlignmentMixed struct {
	_     structs.HostLayout
	Tag   byte
	_     [3]byte
	Count int64
	Ratio float64
}
