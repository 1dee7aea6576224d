package report

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/esu"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// Request is one makadd request: the short pools of one agreement, each
// with its arithmetic, as the email, the form-ready text and the request
// workbook state it (docs/configuration.md, email). Text from the inputs is
// sanitised and any key in it masked.
type Request struct {
	Agreement string
	Program   planner.Program // "" when the agreement is not configured
	// AgreementInferred: some pool's agreement comes from the plan's
	// devices, not from a key export.
	AgreementInferred bool
	LicenseIDs        []string // the VLSC License IDs of the requested keys
	Pools             []RequestPool
	Total             int          // activations requested
	FirstNeeded       planner.Date // the earliest first short wave's date; zero when none is dated
	// The plan's counts under this agreement: distinct devices (a device
	// whose first row is under another agreement counts under that one),
	// products (rows), eligible products; Activations the activations still to make
	// with the requested pools' keys, Done those already made.
	Devices, Products, Eligible, Activations, Done int
}

// RequestPool is a short pool of a request, its numbers spelled out:
// Demand + Reserve − Remaining = Shortfall, rounded up to a multiple of
// RoundTo = Request, asked on RequestKey.
type RequestPool struct {
	Pool                                                 int
	ID, Products                                         string
	Keys                                                 []RequestKey // every key of the pool
	Remaining, Demand, Done, Reserve, Shortfall, Request int
	RoundTo                                              int
	// RoundingSetting names the setting RoundTo comes from:
	// "capacity.round_to: 10", "capacity.round_to_by_product: Windows Server = 10".
	RoundingSetting string
	// AsOf is the day judged: a first-needed date before it is overdue.
	AsOf           planner.Date
	ReservePercent float64
	ReserveMinimum int
	Limit          *int // the keys' limits summed; nil when one is unknown
	RequestKey     planner.ProductKey
	// FirstNeeded is the first wave whose devices the remaining
	// activations do not cover; nil when only the reserve is short.
	FirstNeeded *capacity.Wave
	Waves       []capacity.WaveDemand // the waves with activations to make
	Rights      []Right
	// ESU is the Windows 10 ESU year the pool's keys activate, 0 for a
	// pool of reimages; its Rights then say why its devices stay on
	// Windows 10 (docs/rules.md, "Windows 10 Extended Security Updates").
	ESU int
}

// RequestKey is one key of a requested pool.
type RequestKey struct {
	Key                 planner.ProductKey
	Products, LicenseID string
	Used, Limit         *int
	Remaining           int
	AsOf                planner.Date
	Request             int // 0 for the pool's other keys
	AgreementInferred   bool
	// Earlier are the requests still open on the key (the history's): the
	// request includes their activations, as none is known to be granted.
	Earlier []RequestStatus
}

// EarlierText says the open requests this one includes and replaces:
// "12 activations asked on 2026-11-01 (35 days ago), not yet answered;
// this request includes them and replaces it"; "" when there is none.
func (k RequestKey) EarlierText() string {
	if len(k.Earlier) == 0 {
		return ""
	}
	var parts []string
	for i, q := range k.Earlier {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(k.Earlier)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s asked on %s (%s ago)", wording.Plural(q.Requested, "activation", "activations"), q.On,
			wording.Plural(q.DaysOpen, "day", "days")))
	}
	it := "it"
	if len(k.Earlier) > 1 {
		it = "them"
	}
	return fmt.Sprintf("%s, not yet answered; this request includes those activations and replaces %s", strings.Join(parts, "; "), it)
}

// Right is a right the reimaging of a pool's devices rests on, with the
// activations that rest on it.
type Right struct {
	Text        string
	Activations int
	// Also: a right some of the activations rest on besides their main
	// one (a downgrade, a new-version right, the free upgrade): counted
	// within the main rights, not added to them.
	Also bool
}

// Line says the right with its count: "… (the brief, Q4): 19
// activations", or for a right besides the main one "of these, 1 also
// rests on …".
func (rt Right) Line() string {
	if rt.Also {
		return fmt.Sprintf("of these, %s also %s on %s", wording.Count(rt.Activations), map[bool]string{true: "rests", false: "rest"}[rt.Activations == 1], rt.Text)
	}
	return fmt.Sprintf("%s: %s", rt.Text, wording.Plural(rt.Activations, "activation", "activations"))
}

