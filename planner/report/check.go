package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/rules"
)

// field is a value from the inputs in an alert line, written "…" as %q
// writes it but without escaping it again: a wave name's line break, kept
// as \n since it was read, stays \n, not \\n. A double quote in it
// becomes a single one, so that the line still parses.
type field string

// Format writes the field for the verbs q and s: masked and kept on its
// line first (redact.OneLine), cut to redact.MaxQuoted, its double quotes
// made single — whatever the value came from (a plan, an export, a history
// a hand edited), it cannot forge an alert line or carry a key.
func (f field) Format(st fmt.State, verb rune) {
	v := strings.ReplaceAll(redact.Shorten(redact.OneLine(string(f)), redact.MaxQuoted), `"`, "'")
	if verb == 'q' {
		v = `"` + v + `"`
	}
	fmt.Fprint(st, v)
}

// Breach is one thing `makplan check` alerts on.
type Breach struct {
	Kind      AlertKind `json:"kind"` // one of AlertKinds
	Pool      string    `json:"pool,omitempty"`
	Product   string    `json:"product"`
	Shortfall int       `json:"shortfall,omitempty"` // SHORT: the pool's shortfall
	Line      string    `json:"line"`                // the alert line, e.g. "makplan: SHORT pool=VF68T+3GVF7 …"
}

// Breaches lists the shortfalls and threshold breaches, pool by pool: SHORT
// when demand and reserve exceed what remains; LOW when what remains is below
// min_remaining_percent of the pool's limit; RUNWAY when the remaining
// activations cover fewer of the pool's waves than min_runway_waves (and not
// all of them); UNMATCHED when consuming devices have no MAK at all.
func (r *Report) Breaches() []Breach {
	var out []Breach
	for p, pool := range r.Capacity.Pools {
		id := r.PoolID(p)
		product := strings.Join(pool.Products, ", ")
		add := func(kind AlertKind, format string, args ...any) {
			line := fmt.Sprintf("makplan: %s pool=%s product=%q ", kind, id, product) + fmt.Sprintf(format, args...)
			b := Breach{Kind: kind, Pool: id, Product: product, Line: line}
			if kind == AlertShort {
				b.Shortfall = pool.Shortfall
			}
			out = append(out, b)
		}
		if pool.Shortfall > 0 {
			add(AlertShort, "shortfall=%d request=%d demand=%d reserve=%d remaining=%d first_short_wave=%q",
				pool.Shortfall, pool.Request, pool.Demand, pool.Reserve, pool.Remaining, field(pool.ShortWaveText()))
		}
		if pool.Limit != nil && *pool.Limit > 0 && float64(pool.Remaining)*100 < r.Check.MinRemainingPercent*float64(*pool.Limit) {
			add(AlertLow, "remaining=%d limit=%d remaining_percent=%.1f threshold_percent=%g",
				pool.Remaining, *pool.Limit, float64(pool.Remaining)*100/float64(*pool.Limit), r.Check.MinRemainingPercent)
		}
		// Waves whose devices are all done need no activations: they are not runway.
		covered, planned := 0, 0
		for _, w := range pool.Waves {
			if w.Demand == 0 {
				continue
			}
			planned++
			if w.Short {
				break
			}
			covered++
		}
		short := pool.FirstShortWave != nil
		if short && covered < r.Check.MinRunwayWaves && covered < planned {
			add(AlertRunway, "waves_covered=%d min_runway_waves=%d first_short_wave=%q", covered, r.Check.MinRunwayWaves, field(waveName(pool.FirstShortWave)))
		}
	}
	for _, w := range r.Warnings {
		switch w.Kind {
		case problem.KindIgnoredColumn:
			out = append(out, Breach{Kind: AlertIgnored, Line: fmt.Sprintf("makplan: IGNORED file=%q column=%q (%s)", field(w.File), field(w.Column), w.Message)})
		case problem.KindMismapped:
			out = append(out, Breach{Kind: AlertMismapped, Line: fmt.Sprintf("makplan: MISMAPPED file=%q column=%q (%s)", field(w.File), field(w.Column), w.Message)})
		}
	}
	if b, ok := r.ineligibleBreach(); ok {
		out = append(out, b)
	}
	for _, sw := range r.Capacity.Slipped {
		pool := r.slippedPool(sw)
		out = append(out, Breach{Kind: AlertSlipped, Pool: pool, Line: fmt.Sprintf(
			"makplan: SLIPPED pool=%s wave=%q planned=%d seen=%d unseen=%d since=%s (taken as done by its date, but the used counts show only %d of them: the rest stay demand)",
			pool, field(sw.Wave.Label()), sw.Planned, sw.Seen, sw.Unseen, sw.Since, sw.Seen)})
	}
	out = append(out, r.historyBreaches()...)
	for _, ev := range r.Lifecycle(r.Check.LifecycleDays) {
		covered := "nothing covers them"
		if ev.Covered != nil {
			covered = fmt.Sprintf("keys_remaining=%d to_activate=%d", *ev.Covered, ev.ToActivate)
		} else if strings.HasPrefix(ev.What, "Windows 10 ESU Year") {
			covered = fmt.Sprintf("keys_remaining=none to_activate=%d", ev.ToActivate)
		}
		out = append(out, Breach{Kind: AlertLifecycle, Product: ev.What, Line: fmt.Sprintf(
			"makplan: LIFECYCLE event=%q date=%s days_left=%d devices=%d %s",
			field(ev.What), ev.Date, ev.Date.DaysSince(r.AsOf), ev.Devices, covered)})
	}
	for _, u := range r.Capacity.Unmatched {
		out = append(out, Breach{Kind: AlertUnmatched, Product: u.Product,
			Line: fmt.Sprintf("makplan: UNMATCHED product=%q devices=%d (no MAK in the key exports can activate them)", field(u.Product), u.Devices)})
	}
	for _, u := range r.Unrecognised() {
		out = append(out, Breach{Kind: AlertUnrecognised, Product: u.Product,
			Line: fmt.Sprintf("makplan: UNRECOGNISED product=%q devices=%d (not in makplan's catalogue: judged unrecognised-product, consuming nothing)", field(u.Product), u.Devices)})
	}
	return out
}

