package workbook

import "github.com/makplan/makplan/planner/rules"

// This file writes the Ineligible sheet: a row per failed rule of each device.

func (b *builder) ineligible() error {
	r := b.r
	// One page wide on paper: the rule with its meaning in one column, the
	// source after the reason.
	s := b.newSheet(SheetIneligible, column{title: "Device", width: 12}, column{title: "Wave", width: 9}, column{title: "Rule: what it means", width: 21},
		column{title: "Licensed", width: 15}, column{title: "Target", width: 15},
		column{title: "Why (and where the rule comes from)", width: 31}, column{title: "To make it eligible", width: 22})
	s.freezeCols = 1 // the device's name stays in view
	// The (rule, device) rows, rule by rule in docs/rules.md's order.
	type failure struct {
		rule   uint16
		device int32
	}
	byRule := map[rules.ID][]int32{}
	for i := range r.Devices {
		for _, id := range r.Verdict(i).Reasons() {
			byRule[id] = append(byRule[id], int32(i))
		}
	}
	var rows []failure
	for k, id := range rules.Rules {
		for _, i := range byRule[id] {
			rows = append(rows, failure{uint16(k), i})
		}
	}
	s.count = min(len(rows), maxRows) // the rest is on the Devices sheet
	// A failure's words depend on the device's judgement: made once each.
	type said struct {
		judgement uint32
		rule      uint16
	}
	words := map[said][3]cell{}
	s.body = func(k int, dst []cell) []cell {
		id, i := rules.Rules[rows[k].rule], int(rows[k].device)
		d := r.Devices[i]
		key := said{r.JudgementOf(i), rows[k].rule}
		w, ok := words[key]
		if !ok {
			var f rules.Finding
			for _, x := range r.Findings(i) {
				if x.ID == id {
					f = x
				}
			}
			info := rules.Catalog[id]
			w = [3]cell{b.sst.share(b.w(string(id) + ": " + info.Title)), b.sst.share(b.w(f.Text + " (" + f.Section + ")")), b.sst.share(b.w(f.Fix))}
			words[key] = w
		}
		licensed, _ := b.images(d.Attrs)
		return append(dst, b.w(shortName(d.Name)), b.sst.share(b.w(shortName(d.Wave))), w[0], licensed, b.w(d.Target.Name()), w[1], w[2])
	}
	return s.write()
}
