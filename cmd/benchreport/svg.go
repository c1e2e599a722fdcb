package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
)

// The chart: one section per kind, one group of three bars (c-go, go-c,
// go-go) per mechanism and size, each bar a Go/C ratio; a line at 1 (C's
// figure), the goal's line, and for the shared-memory rows memcpy's
// ceiling on the same scale (memcpy's bandwidth over C-C's).
const (
	chartWidth = 980
	labelX     = 12
	plotX0     = 190
	plotX1     = 900
	barH       = 9
	barGap     = 2
	groupGap   = 10
	sectionGap = 46
)

var barColors = [3]string{"#3b75af", "#ef8636", "#519e3e"}

// WriteSVG writes the chart of the summary's ratios.
func WriteSVG(w io.Writer, sum *Summary) {
	xmax := 2.0
	for _, sec := range sections {
		for _, r := range sum.Rows[sec.kind] {
			for _, c := range r.Cells[1:] {
				xmax = math.Max(xmax, c.Ratio)
			}
		}
	}
	xmax = math.Min(math.Ceil(xmax*2)/2, 4)
	x := func(v float64) float64 { return plotX0 + (plotX1-plotX0)*math.Min(v, xmax)/xmax }

	var body bytes.Buffer
	y := 60.0
	for _, sec := range sections {
		rows := sum.Rows[sec.kind]
		if len(rows) == 0 {
			continue
		}
		y += 18
		fmt.Fprintf(&body, `<text x="%d" y="%.0f" class="h">%s: %s</text>`+"\n", labelX, y, esc(sec.title), esc(sec.ratio))
		y += 12
		top := y
		for _, r := range rows {
			label := r.Mech
			if r.Size != "" {
				label += " " + r.Size
			}
			gh := 3*(barH+barGap) - barGap
			fmt.Fprintf(&body, `<text x="%d" y="%.1f" class="l">%s</text>`+"\n", labelX, y+float64(gh)/2+4, esc(label))
			for j, c := range r.Cells[1:] {
				by := y + float64(j*(barH+barGap))
				if !c.Present || c.Passes == 0 {
					continue
				}
				fmt.Fprintf(&body, `<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="%s"><title>%s %s %s: %.2f</title></rect>`+"\n",
					plotX0, by, x(c.Ratio)-plotX0, barH, barColors[j], esc(r.Mech), esc(r.Size), pairNames[j+1], c.Ratio)
				text := fmt.Sprintf("%.2f", c.Ratio)
				if c.Ratio > xmax {
					text += " ›"
				}
				fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="v">%s</text>`+"\n", x(c.Ratio)+3, by+barH-1, esc(text))
			}
			if r.Ceiling > 0 {
				cx := x(r.Ceiling)
				fmt.Fprintf(&body, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="ceil"><title>memcpy: %.2f × C-C</title></line>`+"\n",
					cx, y-2, cx, y+float64(gh)+2, r.Ceiling)
			}
			y += float64(gh + groupGap)
		}
		bottom := y - groupGap + 4
		// Reference lines: C's figure, and the goal.
		fmt.Fprintf(&body, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="one"/>`+"\n", x(1), top-4, x(1), bottom)
		goal := 0.0
		switch sec.kind {
		case Throughput:
			goal = ThroughputGoal
		case Latency:
			goal = LatencyGoal
		}
		if goal > 0 {
			fmt.Fprintf(&body, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="goal"/>`+"\n", x(goal), top-4, x(goal), bottom)
		}
		// Axis.
		fmt.Fprintf(&body, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="axis"/>`+"\n", plotX0, bottom, plotX1, bottom)
		for t := 0.0; t <= xmax+1e-9; t += 0.5 {
			fmt.Fprintf(&body, `<text x="%.1f" y="%.1f" class="t">%.1f</text>`+"\n", x(t), bottom+13, t)
		}
		y = bottom + sectionGap - 18
	}
	height := y + 10

	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%.0f" viewBox="0 0 %d %.0f" font-family="sans-serif">`+"\n",
		chartWidth, height, chartWidth, height)
	fmt.Fprintf(w, `<style>
.h{font-size:13px;font-weight:bold}
.l{font-size:12px}
.v{font-size:9px;fill:#333}
.t{font-size:10px;text-anchor:middle;fill:#555}
.one{stroke:#222;stroke-width:1}
.goal{stroke:#c0392b;stroke-width:1.2;stroke-dasharray:5,3}
.ceil{stroke:#8e44ad;stroke-width:2.5;stroke-dasharray:2,2}
.axis{stroke:#999;stroke-width:1}
</style>
`)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%d" y="22" font-size="16" font-weight="bold">ipcconform: Go/C ratio per mechanism (median of %d passes, each against its own C-C run)</text>`+"\n", labelX, sum.Passes)
	// Legend.
	lx := float64(labelX)
	for j, name := range pairNames[1:] {
		fmt.Fprintf(w, `<rect x="%.0f" y="36" width="12" height="10" fill="%s"/><text x="%.0f" y="45" class="l">%s</text>`+"\n", lx, barColors[j], lx+16, name)
		lx += 70
	}
	fmt.Fprintf(w, `<line x1="%.0f" y1="41" x2="%.0f" y2="41" class="one"/><text x="%.0f" y="45" class="l">C (1.0)</text>`+"\n", lx, lx+20, lx+24)
	lx += 90
	fmt.Fprintf(w, `<line x1="%.0f" y1="41" x2="%.0f" y2="41" class="goal"/><text x="%.0f" y="45" class="l">goal</text>`+"\n", lx, lx+20, lx+24)
	lx += 70
	fmt.Fprintf(w, `<line x1="%.0f" y1="41" x2="%.0f" y2="41" class="ceil"/><text x="%.0f" y="45" class="l">memcpy ceiling (shared memory, × C-C)</text>`+"\n", lx, lx+20, lx+24)
	w.Write(body.Bytes())
	fmt.Fprintln(w, `</svg>`)
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
