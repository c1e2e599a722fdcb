package layout

import (
	"fmt"
	"io"
	"strings"
)

// An item is one line of a pahole-style listing: a field or a hole.
type item struct {
	offset, size int64
	text         string
}

func listing(s *Struct, goSide bool) []item {
	var out []item
	end := int64(0)
	for _, f := range s.Fields {
		if f.Pad() && f.Type.Size == 0 {
			continue // structs.HostLayout, [0]byte
		}
		if f.Offset > end {
			out = append(out, item{end, f.Offset - end, fmt.Sprintf("/* XXX %d bytes hole */", f.Offset-end)})
		}
		var text string
		if goSide {
			text = f.Name + " " + f.Type.Name
			if f.Tag != "" {
				text += fmt.Sprintf(" `wire:%q`", f.Tag)
			}
		} else {
			text = f.Type.Name + " " + f.Name
			if f.Type.Class == Array {
				text = f.Type.Elem.Name + " " + f.Name + fmt.Sprintf("[%d]", f.Type.Len)
			}
			text += ";"
		}
		out = append(out, item{f.Offset, f.Type.Size, text})
		if e := f.Offset + f.Type.Size; e > end {
			end = e
		}
	}
	if s.Size > end {
		out = append(out, item{end, s.Size - end, fmt.Sprintf("/* XXX %d bytes padding */", s.Size-end)})
	}
	return out
}

// WritePair prints p side by side, C on the left and Go on the right, in
// the manner of pahole: each line with its offset and size, holes and
// padding shown. Lines whose offset or size differ are marked with '!'.
func WritePair(w io.Writer, p *Pair, archName string) {
	left, right := listing(p.C, false), listing(p.Go, true)
	const width = 44
	fmt.Fprintf(w, "struct %s [%s]%s%s\n", p.C.Name, archName, strings.Repeat(" ", max(1, width+2-len("struct  []")-len(p.C.Name)-len(archName))), p.Go.Name)
	cell := func(it *item) string {
		if it == nil {
			return ""
		}
		return fmt.Sprintf("%-30s /* %3d %3d */", it.text, it.offset, it.size)
	}
	i, j := 0, 0
	for i < len(left) || j < len(right) {
		var l, r *item
		switch {
		case j >= len(right) || i < len(left) && left[i].offset < right[j].offset:
			l = &left[i]
			i++
		case i >= len(left) || right[j].offset < left[i].offset:
			r = &right[j]
			j++
		default:
			l, r = &left[i], &right[j]
			i++
			j++
		}
		mark := " "
		if l == nil || r == nil || l.size != r.size {
			mark = "!"
		}
		fmt.Fprintf(w, "%s %-*s  %s\n", mark, width, cell(l), cell(r))
	}
	mark := " "
	if p.C.Size != p.Go.Size || p.C.Align != p.Go.Align {
		mark = "!"
	}
	fmt.Fprintf(w, "%s %-*s  %s\n", mark, width,
		fmt.Sprintf("/* size: %d, align: %d */", p.C.Size, p.C.Align),
		fmt.Sprintf("/* size: %d, align: %d */", p.Go.Size, p.Go.Align))
	for _, n := range p.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	for _, d := range p.Known {
		fmt.Fprintf(w, "  known: %s\n", d.Error())
	}
	for _, d := range p.Diffs {
		fmt.Fprintf(w, "  %s\n", d.Error())
	}
}

// Summary is one line of counts for a report.
func (rep *Report) Summary() string {
	status := "ok"
	if len(rep.Diffs) > 0 {
		status = fmt.Sprintf("FAIL (%d differences)", len(rep.Diffs))
	}
	return fmt.Sprintf("%-8s structs %d, fields %d, constants %d, types %d, known differences %d: %s",
		rep.Arch.GOARCH, len(rep.Pairs), rep.Fields, len(rep.Consts), rep.Types, len(rep.Known), status)
}

// Write prints the whole report: every struct pair, then the constants
// and types that differ, then notes.
func (rep *Report) Write(w io.Writer, verbose bool) {
	for _, p := range rep.Pairs {
		if verbose || len(p.Diffs) > 0 {
			WritePair(w, p, rep.Arch.GOARCH)
			fmt.Fprintln(w)
		}
	}
	if verbose {
		for _, c := range rep.Consts {
			mark := " "
			if !c.Found || !c.C.Equal(c.Go) {
				mark = "!"
			}
			fmt.Fprintf(w, "%s %-22s %-12s %-24s %s\n", mark, c.Name, c.C, c.GoName, c.Go)
		}
	}
	for _, d := range rep.Diffs {
		if rep.pairOf(d) == nil {
			fmt.Fprintln(w, d.Error())
		}
	}
	if verbose {
		for _, k := range rep.Known {
			fmt.Fprintf(w, "known: %s: %s\n", k.Diff.Error(), k.Why)
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s [%s]\n", n, rep.Arch.GOARCH)
	}
}

func (rep *Report) pairOf(d Diff) *Pair {
	for _, p := range rep.Pairs {
		for _, pd := range p.Diffs {
			if pd == d {
				return p
			}
		}
	}
	return nil
}
