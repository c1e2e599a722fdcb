package harness

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// The harness applies a fixture's patch itself rather than with patch(1)
// or git apply: patch(1) applies with fuzz by default, which is how a
// fixture drifted from its peer would still apply somewhere; git is not
// something a user's CI must have; and an applier of its own says which
// hunk of which fixture stopped applying, and why.

// A filePatch is the unified diff of one file.
type filePatch struct {
	Path  string // relative to the root, "a/" and "b/" prefixes removed
	Hunks []hunk
}

// A hunk is one "@@ -old,n +new,m @@" section: its header as written, the
// line it starts at in the old file, and its lines, each with its ' ', '-'
// or '+' mark.
type hunk struct {
	Header  string
	OldLine int
	Lines   []string
}

// parsePatch reads a unified diff as diff -u and git diff write it. Text
// before the first "--- " line and between files (git's headers, a
// comment saying what the defect is) is ignored.
func parsePatch(data []byte) ([]filePatch, error) {
	lines := strings.SplitAfter(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var out []filePatch
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "--- ") {
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "+++ ") {
			return nil, fmt.Errorf("line %d: %q without a \"+++ \" line after it", i+1, strings.TrimSpace(lines[i]))
		}
		name := patchPath(lines[i+1][4:])
		if name == "/dev/null" || name == "" {
			return nil, fmt.Errorf("line %d: a patch changes existing files only", i+2)
		}
		fp := filePatch{Path: name}
		i += 2
		for i < len(lines) && strings.HasPrefix(lines[i], "@@ ") {
			h, next, err := parseHunk(lines, i)
			if err != nil {
				return nil, err
			}
			fp.Hunks = append(fp.Hunks, h)
			i = next
		}
		if len(fp.Hunks) == 0 {
			return nil, fmt.Errorf("%s: no hunks", fp.Path)
		}
		out = append(out, fp)
		i--
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no \"--- \" and \"+++ \" lines: not a unified diff")
	}
	return out, nil
}

// patchPath is the file a "+++ " line names, less a timestamp and a git
// "b/" prefix.
func patchPath(s string) string {
	s = strings.TrimRight(s, "\r\n")
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "b/") || strings.HasPrefix(s, "a/") {
		s = s[2:]
	}
	return path.Clean(s)
}

// parseHunk reads the hunk whose header is lines[i], returning it and the
// index of the line after it.
func parseHunk(lines []string, i int) (hunk, int, error) {
	h := hunk{Header: strings.TrimRight(lines[i], "\n")}
	var oldStart, oldN, newN int
	f := strings.Fields(h.Header)
	if len(f) < 4 || f[3] != "@@" {
		return h, 0, fmt.Errorf("line %d: bad hunk header %q", i+1, h.Header)
	}
	var err error
	if oldStart, oldN, err = hunkRange(f[1], "-"); err == nil {
		_, newN, err = hunkRange(f[2], "+")
	}
	if err != nil {
		return h, 0, fmt.Errorf("line %d: bad hunk header %q: %v", i+1, h.Header, err)
	}
	h.OldLine = oldStart
	i++
	for oldN > 0 || newN > 0 {
		if i >= len(lines) {
			return h, 0, fmt.Errorf("hunk %q: the patch ends inside it", h.Header)
		}
		l := lines[i]
		i++
		if strings.HasPrefix(l, `\`) { // "\ No newline at end of file"
			continue
		}
		if l == "\n" { // an empty context line whose space was trimmed
			l = " \n"
		}
		switch l[0] {
		case ' ':
			oldN--
			newN--
		case '-':
			oldN--
		case '+':
			newN--
		default:
			return h, 0, fmt.Errorf("line %d: hunk %q: line %q is neither context, removal nor addition", i, h.Header, strings.TrimSpace(l))
		}
		if oldN < 0 || newN < 0 {
			return h, 0, fmt.Errorf("line %d: hunk %q: more lines than its header counts", i, h.Header)
		}
		h.Lines = append(h.Lines, l)
	}
	for i < len(lines) && strings.HasPrefix(lines[i], `\`) {
		i++
	}
	return h, i, nil
}

// hunkRange parses "-12,7" (or "-12", one line) into 12 and 7.
func hunkRange(s, sign string) (start, n int, err error) {
	if !strings.HasPrefix(s, sign) {
		return 0, 0, fmt.Errorf("%q does not start with %q", s, sign)
	}
	s = s[1:]
	n = 1
	if a, b, ok := strings.Cut(s, ","); ok {
		s = a
		if n, err = strconv.Atoi(b); err != nil {
			return 0, 0, err
		}
	}
	start, err = strconv.Atoi(s)
	return start, n, err
}

// apply applies the hunks to old. A hunk's context and removed lines must
// appear exactly as written, at the line its header says or anywhere
// after the previous hunk: with no fuzz, a hunk whose lines have changed
// in the real program fails, naming the hunk and the first line that
// differs where the header puts it.
func (fp filePatch) apply(old []byte) ([]byte, error) {
	src := strings.SplitAfter(string(old), "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	var out []string
	pos := 0 // lines of src consumed
	for n, h := range fp.Hunks {
		var before []string // the lines the hunk expects in the old file
		for _, l := range h.Lines {
			if l[0] != '+' {
				before = append(before, l[1:])
			}
		}
		want := h.OldLine - 1
		if len(before) == 0 {
			want = h.OldLine // a pure addition comes after its line
		}
		at := -1
		// Nearest match to where the header says, searching outward.
		for d := 0; at < 0 && (want-d >= pos || want+d+len(before) <= len(src)); d++ {
			for _, c := range []int{want - d, want + d} {
				if c >= pos && c+len(before) <= len(src) && linesEqual(src[c:c+len(before)], before) {
					at = c
					break
				}
			}
		}
		if at < 0 {
			return nil, fmt.Errorf("%s: hunk %d (%s) does not apply: %s", fp.Path, n+1, h.Header, mismatch(src, want, before))
		}
		out = append(out, src[pos:at]...)
		for _, l := range h.Lines {
			if l[0] != '-' {
				out = append(out, l[1:])
			}
		}
		pos = at + len(before)
	}
	out = append(out, src[pos:]...)
	var b bytes.Buffer
	for _, l := range out {
		b.WriteString(l)
	}
	return b.Bytes(), nil
}

func linesEqual(a, b []string) bool {
	for i := range a {
		if strings.TrimRight(a[i], "\n") != strings.TrimRight(b[i], "\n") {
			return false
		}
	}
	return true
}

// mismatch says where the hunk's lines first differ from the file at the
// line its header names.
func mismatch(src []string, at int, want []string) string {
	for i, w := range want {
		if at+i < 0 || at+i >= len(src) {
			return fmt.Sprintf("line %d: the file has %d lines, want %q", at+i+1, len(src), strings.TrimRight(w, "\n"))
		}
		if strings.TrimRight(src[at+i], "\n") != strings.TrimRight(w, "\n") {
			return fmt.Sprintf("line %d: have %q, want %q", at+i+1, strings.TrimRight(src[at+i], "\n"), strings.TrimRight(w, "\n"))
		}
	}
	return "its lines occur only before an earlier hunk"
}
