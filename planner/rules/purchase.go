package rules

import (
	"math/bits"
	"strings"

	"github.com/makplan/makplan/planner"
)

// Buy is a kind of purchase that makes a device eligible (docs/rules.md,
// "What can be bought"). The rules own this knowledge: which failed rule
// a purchase answers, what is bought, where, and what it changes on the
// device; report.ToBuy only groups the devices.
type Buy uint8

// The purchases, in the order a To Buy row names them.
const (
	// BuyQualifyingOS: a qualifying Windows licence from outside any
	// agreement — Microsoft's Get Genuine offer or a retail licence (a new
	// OEM PC replaces the device instead). Commercial Licensing sells no
	// full Windows desktop licence.
	BuyQualifyingOS Buy = iota + 1
	// BuyEnterpriseUpgrade: a Windows Enterprise Upgrade per device (with or
	// without SA) under the agreement, or Windows Enterprise E3/E5 per user
	// for its primary user.
	BuyEnterpriseUpgrade
	// BuyEducationUpgrade: the Windows Education upgrade under an academic agreement.
	BuyEducationUpgrade
	// BuyUserSA: the primary user's Windows SA per User (E3/E5 per user)
	// renewed while current, bought again once lapsed.
	BuyUserSA
	// BuyVolumeLicence: a Volume licence of the target under the agreement
	// (an OEM or retail Office device, a Server edition not licensed).
	BuyVolumeLicence
	// BuyCurrentVersion: a Volume licence of the product's current version
	// (SA optional), which runs the target by its down-version right: lapsed
	// SA cannot be renewed.
	BuyCurrentVersion
	// BuyOpenLicence: one licence of the target under the Open agreement
	// (Open License sells nothing since 2022: under Open Value, MPSA or EA).
	BuyOpenLicence
	// BuyUnderOtherProgram: the Volume licences under an agreement whose
	// program grants reimaging rights.
	BuyUnderOtherProgram
	// BuyRenewal: renew the subscription, or buy its licences out.
	BuyRenewal
	// BuyESU: a Windows 10 ESU licence for a year, per device (package
	// esu works out which devices and years).
	BuyESU
	numBuys
)

// Buys lists every purchase kind in order.
var Buys = func() []Buy {
	out := make([]Buy, 0, numBuys-1)
	for b := Buy(1); b < numBuys; b++ {
		out = append(out, b)
	}
	return out
}()

// BuyInfo describes a purchase kind.
type BuyInfo struct {
	Code string // stable, for JSON
	What string // what to buy, for people
	// Outside: bought outside any agreement (the qualifying licence).
	Outside bool
	// PerAgreement: one licence for the agreement, not one per device.
	PerAgreement bool
	// Target: the purchase is a licence of the target product (the To Buy
	// sheet's "Buy as" names the product sold today).
	Target bool
}

// BuyCatalog says each purchase kind.
var BuyCatalog = map[Buy]BuyInfo{
	BuyQualifyingOS:      {Code: "qualifying-os", What: "A qualifying Windows licence from outside the agreement (Microsoft's Get Genuine offer, a minimum quantity applies, or a retail Windows Pro); or replace the device by a new OEM PC", Outside: true},
	BuyEnterpriseUpgrade: {Code: "enterprise-upgrade", What: "A Windows Enterprise Upgrade per device (with or without SA), or Windows Enterprise E3/E5 per user for its primary user"},
	BuyEducationUpgrade:  {Code: "education-upgrade", What: "The Windows Education upgrade per device under the academic agreement"},
	BuyUserSA:            {Code: "user-sa", What: "Windows SA per User (Enterprise E3/E5 per user) for the device's primary user: renewed while it runs, bought again once lapsed"},
	BuyVolumeLicence:     {Code: "volume-licence", What: "A Volume licence of the target per device", Target: true},
	BuyCurrentVersion:    {Code: "current-version", What: "A Volume licence of the current version per device (SA optional), which runs the target by its down-version right; lapsed SA cannot be renewed", Target: true},
	BuyOpenLicence:       {Code: "open-licence", What: "One licence of the target under the Open agreement (an Open purchase)", PerAgreement: true, Target: true},
	BuyUnderOtherProgram: {Code: "other-program", What: "The licences under an agreement whose program grants reimaging rights (for Windows Enterprise: the Enterprise Upgrade or SA bought under it)", Target: true},
	BuyRenewal:           {Code: "renewal", What: "Renew the subscription, or buy its licences out as perpetual at the end of the term"},
	BuyESU:               {Code: "esu-licence", What: "Windows 10 ESU licences for the year, one per device (through Volume Licensing or CSP; ESU is cumulative: a device joining late buys the earlier years too)"},
}

