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

// Purchase is a licence to buy that would make ineligible devices eligible
// (the To Buy sheet, JSON to_buy): what, of which product, under which
// agreement; how many devices it alone makes eligible and how many MAK
// activations those would then need; how many devices need it and another
// fix besides.
type Purchase struct {
	What        string `json:"purchase"`
	Product     string `json:"product"`
	Agreement   string `json:"agreement"`
	Per         string `json:"per"` // "device", or "agreement" for an Open purchase (one licence is enough)
	Devices     int    `json:"devices"`
	Activations int    `json:"activations"`
	AlsoOther   int    `json:"devices_needing_another_fix"`
	// AlsoBought counts the devices it makes eligible only with another
	// purchase besides, on its own row (a Home PC for Windows Enterprise
	// needs a qualifying licence and an Enterprise Upgrade).
	AlsoBought int `json:"devices_needing_another_purchase"`
	// BuyUnder says under which agreement to buy, in words: the agreement,
	// or for an agreement whose program grants no reimaging rights, one
	// that does (never that agreement as where to buy).
	BuyUnder string `json:"buy_under"`
	// Sold is the product as Commercial Licensing sells it today when the
	// target is an earlier version (bought as the current version, run
	// under its downgrade right); "" when the target is sold as it is.
	Sold string `json:"sold,omitempty"`
	// NeededBy is the first wave date of its devices, NeededWave that wave
	// ("" and zero when none of them has a dated wave).
	NeededBy   planner.Date `json:"needed_by"`
	NeededWave string       `json:"needed_wave"`
}

// Licences is how many licences the purchase is: one per device, or one
// for an Open agreement.
func (p Purchase) Licences() int {
	if p.Per == "agreement" {
		return 1
	}
	return p.Devices + p.AlsoOther
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
	// The totals, each device once (a device that needs two purchases is
	// on two rows): licences to buy, devices the purchases make eligible,
	// the MAK activations those need, devices that need another fix too.
	Licences    int `json:"licences"`
	Devices     int `json:"devices"`
	Activations int `json:"activations"`
	Besides     int `json:"devices_needing_another_fix"`
	// NeededBy is the earliest purchase's first wave date, NeededWave
	// that wave (zero and "" when none has a dated wave).
	NeededBy   planner.Date `json:"needed_by"`
	NeededWave string       `json:"needed_wave"`
}

// purchaseOf says which purchase fixes a failed rule for a device, "" when
// the fix is not a purchase. docs/rules.md gives each rule's fix.
func purchaseOf(id rules.ID, d *planner.Device) (what, per string) {
	switch id {
	case rules.EnterpriseNotCovered:
		return "Windows Enterprise Upgrade (or Software Assurance) per device", "device"
	case rules.UserSAExpired:
		return "Windows SA per User renewal, for the device's primary user", "device"
	case rules.NoQualifyingOS:
		return "A qualifying Windows licence (Pro or better) per device", "device"
	case rules.OpenLicenseNotBought:
		return "One licence under the Open agreement (an Open purchase)", "agreement"
	case rules.ProgramNotEligible:
		return "Volume licences under a program that grants reimaging rights", "device"
	case rules.DifferentProduct:
		t := d.Target.Prod
		switch {
		case t == nil || !t.Volume:
			return "", "" // Commercial Licensing does not sell it: not a purchase here
		case t.Line == "Windows" && strings.Contains(t.Edition, "Enterprise"):
			return "Windows Enterprise Upgrade (or Software Assurance) per device", "device"
		}
		return "Volume licences of the target product, one per device", "device"
	}
	return "", ""
}

// ToBuy turns the ineligible devices still to reimage into what to buy.
// A device's purchase is every purchase its failed rules call for (a Home
// device for Windows Enterprise needs a qualifying licence and an upgrade):
// it counts as made eligible by it when it fails no rule whose fix is not a
// purchase, else as needing another fix besides. Every failed rule whose fix
// is not a purchase counts in OtherFixes.
func (r *Report) ToBuy() ToBuy { return r.toBuy }

