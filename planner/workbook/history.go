package workbook

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/xuri/excelize/v2"
)

// This file writes the History sheet: snapshots, burn, runway and the requests.

// history shows the history (docs/history.md), when the run kept one: the
// remaining activations of each pool at each snapshot with the day each
// runs out at its pace, a chart of them, the burn per pool and the request
// log.
func (b *builder) history() error {
	h := b.r.History
	if h == nil {
		return nil
	}
	c := b.r.Capacity
	// One page wide on paper while the pools' columns can be 10 wide or
	// more (their titles wrap): 30 for the dates (and the masked keys of
	// the requests below), 24 for the projection's words.
	per := min(18, max(10, (maxFitWidth-30-24)/max(1, len(c.Pools))))
	cols := []column{{title: "Snapshot", width: 30}}
	for p, pool := range c.Pools {
		cols = append(cols, column{title: strings.Join(pool.Products, ", ") + " (" + b.r.PoolID(p) + ")", width: float64(per)})
	}
	cols = append(cols, column{title: "", width: 24})
	for len(cols) < 6 { // the tables below are six columns wide
		cols = append(cols, column{title: "", width: 14})
	}
	s := b.newSheet(SheetHistory, cols...)
	// The header row is printed once: the tables below have headers of
	// their own, and a repeated one would print over the chart.
	s.grid, s.noTitles = true, true
	s.top = b.titleBlock("Activation history",
		"Remaining activations of each pool of keys at each export recorded, and the day each runs out at the pace of its last "+
			fmt.Sprint(h.Settings.Window)+" snapshots (least squares): the projected row. Recorded in "+filepath.Base(h.Path)+".")
	// Each pool's remaining at a date: the sum of its keys' latest snapshots
	// on or before it; blank until every key has one.
	var dates []planner.Date
	seen := map[planner.Date]bool{}
	byKey := map[string][]historySnap{}
	for _, kh := range h.Keys {
		for _, sn := range kh.Snapshots {
			if !seen[sn.AsOf] {
				seen[sn.AsOf] = true
				dates = append(dates, sn.AsOf)
			}
			byKey[kh.Key.Full()] = append(byKey[kh.Key.Full()], historySnap{sn.AsOf, sn.Remaining})
		}
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i].Before(dates[j]) })
	for _, d := range dates {
		row := []any{b.d(d)}
		for _, pool := range c.Pools {
			sum, all := 0, true
			for _, k := range pool.Keys {
				v, ok := remainingOn(byKey[c.Keys[k].Key.Key.Full()], d)
				if !ok {
					all = false
					break
				}
				sum += v
			}
			if all {
				row = append(row, b.n(sum))
			} else {
				row = append(row, b.s(""))
			}
		}
		s.rows = append(s.rows, row)
	}
	// The projection: 0 on the day each pool runs out.
	for p, ph := range h.Pools {
		if ph.Burn.ExhaustedOn == nil {
			continue
		}
		row := []any{b.d(*ph.Burn.ExhaustedOn)}
		for q := range c.Pools {
			if q == p {
				row = append(row, b.n(0))
			} else {
				row = append(row, b.s(""))
			}
		}
		row = append(row, b.w("projected: "+ph.Products+" runs out"))
		s.rows = append(s.rows, row)
	}
	last := s.headerRow() + len(s.rows)
	s.filter = len(s.rows)
	// A header over numbers is right-aligned, as they are: "Remaining" and
	// "Used per 30 days" side by side must not print as one number.
	head := func(titles ...string) []any {
		var row []any
		for _, t := range titles {
			style := b.header
			if t == "Remaining" || t == "Used per 30 days" || t == "Runway (days)" || t == "Activations asked" {
				style = b.headerNum
			}
			row = append(row, cell{style: style, text: t}) // a cell: its wrapped lines give the row's height
		}
		return row
	}
	s.rows = append(s.rows, []any{}, head("Pool", "Products", "Remaining", "Used per 30 days", "Runs out on", "Runway (days)"))
	for _, ph := range h.Pools {
		row := []any{b.s(ph.Pool), b.w(ph.Products), b.n(ph.Remaining)}
		if ph.Burn.Per30 == nil {
			row = append(row, b.w("not enough history")) // wrapped: its column is a pool's, 10 to 18 wide
		} else {
			row = append(row, cell{style: b.numText, text: fmt.Sprintf("%.1f", *ph.Burn.Per30)})
			if ph.Burn.ExhaustedOn != nil {
				row = append(row, b.d(*ph.Burn.ExhaustedOn), b.n(*ph.Burn.RunwayDays))
			} else {
				row = append(row, b.w("not running out"))
			}
		}
		s.rows = append(s.rows, row)
	}
	s.rows = append(s.rows, []any{}, head("Request for key", "Activations asked", "Sent on", "Ticket", "Status"))
	for _, q := range h.Requests {
		s.rows = append(s.rows, []any{b.s(planner.MaskLast5(q.Key)), b.n(q.Requested), b.d(q.On), b.s(q.Ticket),
			b.s(q.Describe(b.r.AsOf, h.Settings.FollowUpDays))})
	}
	if len(h.Requests) == 0 {
		s.rows = append(s.rows, []any{b.s("No request recorded (makplan request record, or email --send).")})
	}
	s.setup = func() error {
		if len(dates) < 2 || len(c.Pools) == 0 {
			return nil
		}
		first := s.headerRow() + 1
		var series []excelize.ChartSeries
		for p := range c.Pools {
			col, _ := excelize.ColumnNumberToName(p + 2)
			series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$%d", SheetHistory, col, s.headerRow()),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", SheetHistory, first, last),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetHistory, col, first, col, last)})
		}
		// Below the tables, on a page of its own (a page break above it:
		// never cut between two pages), as wide as a page, its dates
		// slanted so that a few weeks of daily dates do not run together.
		at := s.headerRow() + len(s.rows) + 2
		if err := b.f.InsertPageBreak(SheetHistory, fmt.Sprintf("A%d", at)); err != nil {
			return err
		}
		return b.f.AddChart(SheetHistory, fmt.Sprintf("A%d", at), &excelize.Chart{
			Type: excelize.Line, Series: series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Remaining activations per pool, with the day each runs out", Font: &chartTitleFont}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &chartFont},
			Dimension: excelize.ChartDimension{Width: 720, Height: 360},
			XAxis:     excelize.ChartAxis{Font: chartFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "yyyy-mm-dd"}, Alignment: excelize.Alignment{TextRotation: -45}},
			YAxis: excelize.ChartAxis{Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Remaining", Font: &chartFont}}}, MajorGridLines: true,
				Font: chartFont},
		})
	}
	return s.write()
}

type historySnap struct {
	on        planner.Date
	remaining int
}

// remainingOn is the remaining count of the latest snapshot on or before d.
func remainingOn(snaps []historySnap, d planner.Date) (int, bool) {
	v, ok := 0, false
	for _, sn := range snaps {
		if !sn.on.After(d) {
			v, ok = sn.remaining, true
		}
	}
	return v, ok
}
