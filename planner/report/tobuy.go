package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// Purchase is a set of purchases that, made together, makes ineligible
// devices eligible (the To Buy sheet, JSON to_buy; docs/rules.md, "What can
// be bought"): what, for which target, under which agreement or outside
// any, and the devices it makes eligible, with the MAK activations those
// would then need. A set that makes no device eligible is never listed.
type Purchase struct {
	What string `json:"purchase"`
	// Buys are the kinds of the set (rules.Buy), in order.
	Buys      []rules.Buy `json:"buys"`
	Product   string      `json:"product"`
	Agreement string      `json:"agreement"`
	Per       string      `json:"per"` // "device", or "agreement" for an Open purchase (one licence is enough)
	Devices   int         `json:"devices"`
	// Names are the devices it makes eligible, in plan order.
	Names       []string `json:"device_names"`
	Activations int      `json:"activations"`
	// BuyUnder says where to buy, in words: the agreement; for one whose
	// program grants no reimaging rights or sells no more, one that does;
	// outside any agreement for a qualifying licence.
	BuyUnder string `json:"buy_under"`
	// Sold is the product as Commercial Licensing sells it today when the
	// set buys the target itself ("" otherwise).
	Sold string `json:"sold,omitempty"`
	// NeededBy is the first wave date of its devices, NeededWave that wave
	// ("" and zero when none of them has a dated wave).
	NeededBy   planner.Date `json:"needed_by"`
	NeededWave string       `json:"needed_wave"`
	set        rules.BuySet
}

// Licences is how many licences the set is: one per device and purchase,
// or one for an Open agreement.
func (p Purchase) Licences() int {
	if p.Per == "agreement" {
		return 1
	}
	return p.Devices * len(p.Buys)
}

// OtherFix is a fix that is not a purchase (other media, the licensed
// language or version): the rule and the devices that fail it.
type OtherFix struct {
	Rule    rules.ID `json:"rule"`
	Fix     string   `json:"fix"`
	Devices int      `json:"devices"`
}

// ToBuy is what the rollout still needs: the purchases and the other fixes.
type ToBuy struct {
	Purchases  []Purchase `json:"purchases"`
	OtherFixes []OtherFix `json:"other_fixes"`
	// The totals, each device once: licences to buy, devices the
	// purchases make eligible, the MAK activations those need, devices
	// whose purchases alone would not make them eligible (they need
	// another fix too: OtherFixes).
	Licences    int `json:"licences"`
	Devices     int `json:"devices"`
	Activations int `json:"activations"`
	Besides     int `json:"devices_needing_another_fix"`
	// NeededBy is the earliest purchase's first wave date, NeededWave
	// that wave (zero and "" when none has a dated wave).
	NeededBy   planner.Date `json:"needed_by"`
	NeededWave string       `json:"needed_wave"`
}

// ToBuy turns the ineligible devices still to reimage into what to buy.
func (r *Report) ToBuy() ToBuy { return r.toBuy }

