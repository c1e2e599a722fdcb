package main

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"sort"
	"strings"
)

// The HTML report is one self-contained page (no scripts, no fetches): a
// grid of scenarios by pairing for each architecture group, coloured by
// verdict, with what failed listed first and the log of everything that
// did not pass one click away, in the logs section at the end.

type htmlCell struct {
	Cell    string // scenario/pairing: each cell appears once in the grids
	Result  string
	Mark    string
	Title   string
	LogID   string // "" when the cell passed
	Seconds float64
}

type htmlGroup struct {
	ID, Name, Runners string
	Tables            []htmlTable
	Counts            string
}

type htmlTable struct {
	Cols []string
	Rows []htmlRow
}

type htmlRow struct {
	Scenario string
	Cells    []*htmlCell // nil where the scenario has no such pairing
}

type htmlItem struct {
	Name, Result, Reason, Runners, LogID string
}

type htmlLog struct {
	ID, Name, Result, Reason, Text string
}

type htmlFixtureRow struct {
	Scenario      string
	Fixtures      int
	Caught, Cells int
	Short         bool
}

type htmlPage struct {
	Title, Meta, Verdict string
	Summary              []string
	Unverified           []string
	NotGenerated         []string
	Failed, XFailed      []htmlItem
	Skipped              []htmlItem
	Groups               []htmlGroup
	FixtureRows          []htmlFixtureRow
	Missed               []htmlItem
	OtherFailures        []htmlItem
	Logs                 []htmlLog
}

var htmlMark = map[string]string{"pass": "✓", "fail": "FAIL", "skip": "skip", "xfail": "xfail", "notrun": "not run"}

// html renders the page.
func (r *Report) html() ([]byte, error) {
	p := htmlPage{
		Title: "ipcconform conformance report",
		Meta:  fmt.Sprintf("host %s; archs %s; mixed %s; shard %s; generated %s", r.Host, strings.Join(r.Archs, ","), strings.Join(r.Mixed, ","), r.Shard, r.Generated),
	}
	sum := strings.Split(strings.TrimSpace(r.summary(0)), "\n")
	p.Verdict, _, _ = strings.Cut(sum[0], ":")
	p.Summary = sum[:1] // the failures it names are listed below, with links
	p.NotGenerated = r.NotGenerated
	for _, l := range strings.Split(strings.TrimSpace(r.unverifiedSummary(r.accept)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			p.Unverified = append(p.Unverified, strings.TrimPrefix(l, "- "))
		}
	}
	logOf := func(name, result, reason, text string) string {
		id := fmt.Sprintf("log-%d", len(p.Logs)+1)
		p.Logs = append(p.Logs, htmlLog{ID: id, Name: name, Result: result, Reason: reason, Text: text})
		return id
	}
	cellLog := map[string]string{}
	for _, c := range r.notPassing() {
		name := c.Scenario + "/" + c.Pairing
		id := logOf(name, c.Result, c.Reason, c.Log)
		cellLog[name] = id
		item := htmlItem{Name: name, Result: c.Result, Reason: c.Reason, Runners: runnersText(c.Runners), LogID: id}
		switch c.Result {
		case "xfail":
			p.XFailed = append(p.XFailed, item)
		case "skip":
			p.Skipped = append(p.Skipped, item)
		default:
			p.Failed = append(p.Failed, item)
		}
	}
	byGroup := map[string][]CellResult{}
	for _, c := range r.Cells {
		byGroup[c.ArchGroup] = append(byGroup[c.ArchGroup], c)
	}
	groups, results := r.groupOrder(), r.resultsByGroup()
	// Groups with failures first, the rest in their usual order.
	sort.SliceStable(groups, func(i, j int) bool { return failing(byGroup[groups[i]]) && !failing(byGroup[groups[j]]) })
	for gi, g := range groups {
		cells := byGroup[g]
		hg := htmlGroup{ID: fmt.Sprintf("group-%d", gi+1), Name: g, Runners: r.runnersOf(g)}
		counts := results[g]
		// A table for each number of roles: one-role scenarios (a peer
		// against a hostile one) have columns c, go, ...; two-role ones
		// c-c, c-go, ...; none has an empty column of another's.
		byRoles := map[int][]CellResult{}
		for _, c := range cells {
			n := strings.Count(c.Impls, "-") + 1
			byRoles[n] = append(byRoles[n], c)
		}
		for n := 1; len(byRoles) > 0; n++ {
			if cs, ok := byRoles[n]; ok {
				delete(byRoles, n)
				hg.Tables = append(hg.Tables, gridOf(cs, cellLog))
			}
		}
		var cs []string
		for _, v := range []string{"pass", "fail", "notrun", "xfail", "skip"} {
			if counts[v] > 0 {
				cs = append(cs, fmt.Sprintf("%d %s", counts[v], v))
			}
		}
		hg.Counts = fmt.Sprintf("%d cells: %s", len(cells), strings.Join(cs, ", "))
		p.Groups = append(p.Groups, hg)
	}
	for _, fr := range r.fixtureCounts() {
		p.FixtureRows = append(p.FixtureRows, htmlFixtureRow{Scenario: fr.scenario, Fixtures: fr.fixtures, Caught: fr.caught, Cells: fr.cells, Short: fr.fixtures == 0 || fr.caught < fr.cells})
	}
	for _, f := range r.Fixtures {
		if f.Result != "pass" {
			name := strings.TrimPrefix(f.Test, "TestFixtures/")
			p.Missed = append(p.Missed, htmlItem{Name: name, Result: f.Result, Reason: f.Reason, LogID: logOf("fixture "+name, f.Result, f.Reason, f.Log)})
		}
	}
	for _, tr := range r.Tests {
		if tr.Result == "fail" {
			name := tr.Package + " " + tr.Test
			p.OtherFailures = append(p.OtherFailures, htmlItem{Name: name, Result: tr.Result, Reason: tr.Reason, LogID: logOf(name, tr.Result, tr.Reason, tr.Log)})
		}
	}
	var b bytes.Buffer
	err := pageTemplate.Execute(&b, p)
	return b.Bytes(), err
}

