// Package report holds the one result of a makplan run — verdicts, capacity,
// inputs and settings — and the small writers that render it: the JSON
// summary and the text summary here; the workbook and the email in their own
// packages. Writers take the report and an io.Writer.
package report

import (
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/rules"
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
	Verdicts   []rules.Verdict
	Judge      *rules.Judge
	Capacity   *capacity.Result
	Warnings   []planner.Problem
}

// Build judges every device and plans capacity.
func Build(keys []planner.Key, devices []*planner.Device, j *rules.Judge, s capacity.Settings) *Report {
	verdicts := make([]rules.Verdict, len(devices))
	for i, d := range devices {
		verdicts[i] = j.Judge(d)
	}
	return &Report{AsOf: j.AsOf, Keys: keys, Devices: devices, Verdicts: verdicts, Judge: j, Settings: s,
		Capacity: capacity.Plan(keys, devices, verdicts, s)}
}

// Counts are the device totals.
type Counts struct {
	Total        int `json:"total"`
	Eligible     int `json:"eligible"`
	Ineligible   int `json:"ineligible"`
	ConsumingMAK int `json:"consuming_mak"`
}

// Counts returns the device totals.
func (r *Report) Counts() Counts {
	c := Counts{Total: len(r.Devices), ConsumingMAK: r.Capacity.Demand}
	for _, v := range r.Verdicts {
		if v.Eligible {
			c.Eligible++
		}
	}
	c.Ineligible = c.Total - c.Eligible
	return c
}

// PoolID names a pool by the last five characters of its keys, joined by "+"
// ("VF68T+3GVF7"): stable across runs, safe in logs, and what an admin sees
// in VLSC's key list.
func (r *Report) PoolID(p int) string {
	var parts []string
	for _, k := range r.Capacity.Pools[p].Keys {
		parts = append(parts, r.Keys[k].Key.Last5())
	}
	return strings.Join(parts, "+")
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
