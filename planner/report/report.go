// Package report holds the one result of a makplan run — verdicts, capacity,
// inputs and settings — and the small writers that render it: the JSON
// summary and the text summary here; the workbook and the email in their own
// packages. Writers take the report and an io.Writer.
package report

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// Input is an input file as the Assumptions sheet lists it.
type Input struct {
	Path   string       `json:"path"`
	Kind   string       `json:"kind"` // keys or plan
	SHA256 string       `json:"sha256"`
	AsOf   planner.Date `json:"as_of"`
}

// Check holds the thresholds of `makplan check`.
type Check struct {
	MinRemainingPercent float64
	MinRunwayWaves      int
	// MaxIneligiblePercent: more of the plan's products than this not
	// eligible is an INELIGIBLE alert (a typo in a program, a column lost).
	MaxIneligiblePercent float64
	MinRunwayDays        int // alert when a pool runs out within this many days at its pace; 0: never
	BurnTolerance        int // activations used beyond the plan's that are not yet an alert
}

// Customer is who asks Microsoft for more activations.
type Customer struct {
	Name, ContactName, ContactEmail, ContactPhone string
}

// Report is the whole result of a run.
type Report struct {
	Version    string
	AsOf       planner.Date
	Inputs     []Input
	Settings   capacity.Settings
	Check      Check
	Customer   Customer
	Agreements []planner.Agreement
	Keys       []planner.Key
	Devices    []*planner.Device
	Judge      *rules.Judge
	History    *HistoryView // nil when the run keeps no history
	Capacity   *capacity.Result
	Warnings   []problem.Problem

	// Judgements are the distinct verdicts with their evidence; judged[i]
	// is device i's. A plan of a million devices has a few hundred.
	Judgements []Judgement
	judged     []uint32
	findings   [][]rules.Finding // memo per judgement, filled when first asked
	poolIDs    []string          // PoolID's names, by pool
	toBuy      *ToBuy            // memo: the text, the JSON and each workbook ask for it
}

// Judgement is a verdict with the evidence it rests on.
type Judgement struct {
	Verdict  rules.Verdict
	Evidence rules.Evidence
}

// Basis is what a report is built from: the inputs read, the settings,
// the judge, and how to read the history once capacity is known.
type Basis struct {
	Version    string
	AsOf       planner.Date
	Inputs     []Input
	Customer   Customer
	Agreements []planner.Agreement
	Keys       []planner.Key
	Devices    []*planner.Device
	Judge      *rules.Judge
	Capacity   capacity.Settings
	Check      Check
	// Warnings are those found while reading the inputs; the report's own
	// follow them.
	Warnings []problem.Problem
	// History, when set, records the run and returns what the history says
	// of it, with its warnings; it is called once capacity is planned.
	History func(*Report) (*HistoryView, []problem.Problem)
}

// Build judges every device, plans capacity, reads the history and returns
// the whole result, with every warning of the run. Nothing changes it
// afterwards: every writer reads the same report.
func Build(b Basis) *Report {
	r := &Report{Version: b.Version, AsOf: b.AsOf, Inputs: b.Inputs, Customer: b.Customer, Agreements: b.Agreements,
		Keys: b.Keys, Devices: b.Devices, Judge: b.Judge, Settings: b.Capacity, Check: b.Check,
		judged: make([]uint32, len(b.Devices))}
	index := map[Judgement]uint32{}
	// A verdict depends on a device's attributes alone, which devices share
	// (planner.Attrs): each distinct set is judged once.
	byAttrs := map[*planner.Attrs]uint32{}
	for i, d := range r.Devices {
		n, ok := byAttrs[d.Attrs]
		if !ok {
			v, ev := r.Judge.Evaluate(d)
			k := Judgement{v, ev}
			if n, ok = index[k]; !ok {
				n = uint32(len(r.Judgements))
				index[k] = n
				r.Judgements = append(r.Judgements, k)
			}
			byAttrs[d.Attrs] = n
		}
		r.judged[i] = n
	}
	r.findings = make([][]rules.Finding, len(r.Judgements))
	r.Capacity = capacity.Plan(r.Keys, r.Devices, r, r.Settings)
	for _, pool := range r.Capacity.Pools {
		var parts []string
		for _, k := range pool.Keys {
			parts = append(parts, r.Keys[k].Key.Last5())
		}
		r.poolIDs = append(r.poolIDs, strings.Join(parts, "+"))
	}
	r.Warnings = append(append([]problem.Problem(nil), b.Warnings...), r.ruleWarnings()...)
	if b.History != nil {
		h, warnings := b.History(r)
		r.History = h
		r.Warnings = append(r.Warnings, warnings...)
	}
	return r
}

