package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/ipcconform/ipcconform/harness"
)

// htmlElement is what the structure test reads of one element.
type htmlElement struct {
	name  string
	attrs map[string]string
	text  string // the text directly inside it
}

// parseHTML reads the page with encoding/xml in its HTML mode and returns
// its elements in order; a page it cannot read fails the test.
func parseHTML(t *testing.T, page []byte) []*htmlElement {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(page))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var els, stack []*htmlElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("page does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &htmlElement{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			els = append(els, e)
			stack = append(stack, e)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	return els
}

func sampleReport() *Report {
	r := &Report{Host: "amd64", Archs: []string{"amd64", "s390x"}, Mixed: []string{"s390x"}, Shard: "0/1", Elapsed: "1s"}
	add := func(sc, pairing, impls, group, result, reason, log string) {
		r.Cells = append(r.Cells, CellResult{Scenario: sc, Pairing: pairing, Impls: impls, ArchGroup: group,
			Runners: map[string]string{"amd64": "native"}, Result: result, Reason: reason, Log: log})
	}
	add("fifo", "reader=c,writer=c", "c-c", "amd64", "pass", "", "")
	add("fifo", "reader=go,writer=c", "go-c", "amd64", "fail", "fifo.txtar:9: peer r: exit status 1", "FAIL: fifo.txtar:9 <b>not markup</b>")
	add("tcp", "server=c", "c", "amd64", "skip", "no python3", "skip log")
	add("fifo", "reader=c@s390x,writer=c@s390x", "c-c", "s390x", "xfail", "qemu says so", "xfail log")
	add("fifo", "reader=go@s390x,writer=c", "go-c", "s390x/amd64", "notrun", "", "")
	r.Fixtures = []TestResult{
		{Test: "TestFixtures/fifo_x/reader=fifo_x", Result: "pass"},
		{Test: "TestFixtures/fifo_y/reader=fifo_y", Result: "fail", Reason: "passed", Log: "fixture log"},
	}
	r.fixtureScenario = map[string]string{"fifo_x": "fifo", "fifo_y": "fifo"}
	r.Tests = []TestResult{{Package: "p", Test: "TestX", Result: "fail", Reason: "boom", Log: "x log"}}
	r.accept = []harness.Accepted{}
	r.finish()
	return r
}

// TestHTMLStructure checks the page's structure: every cell is in the
// grids once with its verdict's class, each one that did not pass links to
// its log, every link resolves to exactly one element, and logs are text,
// not markup.
func TestHTMLStructure(t *testing.T) {
	r := sampleReport()
	page, err := r.html()
	if err != nil {
		t.Fatal(err)
	}
	els := parseHTML(t, page)
	ids := map[string]int{}
	for _, e := range els {
		if id := e.attrs["id"]; id != "" {
			ids[id]++
		}
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	seen := map[string]int{}
	links := 0
	for i, e := range els {
		if href, ok := e.attrs["href"]; ok {
			links++
			if !strings.HasPrefix(href, "#") || ids[strings.TrimPrefix(href, "#")] != 1 {
				t.Errorf("link %q resolves to no element", href)
			}
		}
		cell, ok := e.attrs["data-cell"]
		if !ok {
			continue
		}
		seen[cell]++
		var want *CellResult
		for j := range r.Cells {
			if c := &r.Cells[j]; c.Scenario+"/"+c.Pairing == cell {
				want = c
			}
		}
		if want == nil {
			t.Errorf("grid has a cell %q the report does not", cell)
			continue
		}
		if e.attrs["class"] != "v-"+want.Result {
			t.Errorf("cell %s has class %q, want v-%s", cell, e.attrs["class"], want.Result)
		}
		hasLink := i+1 < len(els) && els[i+1].name == "a"
		if hasLink != (want.Result != "pass") {
			t.Errorf("cell %s (%s): link to its log %v, want %v", cell, want.Result, hasLink, want.Result != "pass")
		}
	}
	for _, c := range r.Cells {
		if n := seen[c.Scenario+"/"+c.Pairing]; n != 1 {
			t.Errorf("cell %s/%s is in the grids %d times, want once", c.Scenario, c.Pairing, n)
		}
	}
	// Four cells, one fixture and one test did not pass: six logs, each
	// linked from its list item and (for cells) from the grid.
	if want := 4*2 + 1 + 1; links != want {
		t.Errorf("%d links, want %d", links, want)
	}
	if bytes.Contains(page, []byte("<b>not markup</b>")) {
		t.Error("a log's text was written as markup")
	}
	// What failed comes first: the failures' list is before the grids, and
	// the group with a failure before the one without.
	text := string(page)
	if strings.Index(text, `id="failed"`) > strings.Index(text, `class="grid"`) {
		t.Error("the cells that did not pass are listed after the grids")
	}
	if i, j := strings.Index(text, "<h2>amd64</h2>"), strings.Index(text, "<h2>s390x</h2>"); i < 0 || j < 0 || i > j {
		t.Errorf("group order: amd64 (with a failure) at %d, s390x at %d", i, j)
	}
	if !strings.Contains(text, `class="verdict-FAIL"`) {
		t.Error("the page's verdict is not FAIL")
	}
}

// TestSummaryNamesFailures checks the console's last lines: counts, then
// each failure by name, then no more than the cap.
func TestSummaryNamesFailures(t *testing.T) {
	r := sampleReport()
	sum := r.summary(2)
	for _, want := range []string{
		"FAIL: 5 cells: 1 pass, 1 fail, 1 xfail, 1 skip, 1 not run; fixtures caught 1 of 2; other test failures 1",
		"- FAIL fifo/reader=go,writer=c: fifo.txtar:9: peer r: exit status 1",
		"- NOTRUN fifo/reader=go@s390x,writer=c: ",
		"- and 2 more: see the reports",
	} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	r.NotGenerated = []string{"3 cells with a C peer on loong64 are not run: no C cross compiler"}
	if sum := r.summary(2); !strings.Contains(sum, "- not checked: 3 cells with a C peer on loong64") {
		t.Errorf("summary lacks what the matrix left out:\n%s", sum)
	}
	if page, err := r.html(); err != nil || !strings.Contains(string(page), `<section id="not-generated">`) {
		t.Errorf("page lacks what the matrix left out (%v)", err)
	}
	if all := r.summary(0); !strings.Contains(all, "NOT CAUGHT fixture fifo_y/reader=fifo_y: passed") || !strings.Contains(all, "FAIL p TestX: boom") {
		t.Errorf("uncapped summary lacks the fixture or the test:\n%s", all)
	}
	md := r.markdown()
	if strings.Contains(md, "reader=c,writer=c`") || !strings.Contains(md, "## Cells that did not pass") {
		t.Errorf("markdown lists passes in full or lacks the failures:\n%s", md)
	}
}
