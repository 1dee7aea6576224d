package workbook

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
	"github.com/xuri/excelize/v2"
)

// This file writes the To Buy sheet: the sets of purchases and the fixes that are not.

// toBuy turns the ineligible devices into what to buy (report.ToBuy): the
// purchases, the devices each makes eligible and the activations they
// would then need; then the fixes that are not purchases.
func (b *builder) toBuy() error {
	t := b.r.ToBuy()
	s := b.newSheet(SheetToBuy, column{title: "Purchase", width: 24}, column{title: "For the target", width: 15}, column{title: "Buy as (the product sold today)", width: 16},
		column{title: "Buy under", width: 16}, column{title: "Licences to buy", width: 8}, column{title: "Devices it makes eligible", width: 8},
		column{title: "The devices", width: 16}, column{title: "MAK activations they would need", width: 12}, column{title: "First needed (wave)", width: 11})
	s.grid, s.noTitles = true, true
	s.top = b.titleBlock("What to buy to reimage the ineligible devices",
		"One row per set of purchases a device needs together, and target product: each row makes the devices it lists eligible, and nothing else is needed for them. "+
			"Licences to buy: one per device and purchase (one for the agreement under an Open agreement). Commercial Licensing sells no full Windows desktop licence: a device without a qualifying Windows licence gets one outside the agreement. "+
			"Their MAK activations are not in this plan's request: ask Microsoft for them once the licences are bought. "+
			"MAK activations themselves cost nothing: volume activation is not tied to licence invoicing or billing.")
	for _, p := range t.Purchases {
		lic := b.n(p.Licences()) // an Open purchase: one for the agreement, as its Purchase says
		sold := p.Sold
		if sold == "" {
			sold = "—" // the purchase is not the target product (an upgrade, a qualifying licence, a renewal)
		}
		needed := "no dated wave"
		if !p.NeededBy.IsZero() {
			needed = fmt.Sprintf("%s (%s)", report.When(p.NeededBy, b.r.AsOf), shortName(p.NeededWave))
		}
		s.rows = append(s.rows, []any{b.w(p.What), b.w(p.Product), b.w(sold), b.w(p.BuyUnder), lic, b.n(p.Devices), b.w(namesCell(p.Names)), b.n(p.Activations), b.w(needed)})
	}
	if len(t.Purchases) == 0 {
		s.rows = append(s.rows, []any{b.s("Nothing: no ineligible device is made eligible by purchases alone.")})
	}
	s.filter = len(s.rows)
	bold := func(n int) cell { return cell{style: b.boldInt, kind: kindNumber, num: n} }
	s.rows = append(s.rows, []any{excelize.Cell{StyleID: b.bold, Value: "Total, each device once"}, b.s(""), b.s(""), b.s(""), bold(t.Licences), bold(t.Devices), b.s(""), bold(t.Activations), b.s("")})
	besides := "Fixes that are not purchases"
	if t.Besides > 0 {
		besides = fmt.Sprintf("Fixes that are not purchases (%s a purchase too, listed here, not above)", wording.Plural(t.Besides, "device needs", "devices need"))
	}
	s.rows = append(s.rows, []any{},
		[]any{excelize.Cell{StyleID: b.header, Value: besides}, excelize.Cell{StyleID: b.header, Value: "What fails"},
			excelize.Cell{StyleID: b.header}, excelize.Cell{StyleID: b.header}, excelize.Cell{StyleID: b.headerNum, Value: "Devices"}})
	for _, o := range t.OtherFixes {
		s.rows = append(s.rows, []any{b.w(o.Fix), b.w(rules.Catalog[o.Rule].Title), b.s(""), b.s(""), b.n(o.Devices)})
	}
	if len(t.OtherFixes) == 0 {
		s.rows = append(s.rows, []any{b.s("None.")})
	}
	return s.write()
}

// namesCell lists device names in a cell: every one up to 40, then a count
// (the Devices sheet has them all).
func namesCell(names []string) string {
	if len(names) > 40 {
		return strings.Join(names[:40], ", ") + fmt.Sprintf(" and %d more (the Devices sheet lists them)", len(names)-40)
	}
	return strings.Join(names, ", ")
}