// Counts says the key's activations in words: "492 of 500 used, 8
// remaining on 2026-11-27".
func (k RequestKey) Counts() string {
	switch {
	case k.Used != nil && k.Limit != nil:
		return fmt.Sprintf("%s of %s used, %s remaining on %s", wording.Count(*k.Used), wording.Count(*k.Limit), wording.Count(k.Remaining), k.AsOf)
	case k.Limit != nil:
		return fmt.Sprintf("limit %s; %s remaining on %s", wording.Count(*k.Limit), wording.Count(k.Remaining), k.AsOf)
	}
	return fmt.Sprintf("limit not in the export; %s remaining on %s", wording.Count(k.Remaining), k.AsOf)
}

// Arithmetic is the shortfall's sum: "20 + 2 − 10 = 12".
func (p RequestPool) Arithmetic() string {
	return fmt.Sprintf("%d + %d − %d = %d", p.Demand, p.Reserve, p.Remaining, p.Shortfall)
}

// Rounding says how the shortfall became the request: "" when it did not
// change, else "12 rounded up to a multiple of 10: 20".
func (p RequestPool) Rounding() string {
	if p.Request == p.Shortfall {
		return ""
	}
	return fmt.Sprintf("%d rounded up to a multiple of %d (%s): %d", p.Shortfall, p.RoundTo, p.RoundingSetting, p.Request)
}

// ReserveText says how the reserve was set: "2 (10% of 20 activations,
// rounded up)", "3 (10% of 4 activations, at least 3)".
func (p RequestPool) ReserveText() string {
	if p.ReserveMinimum == 0 {
		return fmt.Sprintf("%d (%s%% of %s, rounded up)", p.Reserve, trimFloat(p.ReservePercent), wording.Plural(p.Demand, "activation", "activations"))
	}
	return fmt.Sprintf("%d (%s%% of %s, at least %d)", p.Reserve, trimFloat(p.ReservePercent), wording.Plural(p.Demand, "activation", "activations"), p.ReserveMinimum)
}

// NeededBy says when the first activation beyond the remaining ones is
// needed: "2027-01-18 (wave W2 Sales)", "wave Backlog (no date)", or that
// only the reserve is short.
func (p RequestPool) NeededBy() string {
	switch {
	case p.FirstNeeded == nil:
		return "every wave is covered; the request tops up the reserve for re-activations"
	case p.FirstNeeded.Date.IsZero():
		return fmt.Sprintf("wave %s (no date yet)", redact.Sanitize(p.FirstNeeded.Name))
	}
	return fmt.Sprintf("%s (wave %s)", When(p.FirstNeeded.Date, p.AsOf), redact.Sanitize(p.FirstNeeded.Name))
}

// Doubles says why a request more than doubles a small key: "" otherwise.
func (p RequestPool) Doubles() string {
	if p.Limit == nil || *p.Limit == 0 || p.Request <= *p.Limit {
		return ""
	}
	why := []string{}
	if p.Reserve > 0 {
		why = append(why, fmt.Sprintf("a reserve of %d for re-activations", p.Reserve))
	}
	if p.Request > p.Shortfall {
		why = append(why, fmt.Sprintf("rounding up to a multiple of %d", p.RoundTo))
	}
	text := fmt.Sprintf("The request (%d) is more than the keys' limit (%d): %s devices need activations beyond the %d remaining", p.Request, *p.Limit, wording.Count(p.Demand), p.Remaining)
	if len(why) > 0 {
		text += ", plus " + strings.Join(why, " and ")
	}
	return text + "."
}

// ReservePolicy says how every pool's reserve is set, for the request's
// reader; "" for a request without pools.
func (q Request) ReservePolicy() string {
	if len(q.Pools) == 0 {
		return ""
	}
	p := q.Pools[0]
	return fmt.Sprintf("each product's reserve is %s%% of the activations still to make, at least %d, rounded up: "+
		"activations kept for devices that must be activated again after a repair or a hardware change", trimFloat(p.ReservePercent), p.ReserveMinimum)
}

// KeysAsked counts the keys the request asks activations for.
func (q Request) KeysAsked() int {
	n := 0
	for _, p := range q.Pools {
		if p.Request > 0 && !p.RequestKey.IsZero() {
			n++
		}
	}
	return n
}

