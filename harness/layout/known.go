package layout

import "fmt"

// applyKnown moves the known differences of rep out of its Diffs (into
// Known) and reports every applicable entry that did not occur, so that
// a list never goes stale.
func (rep *Report) applyKnown(list []Known) {
	seen := map[int]bool{}
	filter := func(ds []Diff) []Diff {
		var keep []Diff
		for _, d := range ds {
			matched := false
			for i, k := range list {
				if k.applies(d.Arch) && d.Subject+": "+d.Msg == k.Diff {
					seen[i] = true
					matched = true
					rep.Known = append(rep.Known, KnownDiff{d, k.Why})
				}
			}
			if !matched {
				keep = append(keep, d)
			}
		}
		return keep
	}
	rep.Diffs = filter(rep.Diffs)
	for _, p := range rep.Pairs {
		before := p.Diffs
		p.Diffs = nil
		for _, d := range before {
			if len(filter([]Diff{d})) == 0 {
				p.Known = append(p.Known, d)
			} else {
				p.Diffs = append(p.Diffs, d)
			}
		}
	}
	rep.Known = dedupKnown(rep.Known)
	for i, k := range list {
		if k.applies(rep.Arch.GOARCH) && !seen[i] {
			rep.Diffs = append(rep.Diffs, Diff{rep.Arch.GOARCH, "known difference", fmt.Sprintf("%q no longer occurs; remove it from the list", k.Diff)})
		}
	}
}

// A KnownDiff is a difference the check expects, and why.
type KnownDiff struct {
	Diff
	Why string
}

func dedupKnown(ks []KnownDiff) []KnownDiff {
	var out []KnownDiff
	seen := map[Diff]bool{}
	for _, k := range ks {
		if !seen[k.Diff] {
			seen[k.Diff] = true
			out = append(out, k)
		}
	}
	return out
}
