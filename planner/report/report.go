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
	"github.com/makplan/makplan/planner/esu"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// Input is an input file as the Assumptions sheet lists it.
type Input struct {
	Path   string       `json:"path"`
	Kind   string       `json:"kind"` // keys or plan
	SHA256 string       `json:"sha256"`
	AsOf   planner.Date `json:"as_of"` // a key export's snapshot date (its newest); a plan's: the day judged
	// DatedBy says where a key export's date comes from (docs/history.md,
	// "Dating an export"); omitted for a plan.
	DatedBy planner.DateSource `json:"dated_by,omitempty"`
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
	// LifecycleDays: check alerts LIFECYCLE this many days before an
	// end of support or ESU year that plan devices cross.
	LifecycleDays int
}

// Customer is who asks Microsoft for more activations.
type Customer struct {
	Name, ContactName, ContactEmail, ContactPhone string
}

// Report is the whole result of a run: a value, built once by New from
// what the pipeline worked out, that every writer reads and none changes.
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
	// ESU is the Windows 10 ESU plan (its pools are in Capacity); nil when
	// none was worked out.
	ESU      *esu.Result
	Warnings []problem.Problem
	risks    []Risk // worked out with the warnings (Risks)

	// Judgements are the distinct verdicts with their evidence; judged[i]
	// is device i's. A plan of a million devices has a few hundred.
	Judgements []Judgement
	judged     []uint32
	findings   [][]rules.Finding // per judgement: its verdict in words
	poolIDs    []string          // PoolID's names, by pool
	toBuy      ToBuy
	// Burn are the pools whose keys used more than the plan's past waves
	// explain (docs/history.md, "Unexplained burn").
	Burn []UnexplainedBurn
}

// Judgement is a verdict with the evidence it rests on.
type Judgement struct {
	Verdict  rules.Verdict
	Evidence rules.Evidence
}

// Judged is every device's verdict: the distinct judgements, and for each
// device the index of its own.
type Judged struct {
	Judgements []Judgement
	Of         []uint32
}

// Verdict returns the verdict on device i (capacity.Verdicts).
func (j Judged) Verdict(i int) rules.Verdict { return j.Judgements[j.Of[i]].Verdict }

// JudgeAll judges every device. A verdict depends on a device's attributes
// alone, which devices share (planner.Attrs): each distinct set is judged
// once, and each distinct judgement kept once.
func JudgeAll(judge *rules.Judge, devices []*planner.Device) Judged {
	j := Judged{Of: make([]uint32, len(devices))}
	index := map[Judgement]uint32{}
	byAttrs := map[*planner.Attrs]uint32{}
	for i, d := range devices {
		n, ok := byAttrs[d.Attrs]
		if !ok {
			v, ev := judge.Evaluate(d)
			k := Judgement{v, ev}
			if n, ok = index[k]; !ok {
				n = uint32(len(j.Judgements))
				index[k] = n
				j.Judgements = append(j.Judgements, k)
			}
			byAttrs[d.Attrs] = n
		}
		j.Of[i] = n
	}
	return j
}

// Basis is what a report is made of: the inputs read, the settings, the
// verdicts, the capacity plan and the history's view, all worked out
// before (package pipeline runs the steps).
type Basis struct {
	Version    string
	AsOf       planner.Date
	Inputs     []Input
	Customer   Customer
	Agreements []planner.Agreement
	Keys       []planner.Key
	Devices    []*planner.Device
	Judge      *rules.Judge
	Judged     Judged
	Settings   capacity.Settings
	Capacity   *capacity.Result
	// ESU is the Windows 10 ESU plan; its pools are in Capacity too.
	ESU     *esu.Result
	Check   Check
	History *HistoryView // nil when the run keeps no history
	// Warnings are those found so far; the report's own (the rules'
	// warnings on the verdicts and the plan) follow them.
	Warnings []problem.Problem
}