func trimFloat(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

// Requests returns one request per agreement whose pools are short, in
// agreement order. A short pool whose agreement neither the key exports nor
// its devices settle cannot be requested: an *problem.InputError names the
// key and how to state its agreement.
func (r *Report) Requests() ([]Request, error) {
	c := r.Capacity
	by := map[string][]int{}
	var problems []problem.Problem
	for p, pool := range c.Pools {
		if pool.Shortfall == 0 {
			continue
		}
		if pool.Agreement == "" {
			problems = append(problems, r.noAgreement(p))
			continue
		}
		by[pool.Agreement] = append(by[pool.Agreement], p)
	}
	if len(problems) > 0 {
		return nil, &problem.InputError{Problems: problems}
	}
	rights := r.rights(by)
	counts := r.agreementCounts(by)
	var out []Request
	for _, a := range slices.Sorted(maps.Keys(by)) {
		q := r.request(a, by[a], rights)
		c := counts[a]
		q.Devices, q.Products, q.Eligible = c.devices, c.products, c.eligible
		out = append(out, q)
	}
	return out, nil
}

type agreementCount struct{ devices, products, eligible int }

// agreementCounts counts, in one pass over the plan, the rows of each
// agreement in by: products, eligible products, and devices (a device
// counts once, on its first row: planner.CountDevices; one whose first
// row is under another agreement counts under that one).
func (r *Report) agreementCounts(by map[string][]int) map[string]*agreementCount {
	out := map[string]*agreementCount{}
	for a := range by {
		out[a] = &agreementCount{}
	}
	for i, d := range r.Devices {
		c := out[d.Agreement]
		if c == nil {
			continue
		}
		c.products++
		if !d.Another {
			c.devices++
		}
		if r.Verdict(i).Eligible {
			c.eligible++
		}
	}
	return out
}

func (r *Report) request(agreement string, pools []int, rights map[int][]Right) Request {
	c := r.Capacity
	esc := redact.Sanitize
	q := Request{Agreement: esc(agreement)}
	if a, ok := r.AgreementOf(agreement); ok {
		q.Program = a.Program
	}
	ids := map[string]bool{}
	for _, p := range pools {
		pool := c.Pools[p]
		rp := RequestPool{Pool: p, ID: r.PoolID(p), Products: esc(strings.Join(pool.Products, ", ")),
			Remaining: pool.Remaining, Demand: pool.Demand, Done: pool.Done, Reserve: pool.Reserve, Shortfall: pool.Shortfall,
			Request: pool.Request, RoundTo: max(1, pool.RoundTo), ReservePercent: r.Settings.ReservePercent, ReserveMinimum: r.Settings.ReserveMinimum,
			Limit: pool.Limit, FirstNeeded: pool.FirstShortWave, AsOf: r.AsOf, RoundingSetting: fmt.Sprintf("capacity.round_to: %d", max(1, pool.RoundTo))}
		if n, ok := r.Settings.RoundToByLine[pool.Line]; ok && n == pool.RoundTo {
			rp.RoundingSetting = fmt.Sprintf("capacity.round_to_by_product: %s = %d", pool.Line, n)
		}
		if pool.RequestKey >= 0 {
			rp.RequestKey = r.Keys[pool.RequestKey].Key
		}
		for _, k := range pool.Keys {
			key := c.Keys[k].Key
			rk := RequestKey{Key: key.Key, Products: esc(strings.Join(key.ProductNames(), ", ")), LicenseID: esc(strings.Join(key.LicenseIDs, ", ")),
				Used: key.Used, Limit: key.Limit, Remaining: key.Remaining, AsOf: key.AsOf, AgreementInferred: pool.AgreementInferred}
			if k == pool.RequestKey {
				rk.Request = pool.Request
				rk.Earlier = r.History.OpenFor(k)
			}
			for _, id := range key.LicenseIDs {
				if !ids[id] {
					ids[id] = true
					q.LicenseIDs = append(q.LicenseIDs, esc(id))
				}
			}
			rp.Keys = append(rp.Keys, rk)
		}
		for _, w := range pool.Waves {
			if w.Demand > 0 {
				rp.Waves = append(rp.Waves, w)
			}
		}
		rp.Rights = rights[p]
		if y := r.poolESUYear(p); y > 0 {
			rp.ESU, rp.Rights = y, r.esuRights(y)
		}
		q.AgreementInferred = q.AgreementInferred || pool.AgreementInferred
		q.Total += pool.Request
		q.Activations += pool.Demand
		q.Done += pool.Done
		if w := pool.FirstShortWave; w != nil && !w.Date.IsZero() && (q.FirstNeeded.IsZero() || w.Date.Before(q.FirstNeeded)) {
			q.FirstNeeded = w.Date
		}
		q.Pools = append(q.Pools, rp)
	}
	sort.Strings(q.LicenseIDs)
	return q
}

// rights names, per requested pool, what the reimaging of its devices
// still to activate rests on, in the brief's terms, with how many
// activations rest on each: one pass over the devices for all pools.
func (r *Report) rights(by map[string][]int) map[int][]Right {
	c := r.Capacity
	wanted := map[int]bool{}
	for _, ps := range by {
		for _, p := range ps {
			wanted[p] = true
		}
	}
	count := map[int]map[string]int{}
	order := map[int][]string{}
	for i := range r.Devices {
		p := int(c.PoolOf[i])
		if p < 0 || !wanted[p] || !c.Consumes[i] || c.Done[i] {
			continue
		}
		if count[p] == nil {
			count[p] = map[string]int{}
		}
		add := func(text string) {
			if count[p][text] == 0 {
				order[p] = append(order[p], text)
			}
			count[p][text]++
		}
		v := r.Verdict(i)
		// The licence the judge says the verdict rests on.
		if right := v.Path.Right(); right != "" {
			add(right)
		}
		if v.Noted(rules.DowngradeRight) {
			add("+downgrade rights to the earlier version imaged (the brief, Downgrade Rights; Q9)")
		}
		if v.Noted(rules.NewVersionRight) {
			add("+Software Assurance's new-version rights: a later version made available while SA was active")
		}
		if v.Noted(rules.FreeUpgrade) {
			add("+the free upgrade from Windows 10 to Windows 11 of the same edition")
		}
	}
	out := map[int][]Right{}
	for p, texts := range order {
		// The main rights first, then those besides them.
		for _, also := range []bool{false, true} {
			for _, t := range texts {
				if strings.HasPrefix(t, "+") == also {
					out[p] = append(out[p], Right{Text: strings.TrimPrefix(t, "+"), Activations: count[p][t], Also: also})
				}
			}
		}
	}
	return out
}

// noAgreement is the problem of a short pool whose keys no export puts
// under an agreement, and whose devices do not settle it.
func (r *Report) noAgreement(p int) problem.Problem {
	c := r.Capacity
	k := c.Keys[c.Pools[p].Keys[0]].Key
	served := c.Pools[p].Served
	var parts []string
	for _, a := range slices.Sorted(maps.Keys(served)) {
		name := a
		if name == "" {
			name = "no agreement"
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", name, wording.Count(served[a])))
	}
	devices := "no device of the plan"
	if len(parts) > 0 {
		devices = "devices under " + strings.Join(parts, " and ")
	}
	return problem.Problem{File: k.Sources[0].File, Message: fmt.Sprintf(
		"key %s (%s) is short by %d, but no key export puts it under an agreement and it serves %s: the request is not written. "+
			"State its agreement in the configuration (keys.agreements: {%s: <agreement number>}), or read a VLSC export that lists it",
		k.Key.Masked(), strings.Join(k.ProductNames(), ", "), c.Pools[p].Shortfall, devices, k.Key.Last5())}
}

// FormFields are the fields of Microsoft's web form for a MAK activation
// increase (docs/configuration.md, email), in its order, for one key.
type FormFields struct {
	Agreement     string // the key's License ID, else the agreement (enrollment) number
	Authorization string // "" when the configuration does not give it
	// AskAuthorization: the agreement's program has an authorization
	// number the form asks for (Open License); for the others the
	// agreement field is all.
	AskAuthorization bool
	Product          string // name with version and edition
	Last5            string // the last five characters of the product key
	Activations      int
	Justification    string
	Earlier          string // the requests still open on the key (RequestKey.EarlierText); "" when none
}

// FormBlocks returns the request as the form's fields, one block per key
// asked for. The key appears by its last five characters only.
func (r *Report) FormBlocks(q Request) []FormFields {
	auth := ""  // not configured: the writers say so to whom they are for
	ask := true // an agreement not configured: the field is left to fill in
	if a, ok := r.AgreementOf(q.Agreement); ok {
		if a.Authorization != "" {
			auth = redact.Sanitize(a.Authorization)
		}
		ask = a.Program.AsksAuthorization() || a.Authorization != ""
	}
	var out []FormFields
	for _, p := range q.Pools {
		for _, k := range p.Keys {
			if k.Request == 0 {
				continue
			}
			// One value, as the form's field takes: the License ID VLSC
			// lists the key under, else the agreement number.
			agreement := q.Agreement
			if k.LicenseID != "" {
				agreement = k.LicenseID
			}
			out = append(out, FormFields{Agreement: agreement, Authorization: auth, AskAuthorization: ask, Product: k.Products, Last5: k.Key.Last5(),
				Activations: k.Request, Justification: Justification(q, p), Earlier: k.EarlierText()})
		}
	}
	return out
}

// poolESUYear returns the Windows 10 ESU year pool p's keys activate, 0
// when they are no ESU keys.
func (r *Report) poolESUYear(p int) int {
	var years planner.ESUSet
	for _, k := range r.Capacity.Pools[p].Keys {
		ys := r.Keys[k].ESUYears()
		if ys == 0 {
			return 0
		}
		years |= ys
	}
	if y := years.Years(); len(y) > 0 {
		return y[len(y)-1]
	}
	return 0
}

// esuRights says why the devices of an ESU year's activations stay on
// Windows 10 then, with the activations for each reason.
func (r *Report) esuRights(year int) []Right {
	if r.ESU == nil || year > len(r.ESU.Years) {
		return nil
	}
	y := r.ESU.Years[year-1]
	var out []Right
	for _, why := range []esu.Why{esu.WhyWaveLater, esu.WhyNotCapable, esu.WhyNoTarget, esu.WhyWindows10, esu.WhyUndated} {
		if n := y.ByWhy[why.Text()]; n > 0 {
			out = append(out, Right{Text: why.Text(), Activations: n})
		}
	}
	return out
}

// Justification is the business justification of one pool's request, in
// one paragraph: the waves, the arithmetic, the rights, and that the
// activations stay within the licences held.
func Justification(q Request, p RequestPool) string {
	var waves []string
	for _, w := range p.Waves {
		when := "no date yet"
		if !w.Wave.Date.IsZero() {
			when = w.Wave.Date.String()
			if w.Wave.Date.Before(p.AsOf) {
				when += ", overdue"
			}
		}
		waves = append(waves, fmt.Sprintf("%s (%s, %d)", redact.Sanitize(w.Wave.Name), when, w.Demand))
	}
	var b strings.Builder
	if p.ESU > 0 {
		fmt.Fprintf(&b, "Windows 10 Extended Security Updates, Year %d, under agreement %s: %s of %s still to make for devices that stay on Windows 10 while the year runs (%s); first needed: %s. ",
			p.ESU, q.Agreement, wording.Plural(p.Demand, "activation", "activations"), p.Products, strings.Join(waves, ", "), p.NeededBy())
	} else {
		fmt.Fprintf(&b, "Reimaging with Commercial Licensing media under agreement %s: %s of %s still to make in %s %s; first needed: %s. ",
			q.Agreement, wording.Plural(p.Demand, "activation", "activations"), p.Products, wording.Plural(len(waves), "wave", "waves"), strings.Join(waves, ", "), p.NeededBy())
	}
	var rem []string
	for _, k := range p.Keys {
		rem = append(rem, fmt.Sprintf("%d (%s)", k.Remaining, k.Key.Last5()))
	}
	remaining := fmt.Sprintf("The key %s has %d activations remaining", p.Keys[0].Key.Last5(), p.Remaining)
	if len(p.Keys) > 1 {
		remaining = fmt.Sprintf("The product's keys have %s = %d activations remaining", strings.Join(rem, " + "), p.Remaining)
	}
	fmt.Fprintf(&b, "%s; with a reserve of %d for re-activations the shortfall is %s", remaining, p.Reserve, p.Arithmetic())
	if r := p.Rounding(); r != "" {
		fmt.Fprintf(&b, ", %s", r)
	}
	b.WriteString(". ")
	if p.ESU > 0 && len(p.Rights) > 0 {
		var rs []string
		for _, rt := range p.Rights {
			rs = append(rs, fmt.Sprintf("%s (%d)", rt.Text, rt.Activations))
		}
		fmt.Fprintf(&b, "The devices stay on Windows 10 then because: %s; each is licensed for ESU for the year. ", strings.Join(rs, "; "))
		b.WriteString("The activations stay within the ESU licences we hold.")
		return b.String()
	}
	if len(p.Rights) > 0 {
		var rs []string
		for _, rt := range p.Rights {
			if rt.Also {
				rs = append(rs, "for some, also "+rt.Text)
			} else {
				rs = append(rs, rt.Text)
			}
		}
		fmt.Fprintf(&b, "Every device was checked against the reimaging rules of Microsoft's brief \"Reimaging licensed Microsoft software by using Commercial Licensing media\"; the reimaging rests on %s. ", strings.Join(rs, "; "))
	}
	b.WriteString("The activations stay within the licences we hold: they are asked for only for devices found eligible.")
	if d := p.Doubles(); d != "" {
		b.WriteString(" " + d)
	}
	return b.String()
}