// workOutToBuy works To Buy out, once, when the report is made: per
// device, the smallest set of purchases that makes it eligible
// (rules.Judge.Purchases, judged once per distinct set of attributes); the
// devices with one set, target and agreement share a row. A device that no
// set makes eligible counts its failed rules among the other fixes.
func (r *Report) workOutToBuy() ToBuy {
	type key struct {
		set       rules.BuySet
		product   string
		agreement string
	}
	at := map[key]*Purchase{}
	out := ToBuy{Purchases: []Purchase{}, OtherFixes: []OtherFix{}}
	other := map[rules.ID]int{}
	type memo struct {
		set rules.BuySet
		ok  bool
	}
	sets := map[*planner.Attrs]memo{}
	eligible := rules.Verdict{Eligible: true}
	for i, d := range r.Devices {
		v := r.Verdict(i)
		if v.Eligible || d.Status == planner.StatusDone {
			continue
		}
		m, seen := sets[d.Attrs]
		if !seen && r.Judge != nil {
			m.set, m.ok = r.Judge.Purchases(d, v)
			sets[d.Attrs] = m
		}
		if !m.ok {
			for _, id := range v.Reasons() {
				other[id]++
			}
			for _, id := range v.Reasons() {
				if isPurchaseRule(id) {
					out.Besides++
					break
				}
			}
			continue
		}
		activates := capacity.Activates(d, eligible, r.Settings)
		out.Devices++
		if activates {
			out.Activations++
		}
		k := key{m.set, d.Target.Name(), d.Agreement}
		p := at[k]
		if p == nil {
			p = r.newPurchase(m.set, d)
			at[k] = p
		}
		p.Devices++
		p.Names = append(p.Names, d.Name)
		if activates {
			p.Activations++
		}
		if !d.WaveDate.IsZero() && (p.NeededBy.IsZero() || d.WaveDate.Before(p.NeededBy)) {
			p.NeededBy, p.NeededWave = d.WaveDate, d.Wave
		}
	}
	// Windows 10 ESU licences, per year: the devices that need the year's
	// activation and have activated neither it nor a later year.
	for _, pe := range r.esuPurchases() {
		at[key{rules.BuySet(0).With(rules.BuyESU), pe.Product, pe.Agreement}] = pe
	}
	for _, p := range at {
		out.Purchases = append(out.Purchases, *p)
		out.Licences += p.Licences()
		if !p.NeededBy.IsZero() && (out.NeededBy.IsZero() || p.NeededBy.Before(out.NeededBy)) {
			out.NeededBy, out.NeededWave = p.NeededBy, p.NeededWave
		}
	}
	sort.Slice(out.Purchases, func(i, j int) bool {
		a, b := out.Purchases[i], out.Purchases[j]
		if a.Devices != b.Devices {
			return a.Devices > b.Devices
		}
		if a.set != b.set {
			return a.set < b.set
		}
		return a.Product+"\x00"+a.Agreement < b.Product+"\x00"+b.Agreement
	})
	for _, id := range rules.Rules {
		if n := other[id]; n > 0 {
			out.OtherFixes = append(out.OtherFixes, OtherFix{Rule: id, Fix: rules.Catalog[id].Fix, Devices: n})
		}
	}
	return out
}

// isPurchaseRule reports whether a failed rule is one a purchase may answer.
func isPurchaseRule(id rules.ID) bool {
	switch id {
	case rules.NoQualifyingOS, rules.EnterpriseNotCovered, rules.UserSAExpired, rules.SubscriptionEnded,
		rules.OpenLicenseNotBought, rules.ProgramNotEligible:
		return true
	}
	return false
}

// newPurchase describes the row of set s for device d's target and agreement.
func (r *Report) newPurchase(s rules.BuySet, d *planner.Device) *Purchase {
	p := &Purchase{Buys: s.List(), Product: d.Target.Name(), Agreement: d.Agreement, Per: "device", set: s, Names: []string{}}
	if s.PerAgreement() {
		p.Per = "agreement"
	}
	var whats []string
	target := false
	for _, b := range p.Buys {
		info := rules.BuyCatalog[b]
		whats = append(whats, info.What)
		target = target || info.Target
	}
	p.What = strings.Join(whats, "; and ")
	// Where to buy.
	ag, known := r.AgreementOf(d.Agreement)
	under := d.Agreement
	switch {
	case s.Has(rules.BuyUnderOtherProgram):
		program := "its program"
		if known {
			program = string(ag.Program)
		}
		under = fmt.Sprintf("an agreement with reimaging rights (not %s: %s)", d.Agreement, program)
		if with := r.agreementsWithRights(); with != "" {
			under = fmt.Sprintf("%s, or another agreement with reimaging rights (not %s: %s)", with, d.Agreement, program)
		}
	case known && ag.Program == planner.ProgramOpenLicense && !s.Outside():
		// Open License has sold nothing since 2022-01-01 (docs/rules.md rev 4, item 8).
		under = fmt.Sprintf("a program that still sells and grants reimaging rights (Open Value, MPSA or EA): Open License (%s) sells nothing since 2022-01-01", d.Agreement)
	}
	switch {
	case s.Outside():
		p.BuyUnder = "no agreement — outside Commercial Licensing, which sells no full Windows desktop licence"
	case s.Has(rules.BuyQualifyingOS):
		p.BuyUnder = "the qualifying licence outside any agreement; the rest under " + under
	default:
		p.BuyUnder = under
	}
	// The product to order, for a set that buys the target itself.
	// Never a Windows desktop licence: Commercial Licensing sells none.
	if t := d.Target.Prod; t != nil && target && t.Family != planner.FamilyWindows {
		p.Sold = t.Name
		if cur := planner.CurrentVersion(t, r.AsOf); cur != nil && cur != t {
			p.Sold = fmt.Sprintf("%s, run as %s under its downgrade right", cur.Name, t.Name)
		}
	}
	return p
}

