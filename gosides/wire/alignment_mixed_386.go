package wire

import "structs"

// AlignmentMixed mirrors struct alignment_mixed (alignment.h). On 386, C
// aligns int64_t and double to 4 inside structs, as Go does: Count is at 4.
type AlignmentMixed struct {
	_     structs.HostLayout
	Tag   byte
	_     [3]byte
	Count int64
	Ratio float64
}