// Unrecognised counts, per product name as the plan wrote it, the devices
// judged unrecognised-product (inputs.unrecognised_products: report).
func (r *Report) Unrecognised() []capacity.Unmatched {
	n := map[string]int{}
	for i := range r.Devices {
		if !r.Verdict(i).Fails(rules.UnrecognisedProduct) {
			continue
		}
		d := r.Devices[i]
		if d.Licensed.Prod == nil {
			n[d.Licensed.Text]++
		}
		if d.Target.Prod == nil && (d.Licensed.Prod != nil || d.Target.Text != d.Licensed.Text) {
			n[d.Target.Text]++
		}
	}
	out := make([]capacity.Unmatched, 0, len(n))
	for p, c := range n {
		out = append(out, capacity.Unmatched{Product: p, Devices: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Product < out[j].Product })
	return out
}

func waveName(w *capacity.Wave) string {
	if w == nil {
		return ""
	}
	return w.Label()
}

// ineligibleBreach alerts when more of the plan's products than
// check.max_ineligible_percent are not eligible: that is rarely the plan,
// more often a mistake (a program misspelt, a column under another name),
// so it names the commonest rule and what it rests on.
func (r *Report) ineligibleBreach() (Breach, bool) {
	n := r.Counts()
	if n.Products == 0 || float64(n.Ineligible)*100 <= r.Check.MaxIneligiblePercent*float64(n.Products) {
		return Breach{}, false
	}
	perRule := map[rules.ID]int{}
	for i := range r.Devices {
		for _, id := range r.Verdict(i).Reasons() {
			perRule[id]++
		}
	}
	var top rules.ID
	for _, id := range rules.Rules {
		if perRule[id] > perRule[top] {
			top = id
		}
	}
	pct := float64(n.Ineligible) * 100 / float64(n.Products)
	return Breach{Kind: AlertIneligible, Line: fmt.Sprintf(
		"makplan: INELIGIBLE ineligible=%d products=%d percent=%.1f threshold_percent=%g commonest=%s commonest_products=%d rests_on=%q",
		n.Ineligible, n.Products, pct, r.Check.MaxIneligiblePercent, top, perRule[top], r.restsOn(top))}, true
}

// restsOn says what the commonest failed rule rests on, for the alert: the
// agreement and program most of its products are under, or the columns the
// plan left blank.
func (r *Report) restsOn(id rules.ID) string {
	agreements := map[string]int{}
	blank := 0
	fails := 0
	for i, d := range r.Devices {
		if !r.Verdict(i).Fails(id) {
			continue
		}
		fails++
		agreements[d.Agreement]++
		if !d.EnterpriseUpgrade && !d.SAPerDevice.Stated() && d.UserSAUntil.IsZero() {
			blank++
		}
	}
	top, most := "", 0
	for a, c := range agreements {
		if c > most || c == most && a < top {
			top, most = a, c
		}
	}
	program := "not in the configuration"
	if ag, ok := r.AgreementOf(top); ok {
		program = string(ag.Program)
	}
	switch id {
	case rules.ProgramNotEligible, rules.OpenLicenseNotBought:
		return fmt.Sprintf("agreement %s, program %s (%d products)", top, program, most)
	case rules.EnterpriseNotCovered:
		if blank == fails {
			return "no Enterprise Upgrade, SA Per Device or User SA Until on any of them: are those columns named otherwise, or blank?"
		}
	}
	return rules.Catalog[id].Title
}
