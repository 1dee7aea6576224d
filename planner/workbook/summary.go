package workbook

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
	"github.com/xuri/excelize/v2"
)

// This file writes the Summary sheet: the headline, the pools and their totals, the chart.

func (b *builder) summary() error {
	r, c := b.r, b.r.Capacity
	// One page wide on paper (docs: nothing below 8 pt): the pool's keys
	// by their IDs in its label, the products of each key under it.
	s := b.newSheet(SheetSummary,
		column{title: "Pool of keys (product) / key", width: 27}, column{title: "Agreement", width: 16},
		column{title: "Limit", width: 7}, column{title: "Remaining", width: 10},
		column{title: "Assigned", width: 9}, column{title: "To make", width: 8}, column{title: "Reserve", width: 8},
		column{title: "Shortfall", width: 10}, column{title: "Request", width: 8}, column{title: "Request on key", width: 8},
		column{title: "First needed (wave)", width: 12})
	s.grid = true
	s.top = b.titleBlock("MAK capacity plan",
		"Limit: the keys' activation limit. Assigned: activations the plan gives each key. To make: the eligible devices' products still to activate with the pool's keys. Reserve: activations kept for re-activations after a repair (a share of the activations to make, with a minimum; the Assumptions sheet has the settings). "+
			"Shortfall = to make + reserve − remaining. Request: the shortfall rounded up, asked of Microsoft on the key shown (its last five characters). "+
			"—: not in the key export (a VAMT view gives only the remaining count).")
	s.top = append(s.top[:1], append(b.headline(), s.top[1:]...)...)
	h := s.headerRow()
	// Each pool's row, then its keys, indented; the totals below the
	// filtered range sum the pool rows only.
	var poolRows []int
	for p, pool := range c.Pools {
		row := h + 1 + len(s.rows)
		poolRows = append(poolRows, row)
		reqKey := "" // the last five characters: the Keys rows below show the masked key
		if pool.RequestKey >= 0 && pool.Request > 0 {
			reqKey = r.Keys[pool.RequestKey].Key.Last5()
		}
		first := pool.ShortWaveText()
		if w := pool.FirstShortWave; w != nil {
			first = capacity.Wave{Name: shortName(w.Name), Date: w.Date}.Label()
		}
		style := b.boldInt
		if pool.Shortfall > 0 {
			style = b.shortInt
		}
		agreement := pool.ExportAgreement()
		if agreement == "" {
			agreement = "none in the exports"
		}
		s.rows = append(s.rows, []any{
			cell{style: b.boldWrap, text: Safe(strings.Join(pool.Products, ", ") + " — " + keysText(len(pool.Keys)) + " (" + r.PoolID(p) + ")")}, b.w(agreement),
			b.np(pool.Limit), b.n(pool.Remaining), b.n(allocatedOf(c, pool)), b.n(pool.Demand), b.n(pool.Reserve),
			excelize.Cell{StyleID: style, Formula: fmt.Sprintf("MAX(0,F%d+G%d-D%d)", row, row, row), Value: pool.Shortfall},
			excelize.Cell{StyleID: style, Formula: fmt.Sprintf("CEILING(H%d,%d)", row, max(1, pool.RoundTo)), Value: pool.Request},
			b.s(reqKey), b.w(first),
		})
		for _, k := range pool.Keys {
			ku := c.Keys[k]
			s.rows = append(s.rows, []any{cell{style: b.indentWrap, text: ku.Key.Key.Masked() + "\n" + redact.Sanitize(productsOf(ku.Key))}, b.w(agreementsOf(ku.Key)),
				b.np(ku.Key.Limit), b.n(ku.Key.Remaining), b.n(ku.Allocated),
				b.s(""), b.s(""), b.s(""), b.n(ku.Request), b.s(""), b.s("")})
		}
	}
	s.filter = len(s.rows)
	blank := func() { s.rows = append(s.rows, []any{b.s("")}) }
	// The total adds only what adds: the short pools' figures, whose
	// shortfalls are each activations to make + reserve − remaining; a
	// pool in surplus covers no other pool's shortfall, so it is left out
	// and counted on a line of its own.
	var shortRows []int
	short := func(p capacity.Pool) bool { return p.Shortfall > 0 }
	for i, pool := range c.Pools {
		if short(pool) {
			shortRows = append(shortRows, poolRows[i])
		}
	}
	if len(shortRows) > 0 {
		blank()
		sum := func(col string) string {
			refs := make([]string, len(shortRows))
			for i, row := range shortRows {
				refs[i] = fmt.Sprintf("%s%d", col, row)
			}
			return "SUM(" + strings.Join(refs, ",") + ")"
		}
		only := func(f func(capacity.Pool) int) func(capacity.Pool) int {
			return func(p capacity.Pool) int {
				if short(p) {
					return f(p)
				}
				return 0
			}
		}
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: fmt.Sprintf("Total of the %s", wording.Plural(len(shortRows), "short pool", "short pools"))}, b.s(""), b.s(""),
			excelize.Cell{StyleID: b.boldInt, Formula: sum("D"), Value: sumPools(c, only(func(p capacity.Pool) int { return p.Remaining }))},
			b.s(""),
			excelize.Cell{StyleID: b.boldInt, Formula: sum("F"), Value: sumPools(c, only(func(p capacity.Pool) int { return p.Demand }))},
			excelize.Cell{StyleID: b.boldInt, Formula: sum("G"), Value: sumPools(c, only(func(p capacity.Pool) int { return p.Reserve }))},
			excelize.Cell{StyleID: b.boldInt, Formula: sum("H"), Value: c.Shortfall},
			excelize.Cell{StyleID: b.boldInt, Formula: sum("I"), Value: c.Request},
			b.s(""), b.s("")})
	}
	if n := len(c.Pools) - len(shortRows); n > 0 && len(c.Pools) > 0 {
		if len(shortRows) == 0 {
			blank()
		}
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: Safe(fmt.Sprintf("%s covered: the remaining activations cover the activations to make and the reserve; a pool's surplus does not cover another pool's shortfall, so it is not in the total.",
			wording.Plural(n, "pool", "pools")))}})
	}
	var others [][]any
	for _, ku := range c.Keys {
		if ku.Pool >= 0 {
			continue
		}
		others = append(others, []any{cell{style: b.indentWrap, text: ku.Key.Key.Masked() + "\n" + redact.Sanitize(productsOf(ku.Key)+" — "+string(ku.Key.Type)+": no MAK activations")},
			b.w(agreementsOf(ku.Key))})
	}
	if len(others) > 0 {
		blank()
		s.rows = append(s.rows, []any{excelize.Cell{StyleID: b.bold, Value: "Other keys (not MAKs: no activations to count)"}})
		s.rows = append(s.rows, others...)
	}
	if len(c.Unmatched) > 0 {
		var parts []string
		for _, u := range c.Unmatched {
			parts = append(parts, fmt.Sprintf("%s: %d", u.Product, u.Devices))
		}
		blank()
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: Safe("No key covers them (activations to make by MAK): " + strings.Join(parts, "; "))}, b.s(""),
			b.s(""), b.s(""), b.s(""), b.n(sumUnmatched(c))},
			[]any{cell{style: b.wrap, text: "If the agreement licenses the product, get its MAK from VLSC or the Microsoft 365 admin center and add that export; if not, buy the licences first. Either way the request cannot include them yet."}})
	}
	if u := r.Unrecognised(); len(u) > 0 {
		var parts []string
		total := 0
		for _, x := range u {
			parts = append(parts, fmt.Sprintf("%s: %d", redact.Quote(x.Product), x.Devices))
			total += x.Devices
		}
		blank()
		s.rows = append(s.rows, []any{cell{style: b.boldWrap, text: Safe("Unrecognised products, left out of the demand: correct the names (makplan products): " + strings.Join(parts, "; "))}, b.s(""),
			b.s(""), b.s(""), b.s(""), b.n(total)})
	}
	// The chart's own table: one row per pool, labelled by product; hidden
	// (the chart plots hidden cells), so that it does not print.
	if len(c.Pools) > 0 {
		blank()
		s.hiddenFrom = len(s.rows)
		s.rows = append(s.rows, []any{excelize.Cell{StyleID: b.bold, Value: "For the chart"}, b.s(""), b.s(""),
			cell{style: b.boldWrap, text: "Remaining"}, b.s(""), cell{style: b.boldWrap, text: "Needed (with reserve)"}})
	}
	chartFirst := h + 1 + len(s.rows)
	for p, pool := range c.Pools {
		s.rows = append(s.rows, []any{b.w(strings.Join(pool.Products, ", ") + " (" + r.PoolID(p) + ")"), b.s(""), b.s(""),
			b.n(pool.Remaining), b.s(""), b.n(pool.Demand + pool.Reserve)})
	}
	chartLast := h + len(s.rows)
	s.setup = func() error {
		if len(c.Pools) == 0 {
			return nil
		}
		cats := fmt.Sprintf("%s!$A$%d:$A$%d", SheetSummary, chartFirst, chartLast)
		// On a page of its own: a page break above it, so that it is never
		// cut between two pages (its largest bar alone on the next).
		if err := b.f.InsertPageBreak(SheetSummary, fmt.Sprintf("A%d", chartLast+2)); err != nil {
			return err
		}
		return b.f.AddChart(SheetSummary, fmt.Sprintf("A%d", chartLast+2), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{
				{Name: fmt.Sprintf("%s!$F$%d", SheetSummary, chartFirst-1), Categories: cats, Values: fmt.Sprintf("%s!$F$%d:$F$%d", SheetSummary, chartFirst, chartLast)},
				{Name: fmt.Sprintf("%s!$D$%d", SheetSummary, chartFirst-1), Categories: cats, Values: fmt.Sprintf("%s!$D$%d:$D$%d", SheetSummary, chartFirst, chartLast)},
			},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Activations needed against remaining, per pool of keys", Font: &chartTitleFont}}},
			Legend:    excelize.ChartLegend{Position: "bottom", Font: &chartFont},
			Dimension: excelize.ChartDimension{Width: 760, Height: uint(120 + 40*len(c.Pools))},
			XAxis:     excelize.ChartAxis{Font: chartFont},
			YAxis: excelize.ChartAxis{Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Activations", Font: &chartFont}}}, MajorGridLines: true,
				Font: chartFont},
		})
	}
	return s.write()
}

