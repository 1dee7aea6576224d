// Package esu plans Windows 10 Extended Security Updates activations
// (docs/rules.md, "Windows 10 Extended Security Updates"): which devices of
// the plan are still on Windows 10 when each ESU year runs, which year's
// activation each needs, the licences to buy, and the capacity plan of the
// ESU keys, which are pools of their own. It uses the standard library and
// the planner packages only.
package esu

import (
	"fmt"
	"slices"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// Why says why a device is on Windows 10 when an ESU year runs.
type Why uint8

// The reasons, in the order a justification names them.
const (
	WhyWaveLater  Why = iota + 1 // its wave to Windows 11 (or another OS) is after the year's start
	WhyNotCapable                // not Windows 11 capable: it stays
	WhyNoTarget                  // no Windows target: the plan keeps it on Windows 10
	WhyWindows10                 // reimaged to Windows 10 again
	WhyUndated                   // its wave has no date: counted as staying
)

// Text says the reason for people.
func (w Why) Text() string {
	return [...]string{"", "its wave to another OS is after the year's start", "not Windows 11 capable", "no Windows target in the plan",
		"reimaged to Windows 10 again", "its wave has no date"}[w]
}

// Device is a Windows 10 device of the plan and what ESU means for it.
type Device struct {
	D *planner.Device
	// Leaves is the day it leaves Windows 10 (its wave to another OS);
	// zero when it stays.
	Leaves planner.Date
	Why    Why
	// Needs are the years whose activation it still needs (again, for a
	// year it is reimaged to Windows 10 during); Licences the years to
	// license, the earlier ones a late joiner must buy too (ESU is
	// cumulative).
	Needs, Licences planner.ESUSet
}

// Year is one ESU year's figures (JSON esu, the ESU sheet).
type Year struct {
	N           int          `json:"year"`
	Start       planner.Date `json:"start"`
	End         planner.Date `json:"end"`
	Running     bool         `json:"running"` // on the as-of date
	OnWindows   int          `json:"devices_on_windows_10"`
	Cloud       int          `json:"cloud"`        // entitled without a key
	NotEnrolled int          `json:"not_enrolled"` // ESU: no, running unsupported
	Activated   int          `json:"already_activated"`
	ToActivate  int          `json:"to_activate"`
	Licences    int          `json:"licences_to_buy"`
	// Remaining is what the year's keys have left; nil when no key covers the year.
	Remaining *int `json:"remaining"`
	Shortfall int  `json:"shortfall"`
	Request   int  `json:"request"`
	// ByWhy counts the devices to activate by why they are on Windows 10
	// then (Why.Text), for the request's justification.
	ByWhy map[string]int `json:"why"`
}

// Result is the ESU plan.
type Result struct {
	Devices []Device
	Years   []Year
	// Rows are the activations to plan, one per device and year, as
	// devices whose target is the year's ESU product; Capacity is their
	// plan over the ESU keys (pools of their own, merged into the plan's).
	Rows     []*planner.Device
	Capacity *capacity.Result
	Warnings []problem.Problem
	// byRow is, per plan device, the years it needs (NeedsOf); nil when
	// none needs one.
	byRow []planner.ESUSet
	// Staying are the plan's Windows 10 rows with no target (kept on
	// Windows 10), whatever their edition.
	Staying []*planner.Device
}

// Release lets go of the activation rows and their per-row figures once
// the pools are merged into the plan's: no output reads them, and a
// million Windows 10 devices make some 100 MB of them.
func (r *Result) Release() {
	r.Rows = nil
	if c := r.Capacity; c != nil {
		c.Consumes, c.Done, c.Assigned, c.PoolOf = nil, nil, nil, nil
	}
}

// NeedsOf is the ESU years plan device i needs (the Devices sheet).
func (r *Result) NeedsOf(i int) planner.ESUSet {
	if i < 0 || i >= len(r.byRow) {
		return 0
	}
	return r.byRow[i]
}

// Eligible is every ESU activation's verdict: ESU takes no reimaging
// program check (a key under CSP is fine).
type eligible struct{}

func (eligible) Verdict(int) rules.Verdict {
	return rules.Verdict{Eligible: true, Way: rules.ThroughCommercialLicensing}
}

// Plan works out the ESU plan of the devices (the plan's rows, which are
// judged) and staying (Windows 10 rows with no target), as of asOf, over
// keys (the ESU keys are those of type KeyESU).
func Plan(devices, staying []*planner.Device, keys []planner.Key, asOf planner.Date, s capacity.Settings) *Result {
	r := &Result{Staying: staying}
	agreementsOf := map[int]map[string]bool{} // year → agreements of its keys
	for _, k := range keys {
		if k.Type != planner.KeyESU {
			continue
		}
		for _, n := range k.ESUYears().Years() {
			if agreementsOf[n] == nil {
				agreementsOf[n] = map[string]bool{}
			}
			for _, a := range k.Agreements {
				agreementsOf[n][a] = true
			}
		}
	}
	for _, y := range planner.ESUYears {
		r.Years = append(r.Years, Year{N: y.N, Start: y.Start, End: y.End, Running: !asOf.Before(y.Start) && !asOf.After(y.End)})
	}
	notCovered := map[*planner.Product][]string{}
	notEnrolled, oldBuild := 0, []string{}
	attrs := map[rowKey]*planner.Attrs{}
	counted := map[*planner.Device]bool{}
	// A row per device and year to activate: a million devices make a
	// million rows, so they are cut from slabs, their wave names written
	// once, and the devices' list sized by a first count.
	var slab []planner.Device
	newRow := func(d planner.Device) *planner.Device {
		if len(slab) == cap(slab) {
			slab = make([]planner.Device, 0, 4096)
		}
		slab = append(slab, d)
		return &slab[len(slab)-1]
	}
	yearWave := make([]string, len(planner.ESUYears)+1)
	for _, y := range planner.ESUYears {
		yearWave[y.N] = fmt.Sprintf("ESU Year %d", y.N)
	}
	win10 := 0
	for _, ds := range [][]*planner.Device{devices, staying} {
		for _, d := range ds {
			if lic := d.Licensed.Prod; lic != nil && lic.Family == planner.FamilyWindows && lic.Version == "10" {
				win10++
			}
		}
	}
	r.Devices = make([]Device, 0, win10)
	add := func(i int, d *planner.Device) {
		lic := d.Licensed.Prod
		if lic == nil || lic.Family != planner.FamilyWindows || lic.Version != "10" || d.Licensed.Evaluation {
			return
		}
		dev := Device{D: d}
		target := d.Target.Prod
		switch {
		case i < 0:
			dev.Why = WhyNoTarget
		case target == nil:
			return // not in the catalogue: judged unrecognised
		case target.Family != planner.FamilyWindows:
			return // not the device's Windows row
		case target.Version == "10":
			dev.Why = WhyWindows10
		case d.Status == planner.StatusDone:
			return // already on another OS
		case d.Win11Capable == planner.CapableNo && target.Version == "11":
			dev.Why = WhyNotCapable
		case d.WaveDate.IsZero():
			dev.Why = WhyUndated
		default:
			dev.Leaves, dev.Why = d.WaveDate, WhyWaveLater
		}
		if dev.Leaves.IsZero() || dev.Leaves.After(planner.Windows10End) {
			if !planner.ESUCovers(lic) {
				if len(notCovered[lic]) < 3 {
					notCovered[lic] = append(notCovered[lic], d.Name)
				} else {
					notCovered[lic] = append(notCovered[lic], "")
				}
				return
			}
		}
		for yi, y := range planner.ESUYears {
			yr := &r.Years[yi]
			if y.End.Before(asOf) {
				continue // over: nothing to activate
			}
			from := y.Start
			if asOf.After(from) {
				from = asOf
			}
			if !dev.Leaves.IsZero() && !dev.Leaves.After(from) {
				continue // gone before the year (or the as-of day)
			}
			yr.OnWindows++
			switch d.ESU.State {
			case planner.ESUCloud:
				yr.Cloud++
				continue
			case planner.ESUNo:
				yr.NotEnrolled++
				if !counted[d] {
					counted[d] = true
					notEnrolled++
				}
				continue
			}
			again := dev.Why == WhyWindows10 && d.Status != planner.StatusDone && !d.WaveDate.IsZero() &&
				!d.WaveDate.Before(from) && !d.WaveDate.After(y.End)
			if d.ESU.Activated.Has(y.N) {
				yr.Activated++
				if !again {
					continue
				}
			}
			dev.Needs = dev.Needs.With(y.N)
			yr.ToActivate++
			if yr.ByWhy == nil {
				yr.ByWhy = map[string]int{}
			}
			yr.ByWhy[dev.Why.Text()]++
			// The activation: when the year starts, now for a running
			// year, or on the wave that reimages it to Windows 10 again.
			wave, date := yearWave[y.N], from
			if again || dev.Why == WhyWindows10 && !d.WaveDate.IsZero() && !d.WaveDate.Before(from) && !d.WaveDate.After(y.End) {
				wave, date = d.Wave, d.WaveDate
			}
			agreement := ""
			if agreementsOf[y.N][d.Agreement] {
				agreement = d.Agreement
			}
			k := rowKey{y.N, agreement, wave, date}
			a := attrs[k]
			if a == nil {
				a = &planner.Attrs{Target: planner.Image{Prod: planner.ESUProduct(y.N), Text: planner.ESUProduct(y.N).Name},
					Media: planner.MediaVolume, Activation: planner.ActivationMAK, Agreement: agreement, Wave: wave, WaveDate: date,
					Status: planner.StatusPlanned}
				attrs[k] = a
			}
			r.Rows = append(r.Rows, newRow(planner.Device{Name: d.Name, Serial: d.Serial, Attrs: a, From: d.From, Row: d.Row}))
		}
		// Licences: every year up to the last it needs that it has not
		// activated, nor any later year (which proves it bought the earlier).
		if top := lastYear(dev.Needs); top > 0 {
			for n := top; n >= 1; n-- {
				if d.ESU.Activated.Has(n) && n != top {
					break
				}
				if !d.ESU.Activated.Has(n) {
					dev.Licences = dev.Licences.With(n)
					r.Years[n-1].Licences++
				}
			}
		}
		if i >= 0 && dev.Needs != 0 {
			if r.byRow == nil {
				r.byRow = make([]planner.ESUSet, len(devices))
			}
			r.byRow[i] = dev.Needs
		}
		if dev.Needs != 0 && d.OSBuild != "" && build(d.OSBuild) > 0 && build(d.OSBuild) < 19045 && len(oldBuild) < 1000 {
			oldBuild = append(oldBuild, d.Name)
		}
		r.Devices = append(r.Devices, dev)
	}
	for i, d := range devices {
		add(i, d)
	}
	for _, d := range staying {
		add(-1, d)
	}
	// Without an ESU key in the exports and an ESU column in the plan, ESU
	// is not this plan's business: said once, nothing planned.
	planned := len(agreementsOf) > 0 || len(staying) > 0
	for _, d := range r.Devices {
		planned = planned || d.D.ESU != planner.ESU{}
	}
	if !planned {
		if n := countNeeding(r.Devices); n > 0 {
			r.Warnings = append(r.Warnings, problem.Problem{Message: fmt.Sprintf(
				"%s on Windows 10 while an ESU year runs (%s): the key exports hold no Windows 10 ESU key and the plan has no ESU column, so their ESU activations are not planned; Windows 10 support ended %s, and without ESU they get no security updates (docs/rules.md, \"Windows 10 Extended Security Updates\")",
				wording.Plural(n, "device is", "devices are"), yearsText(r.Years), planner.Windows10End)})
		}
		r.Rows, r.byRow, r.Capacity = nil, nil, nil
		r.Devices = nil
		for i := range r.Years {
			// Who is on Windows 10 stays known (check's LIFECYCLE); nothing
			// is to activate or buy.
			y := &r.Years[i]
			y.Activated, y.ToActivate, y.Licences, y.ByWhy = 0, 0, 0, nil
		}
		return r
	}
	// The capacity of the ESU keys: the ESU keys as MAKs, the others out.
	esuKeys := slices.Clone(keys)
	for i := range esuKeys {
		switch esuKeys[i].Type {
		case planner.KeyESU:
			esuKeys[i].Type = planner.KeyMAK
		default:
			esuKeys[i].Type = planner.KeyOther
		}
	}
	r.Capacity = capacity.Plan(esuKeys, r.Rows, eligible{}, s)
	for k := range r.Capacity.Keys {
		r.Capacity.Keys[k].Key = &keys[k]
	}
	for yi := range r.Years {
		y := &r.Years[yi]
		for _, pool := range r.Capacity.Pools {
			var years planner.ESUSet
			for _, k := range pool.Keys {
				years |= keys[k].ESUYears()
			}
			if !years.Has(y.N) {
				continue
			}
			rem := pool.Remaining
			if y.Remaining != nil {
				rem += *y.Remaining
			}
			y.Remaining = &rem
			y.Shortfall += pool.Shortfall
			y.Request += pool.Request
		}
	}
	for _, lic := range slices.SortedFunc(func(yield func(*planner.Product) bool) {
		for p := range notCovered {
			if !yield(p) {
				return
			}
		}
	}, func(a, b *planner.Product) int { return strings.Compare(a.Name, b.Name) }) {
		names := notCovered[lic]
		var shown []string
		for _, n := range names {
			if n != "" {
				shown = append(shown, n)
			}
		}
		ends := "its own lifecycle"
		if !lic.SupportEnds.IsZero() {
			ends = "its support ends " + lic.SupportEnds.String()
		}
		r.Warnings = append(r.Warnings, problem.Problem{Message: fmt.Sprintf(
			"%s: %s on it past Windows 10's end of support (first: %s), but Windows 10 ESU does not cover it (ESU covers Pro, Pro Education, Pro for Workstations, Enterprise and Education, version 22H2; %s)",
			lic.Name, wording.Plural(len(names), "device stays", "devices stay"), strings.Join(shown, ", "), ends)})
	}
	if notEnrolled > 0 {
		r.Warnings = append(r.Warnings, problem.Problem{Message: fmt.Sprintf(
			"%s on Windows 10 while an ESU year runs %s marked ESU: no: without ESU they get no security updates",
			wording.Plural(notEnrolled, "device", "devices"), map[bool]string{true: "is", false: "are"}[notEnrolled == 1])})
	}
	if len(oldBuild) > 0 {
		r.Warnings = append(r.Warnings, problem.Problem{Message: fmt.Sprintf(
			"%s needing ESU run a Windows 10 build before 22H2 (19045) by the OS Version column (first: %s): ESU installs only on version 22H2 with its prerequisite updates; update them first",
			wording.Plural(len(oldBuild), "device", "devices"), oldBuild[0])})
	}
	return r
}

// countNeeding counts the devices that need an ESU activation.
func countNeeding(ds []Device) int {
	n := 0
	for _, d := range ds {
		if d.Needs != 0 {
			n++
		}
	}
	return n
}

// yearsText names the years with activations to make: "Year 2: 38, Year 3: 14".
func yearsText(ys []Year) string {
	var parts []string
	for _, y := range ys {
		if y.ToActivate > 0 {
			parts = append(parts, fmt.Sprintf("Year %d: %d", y.N, y.ToActivate))
		}
	}
	return strings.Join(parts, ", ")
}

type rowKey struct {
	year      int
	agreement string
	wave      string
	date      planner.Date
}

func lastYear(s planner.ESUSet) int {
	ys := s.Years()
	if len(ys) == 0 {
		return 0
	}
	return ys[len(ys)-1]
}

// build returns the build number of an OS version ("10.0.19045.3693" →
// 19045), 0 when it has none.
func build(v string) int {
	parts := strings.Split(strings.TrimSpace(v), ".")
	if len(parts) < 3 || parts[0] != "10" {
		return 0
	}
	n := 0
	for _, c := range parts[2] {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// Planned reports whether the plan's ESU activations were worked out: the
// exports hold an ESU key, or the plan speaks of ESU.
func (r *Result) Planned() bool { return r != nil && r.Capacity != nil }
