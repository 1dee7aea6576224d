package report

import (
	"fmt"
	"sort"

	"github.com/makplan/makplan/planner"
)

// Event is a dated boundary of the calendar that plan devices cross: an
// end of support, or a Windows 10 ESU year that starts or the program's end
// (docs/rules.md, "Windows 10 Extended Security Updates"; the dates are the
// catalogue's, `makplan products`).
type Event struct {
	What    string       `json:"event"`
	Date    planner.Date `json:"date"`
	Devices int          `json:"devices"` // plan devices on the product (or on Windows 10) that day
	// Covered is what covers them: the remaining activations of the ESU
	// year's keys; nil for an end of support (nothing does) or a year no
	// key covers.
	Covered *int `json:"covered"`
	// ToActivate: for an ESU year, the activations its devices need.
	ToActivate int `json:"to_activate"`
}

// Lifecycle lists the events from the as-of date to within days after it
// that plan devices cross, in date order (check's LIFECYCLE alerts).
func (r *Report) Lifecycle(days int) []Event {
	if days <= 0 {
		return nil
	}
	until := r.AsOf.AddDays(days)
	within := func(d planner.Date) bool { return !d.Before(r.AsOf) && !d.After(until) }
	var out []Event
	if r.ESU != nil {
		for i, y := range planner.ESUYears {
			if i >= len(r.ESU.Years) {
				break
			}
			ey := r.ESU.Years[i]
			if within(y.Start) && ey.OnWindows > 0 {
				out = append(out, Event{What: fmt.Sprintf("Windows 10 ESU Year %d starts", y.N), Date: y.Start, Devices: ey.OnWindows,
					Covered: ey.Remaining, ToActivate: ey.ToActivate})
			}
			if i == len(planner.ESUYears)-1 && within(y.End) && ey.OnWindows > 0 {
				out = append(out, Event{What: "Windows 10 ESU ends (the last year's end)", Date: y.End, Devices: ey.OnWindows})
			}
		}
	}
	// Ends of support: the devices running the product that day — on it
	// and not yet moved, or moved to it by then.
	on := map[*planner.Product]int{}
	count := func(d *planner.Device, reimaged bool) {
		lic, tgt := d.Licensed.Prod, d.Target.Prod
		if lic != nil && !lic.SupportEnds.IsZero() && within(lic.SupportEnds) && lic.Family != planner.FamilyESU {
			moved := reimaged && (d.Status == planner.StatusDone || !d.WaveDate.IsZero() && !d.WaveDate.After(lic.SupportEnds)) && tgt != lic
			if !moved {
				on[lic]++
			}
		}
		if reimaged && tgt != nil && tgt != lic && !tgt.SupportEnds.IsZero() && within(tgt.SupportEnds) &&
			(d.Status == planner.StatusDone || !d.WaveDate.IsZero() && !d.WaveDate.After(tgt.SupportEnds)) {
			on[tgt]++
		}
	}
	for i, d := range r.Devices {
		if r.Verdict(i).Eligible || d.Status == planner.StatusDone {
			count(d, true)
		} else {
			count(d, false)
		}
	}
	if r.ESU != nil {
		for _, d := range r.ESU.Staying {
			count(d, false)
		}
	}
	for p, n := range on {
		out = append(out, Event{What: p.Name + " support ends", Date: p.SupportEnds, Devices: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].What < out[j].What
	})
	return out
}
