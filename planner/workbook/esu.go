package workbook

import (
	"fmt"

	"github.com/makplan/makplan/planner"
)

// This file writes the ESU sheet: Windows 10 Extended Security Updates per year and device.

// esu shows the Windows 10 ESU plan (docs/rules.md, "Windows 10 Extended
// Security Updates"), when the run made one: per year, the devices on
// Windows 10, cloud-entitled, not enrolled, already activated and to
// activate, what the year's keys have left, the request and the licences
// to buy; then every Windows 10 device with the years it needs.
func (b *builder) esu() error {
	r := b.r
	if !r.ESU.Planned() {
		return nil
	}
	// One page wide on paper (126 units): the titles wrap; the devices'
	// table below shares the first six columns (a date needs 11).
	s := b.newSheet(SheetESU, column{title: "ESU year", width: 14}, column{title: "Runs", width: 22}, column{title: "Devices on Windows 10", width: 11},
		column{title: "Entitled in the cloud (no key)", width: 14}, column{title: "Not enrolled", width: 9}, column{title: "Already activated", width: 9},
		column{title: "To activate", width: 9}, column{title: "Remaining on the year's keys", width: 11}, column{title: "Shortfall", width: 9},
		column{title: "Request", width: 9}, column{title: "Licences to buy", width: 9})
	s.grid = true
	s.top = b.titleBlock("Windows 10 Extended Security Updates",
		fmt.Sprintf("Windows 10 support ended %s. A Windows 10 device still on it when an ESU year runs needs that year's ESU licence and one activation of the year's ESU MAK "+
			"(a reimage to Windows 10 during the year activates it again); ESU is bought per device and year, and a device joining late buys the earlier years too. "+
			"Cloud devices (Windows 365, Azure Virtual Desktop, Azure VMs) are entitled without a key. The ESU pools and their requests are on the Summary with the others.", planner.Windows10End))
	// The years, a blank row, the devices' header, then a row per device:
	// streamed (a million Windows 10 devices make a million rows), in
	// cells already gridded and, where they repeat, shared.
	grid := func(c cell) cell { c.style = s.gridStyle(c.style); return c }
	var years [][]cell
	for _, y := range r.ESU.Years {
		remaining := b.s("no key")
		if y.Remaining != nil {
			remaining = b.n(*y.Remaining)
		}
		runs := fmt.Sprintf("%s to %s", y.Start, y.End)
		switch {
		case y.Running:
			runs += " (running)"
		case y.End.Before(r.AsOf):
			runs += " (over)"
		}
		row := []cell{b.s(fmt.Sprintf("Year %d", y.N)), b.w(runs), b.n(y.OnWindows), b.n(y.Cloud), b.n(y.NotEnrolled), b.n(y.Activated),
			b.n(y.ToActivate), remaining, b.n(y.Shortfall), b.n(y.Request), b.n(y.Licences)}
		for i := range row {
			row[i] = grid(row[i])
		}
		years = append(years, row)
	}
	var head []cell
	for _, t := range []string{"Device", "Why it is on Windows 10", "Leaves Windows 10", "ESU (plan)", "Years to activate", "Years to license"} {
		head = append(head, grid(cell{style: b.header, text: t}))
	}
	wrapped, plain := s.gridStyle(b.wrap), s.gridStyle(b.text)
	shared := func(style int, v string) cell {
		c := b.rep(v)
		c.style = style
		return c
	}
	devices := min(len(r.ESU.Devices), maxRows-len(years)-2) // the rest: the Devices sheet's ESU years
	s.count = len(years) + 2 + devices
	s.body = func(i int, dst []cell) []cell {
		switch {
		case i < len(years):
			return append(dst, years[i]...)
		case i == len(years):
			return dst
		case i == len(years)+1:
			return append(dst, head...)
		}
		d := r.ESU.Devices[i-len(years)-2]
		leaves := "stays"
		if !d.Leaves.IsZero() {
			leaves = d.Leaves.String()
		}
		state := d.D.ESU.String()
		switch {
		case d.D.ESU.Activated != 0:
			state = "activated: " + state
		case state == "":
			state = "(blank: enrolled)"
		}
		name := b.s(shortName(d.D.Name))
		name.style = plain
		return append(dst, name, shared(wrapped, d.Why.Text()), shared(plain, leaves), shared(wrapped, state),
			shared(plain, d.Needs.String()), shared(plain, d.Licences.String()))
	}
	return s.write()
}
