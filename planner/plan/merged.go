package plan

import (
	"fmt"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/sheet"
)

// fillMerged fills down merged cells in the plan's data rows: Excel keeps a
// merged range's value in its first cell only, so a Wave merged over twenty
// rows would leave nineteen devices without one. The value of the first
// cell holds for the range's rows, and a warning per column names the
// ranges (docs/plan-columns.md). A merged required column cannot be filled
// down: its rows were already reported blank; the warning says to unmerge
// it. The work is in proportion to the rows that hold devices, however far
// a range reaches (a range to row 167,772,160 in a 1 KB workbook).
func fillMerged(t *sheet.Table, rows []*planner.Device, ps *problem.Problems) {
	type column struct {
		refs   []string
		ranges int
		filled int
		first  problem.Source
	}
	cols := map[int]*column{}
	for _, m := range t.Merges() {
		if m.LastRow == m.FirstRow || m.FirstRow <= t.HeaderRow {
			continue
		}
		for id := range Schema {
			c := t.IndexOf(id)
			if c < m.FirstColumn || c > m.LastColumn {
				continue
			}
			col := cols[id]
			if col == nil {
				col = &column{first: problem.Source{File: t.File, Sheet: t.Sheet, Row: m.FirstRow}}
				cols[id] = col
			}
			col.ranges++
			if len(col.refs) < maxMergeRefs {
				col.refs = append(col.refs, m.Ref)
			}
			fill := fillers[id]
			from := rowAt(rows, m.FirstRow)
			if fill == nil || from == nil {
				continue
			}
			// The devices of the range's rows below its first: found by
			// search, visited one each.
			i := sort.Search(len(rows), func(i int) bool { return int(rows[i].Row) > m.FirstRow })
			for ; i < len(rows) && int(rows[i].Row) <= m.LastRow; i++ {
				rows[i].WithAttrs(func(a *planner.Attrs) { fill(a, from.Attrs) })
				col.filled++
			}
		}
	}
	ids := make([]int, 0, len(cols))
	for id := range cols {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		col := cols[id]
		refs := strings.Join(col.refs, ", ")
		if more := col.ranges - len(col.refs); more > 0 {
			refs += fmt.Sprintf(" and %d more ranges", more)
		}
		if fillers[id] == nil {
			ps.Warn(col.first.At(t.HeaderOf(id), "cells %s are merged: Excel keeps the value in the first cell only, and %s cannot be filled down; unmerge them and fill each row", refs, Schema[id].Name))
			continue
		}
		first := "first cell"
		if col.ranges > 1 {
			first = "first cell of each range"
		}
		ps.Warn(col.first.At(t.HeaderOf(id), "cells %s are merged: the value of %s's %s is taken for its %d rows below (Excel keeps it in the first cell only); unmerge them to silence this",
			refs, Schema[id].Name, first, col.filled))
	}
}

// maxMergeRefs bounds the merged ranges a warning names; it counts the rest.
const maxMergeRefs = 10

// rowAt finds the device of row num among rows in row order; nil when the
// row had a problem or was blank.
func rowAt(rows []*planner.Device, num int) *planner.Device {
	i := sort.Search(len(rows), func(i int) bool { return int(rows[i].Row) >= num })
	if i < len(rows) && int(rows[i].Row) == num {
		return rows[i]
	}
	return nil
}

// fillers copy the value of one plan column from a row's attributes to
// another's; the columns a row cannot be read without (the device, the
// products, the channel) have none.
var fillers = map[int]func(to, from *planner.Attrs){
	ColManufacturer:       func(t, f *planner.Attrs) { t.Manufacturer = f.Manufacturer },
	ColLicensedLanguage:   func(t, f *planner.Attrs) { t.Licensed.Language = f.Licensed.Language },
	ColLicensedArch:       func(t, f *planner.Attrs) { t.Licensed.Arch = f.Licensed.Arch },
	ColLicensedComponents: func(t, f *planner.Attrs) { t.Licensed.Components = f.Licensed.Components },
	ColTargetLanguage:     func(t, f *planner.Attrs) { t.Target.Language = f.Target.Language },
	ColTargetArch:         func(t, f *planner.Attrs) { t.Target.Arch = f.Target.Arch },
	ColTargetComponents:   func(t, f *planner.Attrs) { t.Target.Components = f.Target.Components },
	ColMedia:              func(t, f *planner.Attrs) { t.Media, t.Modified = f.Media, f.Modified },
	ColMediaOEM:           func(t, f *planner.Attrs) { t.MediaOEM = f.MediaOEM },
	ColOEMImaged:          func(t, f *planner.Attrs) { t.OEMImaged, t.HasOEMFlag = f.OEMImaged, f.HasOEMFlag },
	ColEnterpriseUpgrade:  func(t, f *planner.Attrs) { t.EnterpriseUpgrade = f.EnterpriseUpgrade },
	ColSAPerDevice:        func(t, f *planner.Attrs) { t.SAPerDevice = f.SAPerDevice },
	ColUserSAUntil:        func(t, f *planner.Attrs) { t.UserSAUntil = f.UserSAUntil },
	ColAgreement:          func(t, f *planner.Attrs) { t.Agreement = f.Agreement },
	ColActivation:         func(t, f *planner.Attrs) { t.Activation = f.Activation },
	ColWave:               func(t, f *planner.Attrs) { t.Wave = f.Wave },
	ColWaveDate:           func(t, f *planner.Attrs) { t.WaveDate = f.WaveDate },
	ColKey:                func(t, f *planner.Attrs) { t.Key = f.Key },
	ColLocalReactivation:  func(t, f *planner.Attrs) { t.LocalReactivation = f.LocalReactivation },
	ColQualifyingOS: func(t, f *planner.Attrs) {
		t.Qualifying, t.QualifyingText, t.QualifyingFirmware = f.Qualifying, f.QualifyingText, f.QualifyingFirmware
	},
	ColStatus:             func(t, f *planner.Attrs) { t.Status = f.Status },
	ColWin11Capable:       func(t, f *planner.Attrs) { t.Win11Capable = f.Win11Capable },
	ColUpgradeCoversUntil: func(t, f *planner.Attrs) { t.UpgradeCoversUntil = f.UpgradeCoversUntil },
}