// String returns the purchase's code.
func (b Buy) String() string { return BuyCatalog[b].Code }

// MarshalText writes the code.
func (b Buy) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// BuySet is a set of purchases one device needs together.
type BuySet uint16

// Len is how many purchases the set holds.
func (s BuySet) Len() int { return bits.OnesCount16(uint16(s)) }

// Has reports whether the set holds b.
func (s BuySet) Has(b Buy) bool { return s&(1<<b) != 0 }

// With returns the set with b.
func (s BuySet) With(b Buy) BuySet { return s | 1<<b }

// List returns the purchases of the set in order.
func (s BuySet) List() []Buy {
	var out []Buy
	for _, b := range Buys {
		if s.Has(b) {
			out = append(out, b)
		}
	}
	return out
}

// String joins the codes with "+".
func (s BuySet) String() string {
	var parts []string
	for _, b := range s.List() {
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "+")
}

// PerAgreement reports whether the set is one licence for the agreement.
func (s BuySet) PerAgreement() bool {
	return s == BuySet(0).With(BuyOpenLicence)
}

// Outside reports whether every purchase of the set is made outside any agreement.
func (s BuySet) Outside() bool {
	for _, b := range s.List() {
		if !BuyCatalog[b].Outside {
			return false
		}
	}
	return s != 0
}

// answers lists, per failed rule, the purchases that may answer it; which
// of them a device needs is decided by judging it again with them bought.
func (e *eval) answers(id ID) []Buy {
	d, tgt := e.d, e.ev.Target
	if tgt == nil {
		return nil
	}
	windows := tgt.Family == planner.FamilyWindows
	upgrade := BuyEnterpriseUpgrade
	if tgt.IsEducation() && e.academic() {
		upgrade = BuyEducationUpgrade
	}
	switch id {
	case NoQualifyingOS:
		return []Buy{BuyQualifyingOS}
	case EnterpriseNotCovered:
		return []Buy{upgrade}
	case UserSAExpired:
		return []Buy{BuyUserSA}
	case SubscriptionEnded:
		return []Buy{BuyRenewal}
	case OpenLicenseNotBought:
		return []Buy{BuyOpenLicence}
	case ProgramNotEligible:
		return []Buy{BuyUnderOtherProgram}
	case DifferentVersion:
		switch {
		case windows && (tgt.IsEnterprise() || tgt.IsEducation()):
			return []Buy{upgrade}
		case windows && d.Win11Capable == planner.CapableNo:
			return nil // hardware, not a licence: no purchase answers it
		case windows:
			return []Buy{BuyEnterpriseUpgrade} // the Enterprise licence runs Pro (down-edition)
		case tgt.Volume:
			return []Buy{BuyCurrentVersion}
		}
	case DifferentProduct, DifferentComponents:
		switch {
		case !tgt.Volume, windows && id == DifferentComponents:
			// Not sold through Commercial Licensing; or an N edition against
			// its full edition, which the N licence's own edition answers.
			return nil // Commercial Licensing does not sell it
		case windows && (tgt.IsEnterprise() || tgt.IsEducation()):
			return []Buy{upgrade, BuyQualifyingOS}
		case windows:
			// A Windows Pro target: a qualifying licence of it, or the
			// Enterprise licence's down-edition right.
			if d.Licensed.Prod != nil && d.Licensed.Prod.IsHome() {
				return []Buy{BuyQualifyingOS}
			}
			return []Buy{BuyEnterpriseUpgrade}
		}
		return []Buy{BuyVolumeLicence}
	}
	return nil
}

