package workbook

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
)

// This file writes the Devices sheet, a row per product of each device, and the Explanations sheet that its codes refer to.

func (b *builder) devices() error {
	r := b.r
	cols := []column{{title: "Device"}, {title: "Serial"}, {title: "Manufacturer"}, {title: "Wave"}, {title: "Wave date", min: 12},
		{title: "Licensed", width: 28}, {title: "Target", width: 28}, {title: "Eligible"}, {title: "Licensed by", width: 18}, {title: "Reasons", width: 26},
		{title: "Notes", width: 26}, {title: "Consumes MAK"}, {title: "Done"}, {title: "Key given", width: 31}, {title: "Plan file", width: 16}, {title: "Plan row"},
		{title: "ESU years needed"}, {title: "Explained (Explanations sheet)", width: 13}}
	// A sheet holds at most maxRows devices; a larger plan continues on "Devices (2)" and on.
	for part, from := 1, 0; from < len(r.Devices) || part == 1; part, from = part+1, from+maxRows {
		name := SheetDevices
		if part > 1 {
			name = fmt.Sprintf("%s (%d)", SheetDevices, part)
		}
		to := min(len(r.Devices), from+maxRows)
		s := b.newSheet(name, cols...)
		s.freezeCols = 1 // the device's name stays in view
		s.count = to - from
		s.body = func(i int, dst []cell) []cell { return b.deviceRow(from+i, dst) }
		if err := s.write(); err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) deviceRow(i int, dst []cell) []cell {
	r, c := b.r, b.r.Capacity
	d, v := r.Devices[i], r.Verdict(i)
	reasons, notes := b.words(i)
	key := b.s("")
	if k := c.Assigned[i]; k >= 0 {
		if b.keyCells == nil {
			b.keyCells = map[int]cell{}
		}
		if _, ok := b.keyCells[k]; !ok {
			b.keyCells[k] = b.rep(r.Keys[k].Key.Masked())
		}
		key = b.keyCells[k]
	} else if c.Consumes[i] && c.PoolOf[i] < 0 {
		key = b.sst.share(b.w("none: no MAK in the key exports covers the target"))
		if other := r.OtherAgreementKey(d); other != "" {
			key = b.w("none: " + other)
		}
	} else if c.Consumes[i] {
		key = b.sst.share(b.w("none yet: the pool runs out before this device (see the request)"))
	}
	by := "reimaging rights over its own license"
	switch {
	case !v.Eligible:
		by = "not eligible"
	case v.Way == rules.ThroughCommercialLicensing:
		by = "Commercial Licensing"
	}
	licensed, target := b.images(d.Attrs)
	esuYears := b.s("")
	if r.ESU != nil {
		if ys := r.ESU.NeedsOf(i); ys != 0 {
			esuYears = b.rep(ys.String())
		}
	}
	return append(dst, b.s(shortName(d.Name)), b.s(shortName(d.Serial)), b.rep(shortName(d.Manufacturer)), b.rep(shortName(d.Wave)), b.d(d.WaveDate),
		licensed, target, b.yes(v.Eligible), b.rep(by), reasons, notes, b.yes(c.Consumes[i]), b.yes(c.Done[i]), key, b.fileCell(d), b.n(int(d.Row)), esuYears,
		b.rep(explanationCode(r.JudgementOf(i))))
}

// fileCell is the Plan file cell of a device: the file's base name,
// worked out once per table (its rows share their origin).
func (b *builder) fileCell(d *planner.Device) cell {
	if c, ok := b.fileCells[d.From]; ok {
		return c
	}
	c := b.rep(filepath.Base(d.Source().File))
	if b.fileCells == nil {
		b.fileCells = map[*planner.Origin]cell{}
	}
	b.fileCells[d.From] = c
	return c
}

// words returns device i's reasons and notes as their rule and note IDs,
// one per line (the Explanations sheet has them in words, with the facts
// and sources): memoised per distinct judgement. A long note repeated on
// a hundred rows is a code, not a paragraph a row (docs: print).
func (b *builder) words(i int) (reasons, notes cell) {
	n := b.r.JudgementOf(i)
	if w, ok := b.memo[n]; ok {
		return w[0], w[1]
	}
	v := b.r.Verdict(i)
	w := [2]cell{b.sst.share(b.w(strings.Join(v.ReasonStrings(), "\n"))), b.sst.share(b.w(strings.Join(v.NoteStrings(), "\n")))}
	b.memo[n] = w
	return w[0], w[1]
}

// explanationCode names judgement n on the Explanations sheet: E1, E2 …
func explanationCode(n uint32) string { return "E" + strconv.Itoa(int(n)+1) }

// explanations is the legend of the Devices sheet's codes: each distinct
// verdict once, with every reason and note in words, its facts and its
// source, and how many devices share it.
func (b *builder) explanations() error {
	r := b.r
	s := b.newSheet(SheetExplanations, column{title: "Code", width: 7}, column{title: "Eligible", width: 9}, column{title: "Devices", width: 8},
		column{title: "Reasons (not eligible) or notes (eligible), each with what it rests on and its source", width: 100})
	s.grid = true
	s.top = b.titleBlock("Why each verdict", "The Devices sheet gives each device's reasons and notes by their IDs (docs/rules.md) and the code of its explanation here: "+
		"devices judged on the same facts share one explanation.")
	count := make([]int, len(r.Judgements))
	for i := range r.Devices {
		count[r.JudgementOf(i)]++
	}
	for n, jm := range r.Judgements {
		if count[n] == 0 {
			continue
		}
		var lines []string
		for _, f := range r.FindingsOf(uint32(n)) {
			line := string(f.ID) + ": " + f.Text + " (" + f.Section + ")"
			if jm.Verdict.Fails(f.ID) && f.Fix != "" {
				line += " To fix: " + f.Fix
			}
			lines = append(lines, line)
		}
		s.rows = append(s.rows, []any{b.s(explanationCode(uint32(n))), b.yes(jm.Verdict.Eligible), b.n(count[n]), b.w(strings.Join(lines, "\n"))})
	}
	return s.write()
}

// images returns the Licensed and Target cells of a device's attributes,
// memoised: devices share their attributes (planner.Attrs).
func (b *builder) images(a *planner.Attrs) (licensed, target cell) {
	if c, ok := b.imageMemo[a]; ok {
		return c[0], c[1]
	}
	how := string(a.Media) + " media, " + string(a.Activation)
	if how == " media, " {
		how = ""
	}
	// Wrapped within a column of its own width: on paper the Devices sheet
	// is one page wide.
	c := [2]cell{b.sst.share(b.w(report.DescribeImage(a.Licensed, string(a.Channel)))), b.sst.share(b.w(report.DescribeImage(a.Target, how)))}
	b.imageMemo[a] = c
	return c[0], c[1]
}