// Line says the purchases in one line of the text report; "" when no
// ineligible device is left to fix.
func (t ToBuy) Line() string {
	devices, activations, besides, fixes := t.Devices, t.Activations, t.Besides, 0
	for _, o := range t.OtherFixes {
		fixes += o.Devices
	}
	if devices == 0 && besides == 0 && fixes == 0 && t.Licences == 0 {
		return ""
	}
	if devices == 0 {
		if fixes == 0 {
			return fmt.Sprintf("To buy: %s. The To Buy sheet has the details.", wording.Plural(t.Licences, "licence", "licences"))
		}
		return fmt.Sprintf("To buy: %s; nothing that alone makes a device eligible; %s call for other fixes (media, language, version). The To Buy sheet has the details.",
			wording.Plural(t.Licences, "licence", "licences"), wording.Plural(fixes, "failed rule", "failed rules"))
	}
	line := fmt.Sprintf("To buy: %s (%s) would make %s eligible (%s)",
		wording.Plural(len(t.Purchases), "set of purchases", "sets of purchases"), wording.Plural(t.Licences, "licence", "licences"), wording.Plural(devices, "more device", "more devices"),
		wording.Plural(activations, "more MAK activation", "more MAK activations"))
	if besides > 0 {
		line += fmt.Sprintf("; %s a purchase and another fix besides", wording.Plural(besides, "device needs", "devices need"))
	}
	if fixes > 0 {
		line += fmt.Sprintf("; %s call for other fixes (media, language, version)", wording.Plural(fixes, "failed rule", "failed rules"))
	}
	return line + ". The To Buy sheet has the details."
}

// Lines says each set of purchases on a line of its own: what, for which
// target, how many devices and the first of them.
func (t ToBuy) Lines() []string {
	var out []string
	for _, p := range t.Purchases {
		names := p.Names
		more := ""
		if len(names) > 3 {
			names, more = names[:3], fmt.Sprintf(" and %d more", len(p.Names)-3)
		}
		out = append(out, fmt.Sprintf("  %s — for %s (buy under: %s): %s (%s%s)", p.What, p.Product, p.BuyUnder,
			wording.Plural(p.Devices, "device", "devices"), strings.Join(names, ", "), more))
	}
	return out
}

// agreementsWithRights names the configured agreements whose program
// grants reimaging rights: "91000001ZZS0001 (EA)"; "" when none.
func (r *Report) agreementsWithRights() string {
	var out []string
	for _, a := range r.Agreements {
		if a.Program.GrantsReimaging() {
			out = append(out, fmt.Sprintf("%s (%s)", a.Number, a.Program))
		}
	}
	return strings.Join(out, " or ")
}

// esuPurchases are the Windows 10 ESU licences to buy, one row per year.
func (r *Report) esuPurchases() []*Purchase {
	if !r.ESU.Planned() {
		return nil
	}
	var out []*Purchase
	for _, y := range planner.ESUYears {
		p := &Purchase{Buys: []rules.Buy{rules.BuyESU}, What: rules.BuyCatalog[rules.BuyESU].What, Product: planner.ESUProduct(y.N).Name,
			Per: "device", set: rules.BuySet(0).With(rules.BuyESU), Names: []string{},
			BuyUnder: "the agreement that sells your ESU (EA, MPSA, Open Value …) or CSP"}
		for _, d := range r.ESU.Devices {
			if !d.Licences.Has(y.N) {
				continue
			}
			p.Devices++
			p.Names = append(p.Names, d.D.Name)
			// Needed when the year starts, or now for a year already begun.
			when := y.Start
			if r.AsOf.After(when) {
				when = r.AsOf
			}
			if p.NeededBy.IsZero() || when.Before(p.NeededBy) {
				p.NeededBy, p.NeededWave = when, fmt.Sprintf("ESU Year %d", y.N)
			}
		}
		if p.Devices > 0 {
			out = append(out, p)
		}
	}
	return out
}