// bought returns d as it would be with the purchases of s made on the day
// it is judged: a copy, d itself untouched.
func (e *eval) bought(s BuySet) *planner.Device {
	d := *e.d
	a := *e.d.Attrs
	d.Attrs = &a
	e.onDate()
	on := e.ev.On
	tgt := e.ev.Target
	for _, b := range s.List() {
		switch b {
		case BuyQualifyingOS:
			pro := proAt(tgt)
			if e.enterpriseTarget() || a.Channel == planner.ChannelVolume {
				a.Qualifying, a.QualifyingFirmware, a.QualifyingText = pro, false, pro.Name
				if a.Channel == planner.ChannelNone || a.Licensed.Evaluation || a.Licensed.Prod == nil || a.Licensed.Prod.Family != planner.FamilyWindows {
					a.Channel, a.Licensed.Prod, a.Licensed.Evaluation = planner.ChannelRetail, pro, false
				}
			} else {
				a.Channel, a.Licensed.Prod, a.Licensed.Evaluation, a.Qualifying = planner.ChannelRetail, pro, false, nil
			}
		case BuyEnterpriseUpgrade, BuyEducationUpgrade:
			a.EnterpriseUpgrade, a.UpgradeCoversUntil = true, on
			if a.SAPerDevice.State == planner.SADated && a.SAPerDevice.Until.Before(on) {
				a.SAPerDevice = planner.SA{} // the new upgrade is what covers it
			}
		case BuyUserSA:
			a.UserSAUntil = on.AddDays(365)
		case BuyVolumeLicence:
			a.Channel, a.Licensed.Prod, a.Licensed.Evaluation, a.SAPerDevice = planner.ChannelVolume, tgt.VolumeForm(), false, planner.SA{}
			a.Licensed.Components = a.Target.Components
		case BuyCurrentVersion:
			cur := planner.CurrentVersion(tgt, on)
			if cur == nil {
				cur = tgt
			}
			a.Channel, a.Licensed.Prod, a.Licensed.Evaluation, a.SAPerDevice = planner.ChannelVolume, cur.VolumeForm(), false, planner.SA{}
		case BuyRenewal:
			if a.SAPerDevice.State == planner.SADated {
				a.SAPerDevice.Until = on.AddDays(365)
			}
			if !a.UpgradeCoversUntil.IsZero() {
				a.UpgradeCoversUntil = on
			}
		}
	}
	return &d
}

// proAt returns Windows Pro (the N edition for an N target) at the
// target's version, or Windows 11 Pro: the qualifying licence to buy.
func proAt(tgt *planner.Product) *planner.Product {
	for _, p := range planner.Catalogue() {
		if p.Family == planner.FamilyWindows && p.Edition == "Pro" && p.N == tgt.N && p.Version == tgt.Version && p.Release == "" {
			return p
		}
	}
	p, _ := planner.LookupProduct("Windows 11 Pro", "")
	return p
}

// Purchases works out which purchases, made together, make an ineligible
// device eligible (docs/rules.md rev 4, "What can be bought"): the
// purchases that answer its failed rules, tried by judging the device again
// with them bought; the set is the smallest that does. ok is false when no
// set of purchases makes it eligible: it needs another fix (media,
// language, version), or nothing Commercial Licensing sells helps.
func (j *Judge) Purchases(d *planner.Device, v Verdict) (set BuySet, ok bool) {
	if v.Eligible || d.Licensed.Prod == nil || d.Target.Prod == nil {
		return 0, false
	}
	e := eval{j: j, d: d}
	e.ev.Right, e.ev.EditionRight = -1, -1
	e.run()
	var all BuySet
	for _, id := range v.Reasons() {
		for _, b := range e.answers(id) {
			all = all.With(b)
		}
	}
	if all == 0 {
		return 0, false
	}
	eligible := func(s BuySet) bool {
		w := j.waived(s)
		return w.Judge(e.bought(s)).Eligible
	}
	// The purchases that answer one rule in two ways (a qualifying licence
	// or an Enterprise Upgrade for a Pro target) are tried one at a time,
	// the others with each: the smallest set that makes the device eligible.
	best, found := BuySet(0), false
	for sub := all; ; sub = (sub - 1) & all {
		if sub != 0 && eligible(sub) && (!found || sub.Len() < best.Len() || sub.Len() == best.Len() && sub < best) {
			best, found = sub, true
		}
		if sub == 0 {
			break
		}
	}
	return best, found
}

// waived returns the judge as it would be with the agreement-level
// purchases of s made: an Open purchase recorded, an agreement whose
// program grants reimaging rights.
func (j *Judge) waived(s BuySet) *Judge {
	if !s.Has(BuyOpenLicence) && !s.Has(BuyUnderOtherProgram) {
		return j
	}
	w := *j
	w.waive = s
	return &w
}
