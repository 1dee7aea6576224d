package workbook

import (
	"fmt"

	"github.com/makplan/makplan/planner"
	"github.com/xuri/excelize/v2"
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
	s := b.newSheet(SheetESU, column{title: "ESU year", width: 12}, column{title: "Runs", width: 34}, column{title: "Devices on Windows 10", min: 10},
		column{title: "Entitled in the cloud (no key)", min: 10}, column{title: "Not enrolled", min: 9}, column{title: "Already activated", min: 9},
		column{title: "To activate", min: 9}, column{title: "Remaining on the year's keys", min: 10}, column{title: "Shortfall", min: 9},
		column{title: "Request", min: 9}, column{title: "Licences to buy", min: 9})
	s.grid = true
	s.top = b.titleBlock("Windows 10 Extended Security Updates",
		fmt.Sprintf("Windows 10 support ended %s. A Windows 10 device still on it when an ESU year runs needs that year's ESU licence and one activation of the year's ESU MAK "+
			"(a reimage to Windows 10 during the year activates it again); ESU is bought per device and year, and a device joining late buys the earlier years too. "+
			"Cloud devices (Windows 365, Azure Virtual Desktop, Azure VMs) are entitled without a key. The ESU pools and their requests are on the Summary with the others.", planner.Windows10End))
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
		s.rows = append(s.rows, []any{b.s(fmt.Sprintf("Year %d", y.N)), b.s(runs), b.n(y.OnWindows), b.n(y.Cloud), b.n(y.NotEnrolled), b.n(y.Activated),
			b.n(y.ToActivate), remaining, b.n(y.Shortfall), b.n(y.Request), b.n(y.Licences)})
	}
	s.rows = append(s.rows, []any{},
		[]any{excelize.Cell{StyleID: b.header, Value: "Device"}, excelize.Cell{StyleID: b.header, Value: "Why it is on Windows 10"},
			excelize.Cell{StyleID: b.header, Value: "Leaves Windows 10"}, excelize.Cell{StyleID: b.header, Value: "ESU (plan)"},
			excelize.Cell{StyleID: b.header, Value: "Years to activate"}, excelize.Cell{StyleID: b.header, Value: "Years to license"}})
	for _, d := range r.ESU.Devices {
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
		s.rows = append(s.rows, []any{b.s(shortName(d.D.Name)), b.w(d.Why.Text()), b.s(leaves), b.w(state), b.s(d.Needs.String()), b.s(d.Licences.String())})
	}
	return s.write()
}
