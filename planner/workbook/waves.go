package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// This file writes the Waves sheet: each pool's demand wave by wave.

func (b *builder) waves() error {
	r, c := b.r, b.r.Capacity
	// One page wide on paper (docs: nothing below 8 pt): the names wrap in
	// columns of their own width, 118 units in all.
	s := b.newSheet(SheetWaves, column{title: "Pool", width: 14}, column{title: "Products", width: 22}, column{title: "Wave", width: 16}, column{title: "Wave date", width: 11},
		column{title: "To make", width: 8}, column{title: "Done", width: 7}, column{title: "Cumulative", width: 12}, column{title: "Remaining", width: 10},
		column{title: "Covered by the remaining activations (before the reserve)", width: 18})
	s.grid = true
	s.top = b.titleBlock("Wave by wave",
		"Each wave's activations to make, added up wave by wave, against the pool's remaining activations. "+
			"This is before the reserve and the rounding: the Summary's shortfall adds the reserve, and its request rounds the shortfall up.")
	for p, pool := range c.Pools {
		for _, w := range pool.Waves {
			cov := excelize.Cell{StyleID: b.okText, Value: "Yes"}
			if w.Short {
				cov = excelize.Cell{StyleID: b.shortText, Value: fmt.Sprintf("No: %d short", w.Cumulative-w.Remaining)}
			}
			s.rows = append(s.rows, []any{b.w(r.PoolID(p)), b.w(strings.Join(pool.Products, ", ")), b.w(shortName(w.Wave.Name)), b.d(w.Wave.Date),
				b.n(w.Demand), b.n(w.Done), b.n(w.Cumulative), b.n(w.Remaining), cov})
		}
	}
	return s.write()
}