// Verdict returns the verdict on device i.
func (r *Report) Verdict(i int) rules.Verdict { return r.Judgements[r.judged[i]].Verdict }

// JudgementOf returns the index of device i's judgement in Judgements.
func (r *Report) JudgementOf(i int) uint32 { return r.judged[i] }

// Evidence returns what device i's verdict rests on.
func (r *Report) Evidence(i int) rules.Evidence { return r.Judgements[r.judged[i]].Evidence }

// Findings returns device i's verdict explained in words (rules.Judge.Explain),
// the same slice for every device with the same judgement; do not modify it.
func (r *Report) Findings(i int) []rules.Finding {
	n := r.judged[i]
	if r.findings[n] == nil {
		jm := r.Judgements[n]
		r.findings[n] = r.Judge.Explain(jm.Verdict, jm.Evidence)
		if r.findings[n] == nil {
			r.findings[n] = []rules.Finding{}
		}
	}
	return r.findings[n]
}

// Counts are the device totals. A device that gets several products
// (Windows and Office) is one device and several products: Total counts
// devices, Products the plan's rows; the others count products, so
// ConsumingMAK is the number of activations.
type Counts struct {
	Total        int `json:"total"`
	Products     int `json:"products"`
	Eligible     int `json:"eligible"`
	Ineligible   int `json:"ineligible"`
	ConsumingMAK int `json:"consuming_mak"`
	Done         int `json:"done"`         // eligible MAK devices already reimaged: not demand
	Unrecognised int `json:"unrecognised"` // devices whose product is not in the catalogue (unrecognised_products: report)
}

// Counts returns the device totals.
func (r *Report) Counts() Counts {
	c := Counts{Total: planner.CountDevices(r.Devices), Products: len(r.Devices), ConsumingMAK: r.Capacity.Demand, Done: r.Capacity.DoneTotal}
	for i := range r.Devices {
		v := r.Verdict(i)
		if v.Eligible {
			c.Eligible++
		}
		if v.Fails(rules.UnrecognisedProduct) {
			c.Unrecognised++
		}
	}
	c.Ineligible = c.Products - c.Eligible
	return c
}

// Headline says the counts in words, devices and activations apart: "65
// devices, 43 eligible, 22 not eligible; 35 MAK activations to make (3
// more already done)", or with several products on a device "64 devices
// with 66 products to reimage; 44 products eligible, 22 not eligible; …".
func (c Counts) Headline() string {
	s := fmt.Sprintf("%s, %s eligible, %s not eligible", wording.Plural(c.Total, "device", "devices"), wording.Count(c.Eligible), wording.Count(c.Ineligible))
	if c.Products != c.Total {
		s = fmt.Sprintf("%s with %s to reimage; %s eligible, %s not eligible", wording.Plural(c.Total, "device", "devices"),
			wording.Plural(c.Products, "product", "products"), wording.Plural(c.Eligible, "product", "products"), wording.Count(c.Ineligible))
	}
	s += "; " + wording.Plural(c.ConsumingMAK, "MAK activation", "MAK activations") + " to make"
	if c.Done > 0 {
		s += fmt.Sprintf(" (%s already done)", wording.Count(c.Done))
	}
	return s
}

// PoolID names a pool by the last five characters of its keys, joined by "+"
// ("VF68T+3GVF7"): stable across runs, safe in logs, and what an admin sees
// in VLSC's key list.
func (r *Report) PoolID(p int) string { return r.poolIDs[p] }

// Short reports whether any pool has a shortfall.
func (r *Report) Short() bool { return r.Capacity.Shortfall > 0 }

// AgreementOf returns the configured agreement with that number.
func (r *Report) AgreementOf(number string) (planner.Agreement, bool) {
	for _, a := range r.Agreements {
		if a.Number == number {
			return a, true
		}
	}
	return planner.Agreement{}, false
}