// gridOf tables cells of one arch group and number of roles: a scenario a
// row, a pairing of implementations a column.
func gridOf(cells []CellResult, cellLog map[string]string) htmlTable {
	var t htmlTable
	colSeen, rowSeen := map[string]bool{}, map[string]bool{}
	var rows []string
	at := map[[2]string]*htmlCell{}
	for _, c := range cells {
		if !colSeen[c.Impls] {
			colSeen[c.Impls] = true
			t.Cols = append(t.Cols, c.Impls)
		}
		if !rowSeen[c.Scenario] {
			rowSeen[c.Scenario] = true
			rows = append(rows, c.Scenario)
		}
		name := c.Scenario + "/" + c.Pairing
		title := fmt.Sprintf("%s: %s (%.2f s; %s)", name, c.Result, c.Seconds, runnersText(c.Runners))
		if c.Reason != "" {
			title += ": " + c.Reason
		}
		at[[2]string{c.Scenario, c.Impls}] = &htmlCell{Cell: name, Result: c.Result, Mark: htmlMark[c.Result], Title: title, LogID: cellLog[name], Seconds: c.Seconds}
	}
	sort.Strings(t.Cols)
	sort.Strings(rows)
	for _, s := range rows {
		row := htmlRow{Scenario: s}
		for _, col := range t.Cols {
			row.Cells = append(row.Cells, at[[2]string{s, col}])
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func failing(cells []CellResult) bool {
	for _, c := range cells {
		if c.Result == "fail" || c.Result == "notrun" {
			return true
		}
	}
	return false
}

var pageTemplate = htmltemplate.Must(htmltemplate.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin: 1.5em 0 .4em; }
.meta, .runners, .counts { color: #555; margin: .2em 0; }
.verdict-PASS { color: #176f2c; } .verdict-FAIL { color: #b00020; }
ul.summary { margin: .3em 0; padding-left: 1.2em; }
table { border-collapse: collapse; margin: .4em 1.5em 1em 0; display: inline-table; vertical-align: top; }
th.scenario, th:first-child { min-width: 16em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: center; white-space: nowrap; }
th.scenario { text-align: left; font-weight: normal; }
td.none { background: #fafafa; }
td.v-pass { background: #d8f0dc; color: #176f2c; }
td.v-fail, td.v-notrun { background: #f7c6cc; font-weight: bold; }
td.v-xfail { background: #fbe7b0; }
td.v-skip { background: #e4e4e4; color: #555; }
td a { color: inherit; }
li.v-fail, li.v-notrun { color: #b00020; }
.log { border: 1px solid #ccc; margin: .5em 0; padding: .3em .6em; }
.log:target { border: 2px solid #0b57d0; background: #f3f7fe; }
.log h3 { font-size: 1em; margin: .2em 0; }
.log pre { white-space: pre-wrap; font-size: 12px; max-height: 30em; overflow: auto; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">{{.Meta}}</p>
<h2 class="verdict-{{.Verdict}}" id="summary">{{index .Summary 0}}</h2>
{{- with .Failed}}
<section id="failed">
<h2>Failed cells</h2>
<ul>{{range .}}<li class="v-{{.Result}}">{{.Result}} <a href="#{{.LogID}}">{{.Name}}</a> ({{.Runners}}): {{.Reason}}</li>{{end}}</ul>
</section>
{{- end}}
{{- with .Missed}}
<section id="missed">
<h2>Must-fail fixtures not caught</h2>
<ul>{{range .}}<li class="v-fail"><a href="#{{.LogID}}">{{.Name}}</a>: {{.Reason}}</li>{{end}}</ul>
</section>
{{- end}}
{{- with .OtherFailures}}
<section id="other-failures">
<h2>Other failures</h2>
<ul>{{range .}}<li class="v-fail"><a href="#{{.LogID}}">{{.Name}}</a>: {{.Reason}}</li>{{end}}</ul>
</section>
{{- end}}
{{- range .Groups}}
<section class="group" id="{{.ID}}">
<h2>{{.Name}}</h2>
<p class="runners">Runners: {{.Runners}}</p>
<p class="counts">{{.Counts}}</p>
{{- range .Tables}}
<table class="grid">
<thead><tr><th>scenario</th>{{range .Cols}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}
<tr><th class="scenario">{{.Scenario}}</th>{{range .Cells}}{{if .}}<td class="v-{{.Result}}" data-cell="{{.Cell}}" title="{{.Title}}">{{if .LogID}}<a href="#{{.LogID}}">{{.Mark}}</a>{{else}}{{.Mark}}{{end}}</td>{{else}}<td class="none"></td>{{end}}{{end}}</tr>{{end}}
</tbody>
</table>
{{- end}}
</section>
{{- end}}
{{- with .XFailed}}
<section id="xfailed">
<h2>Expected failures</h2>
<ul>{{range .}}<li class="v-xfail">xfail <a href="#{{.LogID}}">{{.Name}}</a> ({{.Runners}}): {{.Reason}}</li>{{end}}</ul>
</section>
{{- end}}
{{- if .Skipped}}
<section id="skipped">
<h2>Not verified</h2>
<ul class="unverified">{{range .Unverified}}<li>{{.}}</li>{{end}}</ul>
<details><summary>{{len .Skipped}} skipped cells</summary>
<ul>{{range .Skipped}}<li class="v-skip">skip <a href="#{{.LogID}}">{{.Name}}</a> ({{.Runners}}): {{.Reason}}</li>{{end}}</ul>
</details>
</section>
{{- end}}
{{- with .NotGenerated}}
<section id="not-generated">
<h2>Not in the matrix</h2>
<ul>{{range .}}<li>{{.}}</li>{{end}}</ul>
</section>
{{- end}}
{{- with .FixtureRows}}
<section id="fixtures">
<h2>Must-fail fixtures by scenario</h2>
<table class="fixtures">
<thead><tr><th>scenario</th><th>fixtures</th><th>cells caught</th></tr></thead>
<tbody>{{range .}}
<tr><th class="scenario">{{.Scenario}}</th><td>{{.Fixtures}}</td><td class="{{if .Short}}v-fail{{else}}v-pass{{end}}">{{.Caught}} of {{.Cells}}</td></tr>{{end}}
</tbody>
</table>
</section>
{{- end}}
{{- with .Logs}}
<section id="logs">
<h2>Logs of what did not pass</h2>{{range .}}
<div class="log" id="{{.ID}}"><h3>{{.Result}} {{.Name}}</h3><p>{{.Reason}}</p><pre>{{.Text}}</pre></div>{{end}}
</section>
{{- end}}
</body>
</html>
`))
