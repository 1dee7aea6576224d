package rules

import (
	"fmt"

	"github.com/makplan/makplan/planner"
)

// Downgrade is a row of the downgrade-rights table: a device licensed for
// License through Channel may run MayRun instead (or, with Earlier, any earlier
// version of the same edition).
type Downgrade struct {
	License planner.Product
	Channel planner.Channel // "" = any channel
	MayRun  planner.Product // unset when Earlier
	Earlier bool
	Source  string // where the right comes from, with its confidence
	Builtin bool
}

// String describes the row for the workbook and explanations.
func (d Downgrade) String() string {
	ch := string(d.Channel)
	if ch == "" {
		ch = "any"
	}
	to := d.MayRun.Name()
	if d.Earlier {
		to = "any earlier version of the same edition"
	}
	return fmt.Sprintf("%s (%s) may run %s", d.License.Name(), ch, to)
}

// Table is a downgrade-rights table; the one a run used is part of its result.
type Table []Downgrade

// Builtin returns the rows that domain.md marks as confirmed by the brief or
// Microsoft's own pages. Rows from secondary or unconfirmed sources are left
// to configuration (downgrade_rights.add).
func Builtin() Table {
	p := planner.ParseProduct
	const oemPages = "brief (Downgrade Rights; OEM-Specific Information) and Microsoft OEM pages"
	return Table{
		{License: p("Windows 10 Pro"), Channel: planner.ChannelOEM, MayRun: p("Windows 8.1 Pro"), Source: oemPages, Builtin: true},
		{License: p("Windows 10 Pro"), Channel: planner.ChannelOEM, MayRun: p("Windows 7 Professional"), Source: oemPages, Builtin: true},
		{License: p("Windows 8 Pro"), Channel: planner.ChannelOEM, MayRun: p("Windows 7 Professional"), Source: "Microsoft OEM pages", Builtin: true},
		{License: p("Windows 8 Pro"), Channel: planner.ChannelOEM, MayRun: p("Windows Vista Business"), Source: "Microsoft OEM pages", Builtin: true},
		{License: p("Windows Pro"), Channel: planner.ChannelVolume, Earlier: true, Source: "brief: full downgrade rights of Commercial Licensing Windows Pro licenses", Builtin: true},
		{License: p("Windows Enterprise"), Channel: planner.ChannelVolume, Earlier: true, Source: "brief: full downgrade rights of Commercial Licensing Windows Enterprise Upgrade licenses", Builtin: true},
	}
}

// With returns the table with rows removed (matched by license, channel and
// what they allow) and rows added, in that order.
func (t Table) With(add, remove []Downgrade) Table {
	out := Table{}
	for _, row := range t {
		drop := false
		for _, r := range remove {
			if row.License.Name() == r.License.Name() && row.Channel == r.Channel && row.Earlier == r.Earlier &&
				(row.Earlier || row.MayRun.Name() == r.MayRun.Name()) {
				drop = true
			}
		}
		if !drop {
			out = append(out, row)
		}
	}
	return append(out, add...)
}

// Allows returns the row that lets a device licensed for lic through ch run
// target, if any.
func (t Table) Allows(lic planner.Product, ch planner.Channel, target planner.Product) (Downgrade, bool) {
	for _, row := range t {
		if row.Channel != "" && row.Channel != ch {
			continue
		}
		if !planner.SameProduct(row.License, lic) {
			continue
		}
		if len(row.License.Versions) > 0 && !planner.Covers(row.License, lic) {
			continue
		}
		if row.Earlier {
			lr, tr := planner.VersionRank(lic.Family, lic.Version()), planner.VersionRank(target.Family, target.Version())
			if planner.SameProduct(lic, target) && lr > 0 && tr > 0 && tr < lr {
				return row, true
			}
			continue
		}
		if planner.Covers(row.MayRun, target) && len(row.MayRun.Versions) > 0 {
			return row, true
		}
	}
	return Downgrade{}, false
}
