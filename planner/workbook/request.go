package workbook

import (
	"fmt"
	"io"

	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
	"github.com/xuri/excelize/v2"
)

// Sheet names of the request workbook.
const (
	SheetRequest = "Request"
	SheetPools   = "Pools"
)

// WriteRequest renders the attachment of one makadd request
// (email.attach: summary): only what justifies it — the request as the
// fields of Microsoft's form, the requested pools with every key (masked),
// their counts, reserve, rounding and request, and their waves. No device
// names, no ineligible devices, nothing to buy, no settings
// (docs/configuration.md, email.attach).
func WriteRequest(w io.Writer, r *report.Report, q report.Request) error {
	b, err := newBuilder(r)
	if err != nil {
		return err
	}
	defer b.f.Close()
	for _, step := range []func(report.Request) error{b.requestSheet, b.poolsSheet, b.requestWaves} {
		if err := step(q); err != nil {
			return err
		}
	}
	return b.finish(w, "MAK activation increase request "+Safe(q.Agreement), "Multiple Activation Key activations requested, and why", "")
}

func (b *builder) requestTitle(q report.Request, legend string) [][]any {
	name := "MAK activation increase request — agreement " + q.Agreement
	if b.r.Customer.Name != "" {
		name += ", " + shortName(b.r.Customer.Name)
	}
	return [][]any{
		{excelize.Cell{StyleID: b.title, Value: Safe(name)}},
		{b.s(fmt.Sprintf("As of %s: %s requested on %s.", b.r.AsOf, wording.Plural(q.Total, "activation", "activations"), wording.Plural(q.KeysAsked(), "key", "keys")))},
		{cell{style: b.note, text: legend}},
		{b.s("")},
	}
}

// requestSheet is the request as the fields of Microsoft's web form, one
// row per key asked for.
func (b *builder) requestSheet(q report.Request) error {
	blocks := b.r.FormBlocks(q)
	ask := false
	for _, f := range blocks {
		ask = ask || f.AskAuthorization
	}
	cols := []column{{title: "Agreement / enrollment number or License ID", width: 22}}
	if ask { // Open License's: the others' form asks for none
		cols = append(cols, column{title: "Authorization number", width: 18})
	}
	cols = append(cols, column{title: "Product name (version and edition)", width: 24}, column{title: "Last five characters of the product key", width: 13},
		column{title: "Number of activations", width: 12}, column{title: "Business justification", width: 55})
	s := b.newSheet(SheetRequest, cols...)
	s.top = b.requestTitle(q, "The fields of Microsoft's request form for more MAK activations, one row per key.")
	for _, f := range blocks {
		row := []any{b.w(f.Agreement)}
		if ask {
			auth := f.Authorization
			if auth == "" {
				auth = "to fill in: the agreement's authorization number"
			}
			row = append(row, b.w(auth))
		}
		s.rows = append(s.rows, append(row, b.w(f.Product), b.s(f.Last5), b.n(f.Activations), b.w(f.Justification)))
	}
	s.filter, s.grid = 0, true
	return s.write()
}