// headline is the block a buyer reads first: what to ask Microsoft for
// (and that it costs nothing), what to buy, when the first thing is
// needed, and where each answer is.
// reserveOnly reports whether every pool that asks for activations is
// short of its reserve alone.
func reserveOnly(c *capacity.Result) bool {
	for i := range c.Pools {
		if p := &c.Pools[i]; p.Request > 0 && !p.ReserveOnly() {
			return false
		}
	}
	return true
}

func (b *builder) headline() [][]any {
	r, c := b.r, b.r.Capacity
	t := r.ToBuy()
	licences := t.Licences
	var first *capacity.Wave
	for _, pool := range c.Pools {
		if w := pool.FirstShortWave; w != nil && !w.Date.IsZero() && (first == nil || w.Date.Before(first.Date)) {
			first = w
		}
	}
	ask := "Ask Microsoft for: nothing — every pool of keys covers its activations and reserve."
	if c.Request > 0 {
		var split []string
		for _, pool := range c.Pools {
			if pool.Request > 0 && pool.RequestKey >= 0 {
				split = append(split, fmt.Sprintf("%d on %s", pool.Request, r.Keys[pool.RequestKey].Key.Last5()))
			}
		}
		short := "Short: the keys do not cover the plan."
		if reserveOnly(c) {
			short = "Short of the reserve: the keys cover the activations to make, not the reserve kept for re-activations."
		}
		ask = fmt.Sprintf("%s Ask Microsoft for: %s (%s; the makadd requests written beside this workbook). "+
			"MAK activations cost nothing: they are not a purchase, and volume activation is not tied to licence invoicing or billing.",
			short, wording.Plural(c.Request, "MAK activation", "MAK activations"), strings.Join(split, ", "))
	}
	buy := "Buy: nothing — no ineligible device is fixed by a purchase."
	if licences > 0 {
		buy = fmt.Sprintf("Buy: %s (the To Buy sheet: what, for which devices, by when)", wording.Plural(licences, "licence", "licences"))
		if !t.NeededBy.IsZero() {
			buy += fmt.Sprintf(", the first by %s (wave %s)", report.When(t.NeededBy, r.AsOf), shortName(t.NeededWave))
		}
		buy += fmt.Sprintf("; the %s the devices they make eligible then need are a later request.", wording.Plural(t.Activations, "MAK activation", "MAK activations"))
	}
	var missing []string
	for _, u := range c.Unmatched {
		missing = append(missing, fmt.Sprintf("%s (%d)", u.Product, u.Devices))
	}
	when := "Activations first needed: nothing is short on any dated wave."
	if first != nil {
		when = fmt.Sprintf("Activations first needed: %s, when wave %s starts and the remaining activations run out (the Waves sheet, wave by wave).", report.When(first.Date, r.AsOf), shortName(first.Name))
	}
	where := "Where: each pool and its request below; every device and its verdict on Devices; the inputs and settings on Assumptions."
	rows := [][]any{
		{cell{style: b.bold, text: Safe(ask)}},
		{cell{style: b.bold, text: Safe(buy)}},
		{cell{style: b.bold, text: Safe(when)}},
		{cell{style: b.bold, text: Safe("In scope: " + r.Counts().Scope() + ".")}},
	}
	if risks := r.Risks(3); len(risks) > 0 {
		var parts []string
		for _, k := range risks {
			parts = append(parts, k.Text)
		}
		rows = append(rows, []any{cell{style: b.bold, text: Safe("Largest risks: " + strings.Join(parts, "; ") + " (the Assumptions sheet lists every warning).")}})
	}
	if len(missing) > 0 {
		rows = append(rows, []any{cell{style: b.bold, text: Safe(fmt.Sprintf("No key covers: %s — %s; get their MAKs from VLSC if the agreement licenses them, else buy the licences.",
			wording.Plural(sumUnmatched(c), "MAK activation", "MAK activations"), strings.Join(missing, ", ")))}})
	}
	// A request already sent and not answered: the new figures do not
	// subtract it (nothing is known to be granted), and the buyer should
	// know it is there before sending another.
	var all []int
	for k := range r.Keys {
		all = append(all, k)
	}
	if open := r.OpenRequestLines(all); len(open) > 0 {
		rows = append(rows, []any{cell{style: b.bold, text: Safe("Already asked: " + strings.Join(open, "; ") +
			". The request above does not count on them; when one is granted, the next export shows the key's limit raised.")}})
	}
	return append(rows, []any{b.s(where)})
}