// workOutToBuy works To Buy out, once, when the report is made.
func (r *Report) workOutToBuy() ToBuy {
	type key = purchaseKey
	at := map[key]*Purchase{}
	out := ToBuy{Purchases: []Purchase{}, OtherFixes: []OtherFix{}}
	other := map[rules.ID]int{}
	eligible := rules.Verdict{Eligible: true}
	for i, d := range r.Devices {
		v := r.Verdict(i)
		if v.Eligible || d.Status == planner.StatusDone {
			continue
		}
		var whats, pers []string
		others := false
		for _, id := range v.Reasons() {
			what, p := purchaseOf(id, d)
			if what == "" {
				other[id]++
				others = true
				continue
			}
			if !containsKey(whats, what) {
				whats, pers = append(whats, what), append(pers, p)
			}
		}
		if len(whats) == 0 {
			continue
		}
		activates := capacity.Activates(d, eligible, r.Settings)
		if others {
			out.Besides++
		} else {
			out.Devices++
			if activates {
				out.Activations++
			}
		}
		// One row per purchase: a device that needs two is on both.
		for w, what := range whats {
			r.addPurchase(at, key{what, d.Target.Name(), d.Agreement, pers[w]}, d, v, others, len(whats) > 1, activates)
		}
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
		if a.AlsoOther != b.AlsoOther {
			return a.AlsoOther > b.AlsoOther
		}
		return a.What+"\x00"+a.Product+"\x00"+a.Agreement+"\x00"+a.Per < b.What+"\x00"+b.Product+"\x00"+b.Agreement+"\x00"+b.Per
	})
	for _, id := range rules.Rules {
		if n := other[id]; n > 0 {
			out.OtherFixes = append(out.OtherFixes, OtherFix{Rule: id, Fix: rules.Catalog[id].Fix, Devices: n})
		}
	}
	return out
}

type purchaseKey struct{ what, product, agreement, per string }

// addPurchase counts device d on the row of purchase k: made eligible by
// it (with its other purchases, when also), or needing another fix too.
func (r *Report) addPurchase(at map[purchaseKey]*Purchase, k purchaseKey, d *planner.Device, v rules.Verdict, others, also, activates bool) {
	p := at[k]
	if p == nil {
		p = &Purchase{What: k.what, Product: k.product, Agreement: k.agreement, Per: k.per, BuyUnder: k.agreement}
		if v.Fails(rules.ProgramNotEligible) {
			program := "its program"
			if a, ok := r.AgreementOf(d.Agreement); ok {
				program = string(a.Program)
			}
			p.BuyUnder = fmt.Sprintf("an agreement with reimaging rights (not %s: %s)", d.Agreement, program)
			if with := r.agreementsWithRights(); with != "" {
				p.BuyUnder = fmt.Sprintf("%s, or another agreement with reimaging rights (not %s: %s)", with, d.Agreement, program)
			}
		}
		// The product to order, for a purchase of the target itself.
		if t := d.Target.Prod; t != nil && (strings.HasPrefix(k.what, "Volume licences") || strings.HasPrefix(k.what, "One licence under the Open")) {
			if cur := planner.CurrentVersion(t, r.AsOf); cur != nil && cur != t {
				p.Sold = fmt.Sprintf("%s, run as %s under its downgrade right", cur.Name, t.Name)
			}
		}
		at[k] = p
	}
	if !d.WaveDate.IsZero() && (p.NeededBy.IsZero() || d.WaveDate.Before(p.NeededBy)) {
		p.NeededBy, p.NeededWave = d.WaveDate, d.Wave
	}
	if others {
		p.AlsoOther++
		return
	}
	p.Devices++
	if also {
		p.AlsoBought++
	}
	if activates {
		p.Activations++
	}
}

func containsKey[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// Line says the purchases in one line of the text report; "" when no
// ineligible device is left to fix.
func (t ToBuy) Line() string {
	devices, activations, besides, fixes := t.Devices, t.Activations, t.Besides, 0
	for _, o := range t.OtherFixes {
		fixes += o.Devices
	}
	if devices == 0 && besides == 0 && fixes == 0 {
		return ""
	}
	line := fmt.Sprintf("To buy: %s (%s) would make %s eligible (%s)",
		wording.Plural(len(t.Purchases), "purchase", "kinds of purchase"), wording.Plural(t.Licences, "licence", "licences"), wording.Plural(devices, "more device", "more devices"),
		wording.Plural(activations, "more MAK activation", "more MAK activations"))
	if besides > 0 {
		line += fmt.Sprintf("; %s need another fix besides", wording.Plural(besides, "device would", "devices would"))
	}
	if fixes > 0 {
		line += fmt.Sprintf("; %s call for other fixes (media, language, version)", wording.Plural(fixes, "failed rule", "failed rules"))
	}
	return line + ". The To Buy sheet has the details."
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