// poolsSheet lists each requested product's keys, then its arithmetic:
// activations to make + reserve − remaining = shortfall, rounded up to the
// request, asked on one key; the requests' total at the foot.
func (b *builder) poolsSheet(q report.Request) error {
	// One page wide on paper (126 units; docs: nothing below 8 pt): the
	// keys by their last five, the headers wrapped, and the rounding's
	// column only where a request was rounded.
	rounded := false
	for _, p := range q.Pools {
		rounded = rounded || p.RoundTo > 1
	}
	cols := []column{{title: "Product", width: 18}, {title: "Key", width: 7}, {title: "Used", width: 7}, {title: "Limit", width: 7},
		{title: "Remaining", width: 10}, {title: "Activations to make", width: 12}, {title: "Reserve", width: 9},
		{title: "Shortfall", width: 10}, {title: "Worked out", width: 15}}
	legend := "Per product: its keys, then shortfall = activations to make + reserve − remaining (the keys' remaining added up): the request, asked on the key named. Keys are shown by their last five characters."
	if rounded {
		cols[0].width, cols[8].width = 13, 12 // room for the rounding
		cols = append(cols, column{title: "Rounded up to a multiple of", width: 10})
		legend = "Per product: its keys, then shortfall = activations to make + reserve − remaining (the keys' remaining added up), " +
			"rounded up to the multiple shown: the request, asked on the key named. Keys are shown by their last five characters."
	}
	cols = append(cols, column{title: "Request", width: 9}, column{title: "Request on key", width: 9}, column{title: "First needed", width: 13})
	if rounded {
		cols[len(cols)-1].width = 11
	}
	s := b.newSheet(SheetPools, cols...)
	s.top = b.requestTitle(q, legend)
	blank := b.s("")
	bold := func(n int) cell { return cell{style: b.boldInt, kind: kindNumber, num: n} }
	total := 0
	for _, p := range q.Pools {
		for _, k := range p.Keys {
			s.rows = append(s.rows, []any{b.w(k.Products), b.s(k.Key.Last5()), b.np(k.Used), b.np(k.Limit), b.n(k.Remaining)})
		}
		usedCell := b.s("—")
		if used := usedOf(b.r, b.r.Capacity.Pools[p.Pool]); used != nil {
			usedCell = bold(*used)
		}
		var rounding []any
		switch {
		case p.RoundTo > 1:
			rounding = []any{b.n(p.RoundTo)}
		case rounded:
			rounding = []any{b.s("")}
		}
		asked := ""
		if !p.RequestKey.IsZero() {
			asked = p.RequestKey.Last5()
		}
		row := []any{cell{style: b.boldWrap, text: Safe(p.Products + ", all keys")}, blank,
			usedCell, b.np(p.Limit), bold(p.Remaining), bold(p.Demand), bold(p.Reserve), bold(p.Shortfall), b.w(p.Arithmetic())}
		row = append(append(row, rounding...), cell{style: b.shortInt, kind: kindNumber, num: p.Request}, b.s(asked), b.w(p.NeededBy()))
		s.rows = append(s.rows, row)
		total += p.Request
		if d := p.Doubles(); d != "" {
			s.rows = append(s.rows, []any{blank, cell{style: b.note, text: Safe(d)}})
		}
	}
	s.filter, s.grid = len(s.rows), true
	foot := []any{excelize.Cell{StyleID: b.bold, Value: "Total requested"}}
	for len(foot) < len(cols)-3 {
		foot = append(foot, blank)
	}
	s.rows = append(s.rows, append(foot, bold(total)))
	return s.write()
}

// requestWaves is the requested pools' waves: activations to make,
// cumulative, against the remaining activations (before the reserve).
func (b *builder) requestWaves(q report.Request) error {
	s := b.newSheet(SheetWaves, column{title: "Product", width: 26}, column{title: "Wave", width: 18}, column{title: "Wave date", min: 12},
		column{title: "Activations to make", min: 11}, column{title: "Cumulative", min: 11}, column{title: "Remaining", min: 10},
		column{title: "Covered by the remaining activations (before the reserve)", width: 24})
	s.top = b.requestTitle(q, "Each wave's activations to make, added up wave by wave, against the keys' remaining activations. "+
		"The reserve is not counted here; the Pools sheet adds it.")
	for _, p := range q.Pools {
		for _, w := range p.Waves {
			cov := cell{style: b.okText, text: "Yes"}
			if w.Short {
				cov = cell{style: b.shortText, text: fmt.Sprintf("No: %d short", w.Cumulative-w.Remaining)}
			}
			s.rows = append(s.rows, []any{b.w(p.Products), b.w(shortName(w.Wave.Name)), b.d(w.Wave.Date), b.n(w.Demand), b.n(w.Cumulative), b.n(w.Remaining), cov})
		}
	}
	s.grid = true
	return s.write()
}