// New makes the report from its basis, and works out at once what its
// writers read (each verdict in words, To Buy): nothing is computed later,
// when it is read.
func New(b Basis) *Report {
	r := &Report{Version: b.Version, AsOf: b.AsOf, Inputs: b.Inputs, Customer: b.Customer, Agreements: b.Agreements,
		Keys: b.Keys, Devices: b.Devices, Judge: b.Judge, Settings: b.Settings, Check: b.Check,
		Judgements: b.Judged.Judgements, judged: b.Judged.Of, Capacity: b.Capacity, ESU: b.ESU, History: b.History}
	r.findings = make([][]rules.Finding, len(r.Judgements))
	for n, jm := range r.Judgements {
		r.findings[n] = r.Judge.Explain(jm.Verdict, jm.Evidence)
		if r.findings[n] == nil {
			r.findings[n] = []rules.Finding{}
		}
	}
	r.poolIDs = PoolIDs(r.Keys, r.Capacity)
	r.Burn = unexplainedBurn(r.Keys, r.Capacity, r.poolIDs, r.Check.BurnTolerance)
	r.Warnings = append(append([]problem.Problem(nil), b.Warnings...), r.ruleWarnings()...)
	for _, u := range r.Burn {
		r.Warnings = append(r.Warnings, problem.Problem{Message: fmt.Sprintf(
			"pool %s used %s from %s to %s, but the devices of the plan's past waves account for %s: %s unexplained (reimages outside the plan, or a leaked key?)",
			u.Pool, wording.Plural(u.Used, "activation", "activations"), u.From, u.To, wording.Count(u.Explained),
			wording.Plural(u.Excess, "activation", "activations"))})
	}
	r.toBuy = r.workOutToBuy()
	return r
}

// PoolIDs names each pool by the last five characters of its keys, joined
// by "+" (Report.PoolID).
func PoolIDs(keys []planner.Key, c *capacity.Result) []string {
	ids := make([]string, len(c.Pools))
	for p, pool := range c.Pools {
		parts := make([]string, 0, len(pool.Keys))
		for _, k := range pool.Keys {
			parts = append(parts, keys[k].Key.Last5())
		}
		ids[p] = strings.Join(parts, "+")
	}
	return ids
}

// Verdict returns the verdict on device i.
func (r *Report) Verdict(i int) rules.Verdict { return r.Judgements[r.judged[i]].Verdict }

// JudgementOf returns the index of device i's judgement in Judgements.
func (r *Report) JudgementOf(i int) uint32 { return r.judged[i] }

// Evidence returns what device i's verdict rests on.
func (r *Report) Evidence(i int) rules.Evidence { return r.Judgements[r.judged[i]].Evidence }

// Findings returns device i's verdict explained in words (rules.Judge.Explain),
// the same slice for every device with the same judgement; do not modify it.
func (r *Report) Findings(i int) []rules.Finding { return r.findings[r.judged[i]] }

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

// KeyIndex returns the index of key k in Keys, -1 when the run has not
// read it.
func (r *Report) KeyIndex(k planner.ProductKey) int {
	for i := range r.Keys {
		if r.Keys[i].Key == k {
			return i
		}
	}
	return -1
}

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

// When writes a date something is needed by, marked overdue when it is
// already past on the day judged: a wave that should have started is
// never presented as still to come (docs/history.md, "Slipped waves").
func When(d, asOf planner.Date) string {
	if !d.IsZero() && d.Before(asOf) {
		return d.String() + " (overdue)"
	}
	return d.String()
}

// Scope says how many devices and products are in scope, eligible and not:
// "65 devices with 65 products: 43 eligible, 22 not eligible".
func (c Counts) Scope() string {
	s := wording.Plural(c.Total, "device", "devices")
	if c.Products != c.Total {
		s += " with " + wording.Plural(c.Products, "product", "products")
	}
	return fmt.Sprintf("%s: %s eligible, %s not eligible", s, wording.Count(c.Eligible), wording.Count(c.Ineligible))
}

// FindingsOf returns judgement n's reasons and notes in words.
func (r *Report) FindingsOf(n uint32) []rules.Finding { return r.findings[n] }