// agreementsOf is a key's agreement numbers (its License IDs aside).
func agreementsOf(k *planner.Key) string {
	var out []string
	for _, a := range k.Agreements {
		if !slices.Contains(k.LicenseIDs, a) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return "none in the exports"
	}
	return strings.Join(out, ", ")
}

// productsOf is a key's products as its exports name them, with its VLSC
// License ID.
func productsOf(k *planner.Key) string {
	s := strings.Join(k.ProductNames(), ", ")
	if len(k.LicenseIDs) > 0 {
		s += " (License ID " + strings.Join(k.LicenseIDs, ", ") + ")"
	}
	return s
}

// titleBlock is the rows above a sheet's header: the title and customer,
// the agreements, the day judged and the inputs with their dates, and a
// legend.
func (b *builder) titleBlock(title, legend string) [][]any {
	r := b.r
	name := title
	if r.Customer.Name != "" {
		name += " — " + shortName(r.Customer.Name)
	}
	var agreements []string
	for _, a := range r.Agreements {
		agreements = append(agreements, a.Number+" ("+string(a.Program)+")")
	}
	if len(agreements) == 0 {
		agreements = []string{"none configured"}
	}
	var keys, plans []string
	for _, in := range r.Inputs {
		if in.Kind == "keys" {
			keys = append(keys, fmt.Sprintf("%s (as of %s)", filepath.Base(in.Path), in.AsOf))
		} else {
			plans = append(plans, filepath.Base(in.Path))
		}
	}
	rows := [][]any{
		{excelize.Cell{StyleID: b.title, Value: Safe(name)}},
		{b.s("Agreements: " + strings.Join(agreements, ", "))},
		{b.s(fmt.Sprintf("Judged as of %s. Key exports: %s. Plan: %s.", r.AsOf, orNone(keys), orNone(plans)))},
	}
	if legend != "" {
		rows = append(rows, []any{cell{style: b.note, text: legend}})
	}
	return append(rows, []any{b.s("")})
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func keysText(n int) string {
	if n == 1 {
		return "1 key"
	}
	return fmt.Sprintf("%d keys", n)
}

func usedOf(r *report.Report, pool capacity.Pool) *int {
	total := 0
	for _, k := range pool.Keys {
		if r.Keys[k].Used == nil {
			return nil
		}
		total += *r.Keys[k].Used
	}
	return &total
}

func allocatedOf(c *capacity.Result, pool capacity.Pool) int {
	n := 0
	for _, k := range pool.Keys {
		n += c.Keys[k].Allocated
	}
	return n
}

func sumPools(c *capacity.Result, f func(capacity.Pool) int) int {
	n := 0
	for _, p := range c.Pools {
		n += f(p)
	}
	return n
}

func sumUnmatched(c *capacity.Result) int {
	n := 0
	for _, u := range c.Unmatched {
		n += u.Devices
	}
	return n
}
