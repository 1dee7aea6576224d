package rules

import (
	"strings"
	"sync"

	"github.com/makplan/makplan/planner"
)

// Way is how a device is licensed for its target image (docs/rules.md, "The two
// ways a device is licensed").
type Way string

// The ways.
const (
	// ThroughCommercialLicensing: an Enterprise Upgrade, SA per device or the
	// user's SA per User (Windows Enterprise), or a Volume license of the product itself.
	ThroughCommercialLicensing Way = "commercial-licensing"
	// ByReimagingRights: the target must be the same product as the OEM or retail license.
	ByReimagingRights Way = "reimaging-rights"
	// BySubscription: a subscription product, licensed per user and activated
	// by sign-in; no reimaging right is used.
	BySubscription Way = "subscription"
)

// Verdict is the eligibility of one device. It holds no pointers, so judging
// a million devices allocates nothing.
type Verdict struct {
	Eligible bool
	Way      Way
	reasons  Set
	notes    Set
	// UsesUserSA: the device is eligible only through the primary user's SA per User.
	UsesUserSA bool
	// Path is the licence the verdict rests on (docs/rules.md, "The two
	// ways a device is licensed"): for an eligible device, the right its
	// reimage uses; PathNone for an ineligible one.
	Path Path
}

// Path is a licence a verdict rests on: one of the Q4 licences for Windows
// Enterprise, a Volume licence of the product, the device's own OEM or
// retail licence, or a subscription. The judge records it; the request's
// justification and the workbook say it in words (Path.Right).
type Path uint8

// The paths.
const (
	PathNone           Path = iota
	PathSAPerDevice         // Windows Enterprise through SA on the device's licence
	PathUpgrade             // Windows Enterprise (Education) through an Enterprise (Education) Upgrade
	PathEnterpriseWide      // Windows Enterprise through an enterprise-wide agreement
	PathUserSA              // Windows Enterprise through the primary user's SA per User (or E3/E5 per user)
	PathVolumeLicence       // a Volume licence of the product under the agreement
	PathReimaging           // the device's own OEM or retail licence, by its reimaging rights
	PathSubscription        // a subscription, activated by sign-in
)

// Code names the path in the JSON ("" for none).
func (p Path) Code() string {
	return [...]string{"", "sa-per-device", "enterprise-upgrade", "enterprise-wide", "user-sa", "volume-licence", "reimaging-rights", "subscription"}[p]
}

// MarshalText writes the code.
func (p Path) MarshalText() ([]byte, error) { return []byte(p.Code()), nil }

// Right says a path in the brief's terms, for a request's justification.
func (p Path) Right() string {
	switch p {
	case PathUserSA:
		return "Windows Enterprise through the primary user's Software Assurance per User (the brief, Q4 and Q5)"
	case PathSAPerDevice, PathUpgrade, PathEnterpriseWide:
		return "Windows Enterprise through a Windows Enterprise Upgrade or Software Assurance on a qualifying Windows licence (the brief, Q4)"
	case PathVolumeLicence:
		return "Volume licences of the product under the agreement (the brief, Reimaging Eligibility)"
	case PathReimaging:
		return "reimaging rights: each device's own OEM or retail licence of the same product and edition, activated by MAK (the brief, Reimaging Eligibility; Q8)"
	case PathSubscription:
		return "a subscription, activated by the user's sign-in"
	}
	return ""
}

// q4Paths are the Q4 paths in the order they are tried: the device's own
// licences first, then the agreement's, then the user's.
var q4Paths = [...]Path{PathSAPerDevice, PathUpgrade, PathEnterpriseWide, PathUserSA}

// Tried is what one Q4 path said of the target: covered, or the rule it
// falls short by, with the date that decides.
type Tried struct {
	Path   Path
	Fails  ID               // "" when the path covers the target
	Until  planner.Date     // the date that ends the path's coverage (SA, upgrade, user SA)
	Covers *planner.Product // the newest version of the target's edition it covers, when too late
	Note   ID               // the note the path's coverage rests on (upgrade-version-assumed, sa-assumed-from-program)
}

// Reasons returns the rules the device fails, in docs/rules.md's order.
func (v Verdict) Reasons() []ID { return v.reasons.ids(Rules) }

// Notes returns the notes on an eligible device, in docs/rules.md's order.
func (v Verdict) Notes() []ID { return v.notes.ids(Notes) }

// setStrings memoises the string forms of ID sets: the JSON of a million
// verdicts repeats a few dozen sets. The slices are shared; do not modify them.
var setStrings sync.Map

func (s Set) strings(list []ID, kind byte) []string {
	key := uint64(s)<<8 | uint64(kind)
	if v, ok := setStrings.Load(key); ok {
		return v.([]string)
	}
	out := Strings(s.ids(list))
	setStrings.Store(key, out)
	return out
}

// ReasonStrings returns Reasons as strings (shared; do not modify).
func (v Verdict) ReasonStrings() []string { return v.reasons.strings(Rules, 'r') }

// NoteStrings returns Notes as strings (shared; do not modify).
func (v Verdict) NoteStrings() []string { return v.notes.strings(Notes, 'n') }

// Fails reports whether the device fails rule id.
func (v Verdict) Fails(id ID) bool { return v.reasons.has(Rules, id) }

// Noted reports whether the verdict carries note id.
func (v Verdict) Noted(id ID) bool { return v.notes.has(Notes, id) }

// LicenceFrom says where the licence that a verdict rests on was read.
type LicenceFrom uint8

// Where a device's licence comes from.
const (
	FromRow        LicenceFrom = iota // the plan's licensed product and channel
	FromQualifying                    // the Qualifying OS column, a product name
	FromFirmware                      // the Qualifying OS column, the firmware's OEM key description
	FromAssumed                       // a Volume Windows image: a qualifying OS is assumed underneath
	FromNone                          // no Windows license at all (channel None, or not Windows)
)

// Purchase is what proves, under an Open program, that the target product
// was bought under the agreement (docs/rules.md, open-license-not-bought).
type Purchase struct {
	Recorded bool   // licenses_bought names the product (or one covering it), even with 0
	Count    int    // licenses bought of products covering the target
	Name     string // the purchase that covers the target, as configured
	Key      string // or the last five characters of a key of the agreement that covers it
}

// Evidence is what the judge looked at for one device: the facts that each
// failed rule and each note of its verdict rests on — the field values, the
// row of the rights table with its end date, the date compared. A fact that
// no rule used stays zero. Explanations are made from the evidence alone,
// and it is comparable: equal evidence gives equal words.
type Evidence struct {
	Way          Way
	Licensed     *planner.Product // the plan's licensed product
	Target       *planner.Product // the target, in its Volume form on Commercial Licensing media
	LicensedText string           // the licensed product as written, when not in the catalogue
	TargetText   string           // the target as written, when not in the catalogue
	Channel      planner.Channel
	Media        planner.Media

	// Licence is the license the identity rules compared the target with:
	// the plan's, or the qualifying OS under a Volume Windows image.
	Licence        *planner.Product
	LicenceFrom    LicenceFrom
	QualifyingText string           // the Qualifying OS cell as written
	Compared       *planner.Product // the licence's edition at the target's version, when that was compared instead

	Languages  [2]string       // licensed, target: when the language rule compared them
	Archs      [2]planner.Arch // licensed, target: for the architecture note
	Components [2]string       // licensed, target: when the component sets differed

	On     planner.Date // the day rights that end were judged on: the later of the as-of and wave dates
	OnWave bool         // On is the wave date

	Agreement      string
	Program        planner.Program
	AgreementKnown bool
	Academic       bool
	Purchase       Purchase

	Upgrade, SA, EnterpriseWide bool
	UserSAUntil                 planner.Date

	// Versions that SA or an Enterprise Upgrade cover (docs/rules.md,
	// "Software Assurance's new-version rights"): the SA column as read,
	// whether SA was taken from the program, the Upgrade Covers Until date,
	// and the day the target was made available, when it was compared.
	SACell        planner.SA
	SAFromProgram bool
	UpgradeUntil  planner.Date
	Available     planner.Date
	// Covers is the newest version of the licence's edition that the SA or
	// upgrade covers, when the target is beyond it.
	Covers *planner.Product
	// SubscriptionEnded: the agreement licenses by subscription and the SA
	// column (or Upgrade Covers Until) says it ended before the day judged:
	// no licence at all.
	SubscriptionEnded bool
	// EndedBy is the column whose date says the subscription ended.
	EndedBy string
	// Tried are the Q4 paths the device has, in the order tried
	// (docs/rules.md rev 4: every path is tried, one that covers is enough).
	Tried [len(q4Paths)]Tried
	// NTried counts them.
	NTried int
	// OpenBySA: under an Open program the target was not bought, but the
	// licence bought with SA covers its version (rev 4, item 10): to confirm.
	OpenBySA bool
	// Evaluation: the licensed product is an Evaluation or Preview edition.
	Evaluation bool

	Right        int // the row of the rights table used; -1 for none
	EditionRight int // the down-edition row, when a version row is in Right too; -1 for none

	Manufacturer, MediaOEM     string
	OEMImaged, OEMImagedStated bool
	Modified                   bool
	Capable                    planner.Capable
	Support                    bool // the licence is OEM or retail: reimaging gives no Microsoft support
}

// Judge holds what the rules need besides the device.
type Judge struct {
	Agreements map[string]planner.Agreement
	Rights     Table
	AsOf       planner.Date
	// SAFromProgram: a blank SA column on a licence bought under a program
	// that includes SA is taken as SA active (rules.sa_from_program; true
	// unless the configuration turns it off).
	SAFromProgram bool
	proofs        map[string][]proof
	// waive: purchases taken as made when a device is judged again for To
	// Buy (Judge.Purchases): an Open purchase, another program.
	waive BuySet
}

// proof is a product that a MAK or KMS key of an agreement covers: under the
// Open programs the purchase is what gives the key (Q7).
type proof struct {
	product *planner.Product
	key     string
}

// NewJudge indexes the agreements and the keys that prove purchases.
func NewJudge(ags []planner.Agreement, t Table, asOf planner.Date, keys []planner.Key) *Judge {
	m := make(map[string]planner.Agreement, len(ags))
	for _, a := range ags {
		m[a.Number] = a
	}
	j := &Judge{Agreements: m, Rights: t, AsOf: asOf, SAFromProgram: true, proofs: map[string][]proof{}}
	for _, k := range keys {
		if k.Type != planner.KeyMAK && k.Type != planner.KeyKMS {
			continue
		}
		for _, a := range k.Agreements {
			for _, kp := range k.Products {
				for _, p := range kp.Covers {
					j.proofs[a] = append(j.proofs[a], proof{p, k.Key.Last5()})
				}
			}
		}
	}
	return j
}

// Judge applies every rule to d and reports every one it fails.
func (j *Judge) Judge(d *planner.Device) Verdict {
	v, _ := j.Evaluate(d)
	return v
}

// Evaluate is Judge with the evidence of the verdict.
func (j *Judge) Evaluate(d *planner.Device) (Verdict, Evidence) {
	e := eval{j: j, d: d}
	e.ev.Right, e.ev.EditionRight = -1, -1
	e.run()
	return e.v, e.ev
}

// eval is one device being judged.
type eval struct {
	j  *Judge
	d  *planner.Device
	v  Verdict
	ev Evidence
}

func (e *eval) fail(id ID) { e.v.reasons |= bit(Rules, id) }
func (e *eval) note(id ID) { e.v.notes |= bit(Notes, id) }

func (e *eval) run() {
	d := e.d
	lic, tgt := d.Licensed.Prod, d.Target.Prod
	if tgt != nil && d.Media == planner.MediaVolume {
		tgt = tgt.VolumeForm() // "Office Professional Plus 2021" on Volume media is the LTSC suite
	}
	if lic != nil && d.Channel == planner.ChannelVolume && lic.Family != planner.FamilyWindows {
		lic = lic.VolumeForm()
	}
	e.ev.Licensed, e.ev.Target, e.ev.Channel, e.ev.Media = lic, tgt, d.Channel, d.Media
	if lic == nil || tgt == nil {
		e.unrecognised()
		e.finish()
		return
	}
	e.ev.Evaluation = d.Licensed.Evaluation
	e.media()
	switch {
	case tgt.Subscription || lic.Subscription:
		e.subscription()
	default:
		if d.Media == planner.MediaVolume {
			e.program()
			e.openPurchase()
		}
		switch {
		case e.ev.Evaluation && lic.Family != planner.FamilyWindows:
			// A trial is no licence: nothing of the licence's can be reimaged.
			e.ev.Way = ByReimagingRights
			e.fail(DifferentProduct)
		case e.enterpriseTarget():
			e.enterprise()
		case lic.Family != planner.FamilyWindows && d.Channel == planner.ChannelVolume,
			lic.Family == planner.FamilyServer && (d.Channel == planner.ChannelOEM || d.Channel == planner.ChannelRetail) && d.SAPerDevice.Stated():
			// A Volume licence, or an OEM or retail Windows Server licence
			// with SA added (the Product Terms allow it within 90 days).
			e.volumeLicense()
		default:
			e.reimagingRightsOrDownEdition()
		}
	}
	e.finish()
}

// channel is the row's licence channel as the rules see it: an Evaluation
// or Preview edition is no licence at all.
func (e *eval) channel() planner.Channel {
	if e.d.Licensed.Evaluation {
		return planner.ChannelNone
	}
	return e.d.Channel
}

// finish decides eligibility and adds the notes that any eligible device can have.
func (e *eval) finish() {
	e.v.Way = e.ev.Way
	e.v.Eligible = e.v.reasons == 0
	if !e.v.Eligible {
		e.v.notes = 0
		e.v.Path, e.v.UsesUserSA = PathNone, false
		return
	}
	if e.v.Path == PathNone {
		switch e.v.Way {
		case ByReimagingRights:
			e.v.Path = PathReimaging
		case ThroughCommercialLicensing:
			e.v.Path = PathVolumeLicence
		case BySubscription:
			e.v.Path = PathSubscription
		}
	}
	if e.v.Way == BySubscription {
		return
	}
	if e.ev.Support {
		e.note(SupportUnchanged) // Q2
		e.ev.Manufacturer = e.d.Manufacturer
	}
	if !e.ev.SA && !e.ev.EnterpriseWide && !e.v.UsesUserSA {
		e.note(NoSANeeded) // Q6
	}
}

// unrecognised: the licensed or target product is not in the catalogue
// (only with inputs.unrecognised_products: report; else the reader stops).
func (e *eval) unrecognised() {
	if e.d.Licensed.Prod == nil {
		e.ev.LicensedText = e.d.Licensed.Text
	}
	if e.d.Target.Prod == nil {
		e.ev.TargetText = e.d.Target.Text
	}
	e.fail(UnrecognisedProduct)
}

// ---- the media ----

// media applies the rules about where the image comes from: OEM recovery
// media (OEM-Specific Information), retail media (the channel table), and
// Commercial Licensing media, which hold only what Commercial Licensing sells.
func (e *eval) media() {
	d, lic, tgt := e.d, e.ev.Licensed, e.ev.Target
	switch d.Media {
	case planner.MediaOEM:
		imaged := d.OEMImaged
		if !d.HasOEMFlag {
			imaged = d.Channel == planner.ChannelOEM
		}
		otherOEM := d.MediaOEM != "" && d.Manufacturer != "" && !planner.SameManufacturer(d.MediaOEM, d.Manufacturer)
		if !imaged || otherOEM {
			e.fail(OEMMediaOtherDevice)
			e.ev.MediaOEM, e.ev.Manufacturer, e.ev.OEMImaged, e.ev.OEMImagedStated = d.MediaOEM, d.Manufacturer, d.OEMImaged, d.HasOEMFlag
		}
		if d.Modified || !planner.SameVersion(lic, tgt) {
			e.fail(OEMMediaVersion)
			e.ev.Modified = d.Modified
		}
	case planner.MediaRetail:
		if d.Channel != planner.ChannelRetail {
			e.fail(RetailMediaReuse)
		}
	case planner.MediaVolume:
		if !tgt.Volume {
			e.fail(NotAVolumeProduct)
		}
	}
}

// ---- the program ----

// program: only some programs grant reimaging rights (Summary).
func (e *eval) program() {
	if e.j.waive.Has(BuyUnderOtherProgram) {
		return
	}
	ag, known := e.j.Agreements[e.d.Agreement]
	if !known || !ag.Program.GrantsReimaging() {
		e.fail(ProgramNotEligible)
		e.ev.Agreement, e.ev.Program, e.ev.AgreementKnown = e.d.Agreement, ag.Program, known
	}
}

// openPurchase: under Open License and Open Value a license of the target
// (or of a later version or higher edition whose Volume rights cover it)
// must have been bought under the agreement; a key of the agreement that
// covers it proves the purchase (Q7).
func (e *eval) openPurchase() {
	ag, known := e.j.Agreements[e.d.Agreement]
	if !known || !ag.Program.IsOpen() || e.j.waive.Has(BuyOpenLicence) {
		return
	}
	tgt := e.ev.Target
	p, ok := e.j.purchased(ag, tgt)
	if ok {
		return
	}
	// A licence bought with SA counts as bought for every version its SA
	// covers (docs/rules.md rev 4, item 10): the target's own purchase is
	// then to confirm.
	if lic := e.ev.Licensed; lic != nil && lic != tgt && e.d.Channel == planner.ChannelVolume && planner.SameEdition(lic, tgt) && planner.Newer(tgt, lic) {
		if _, ok := e.j.purchased(ag, lic); ok {
			sa := e.d.SAPerDevice
			if sa.State == planner.SAYes || sa.State == planner.SADated && !tgt.Available.After(sa.Until) {
				e.ev.OpenBySA, e.ev.Agreement, e.ev.Program = true, e.d.Agreement, ag.Program
				return
			}
		}
	}
	e.fail(OpenLicenseNotBought)
	e.ev.Agreement, e.ev.Program, e.ev.AgreementKnown, e.ev.Purchase = e.d.Agreement, ag.Program, true, p
}

// purchased reports whether a licence covering p was bought under the Open
// agreement ag: counted in licenses_bought, or proved by one of its keys
// (Q7); the purchase says what the configuration records.
func (j *Judge) purchased(ag planner.Agreement, p *planner.Product) (Purchase, bool) {
	var pu Purchase
	for _, b := range ag.Bought {
		for _, q := range b.Products {
			if j.volumeRightsCover(q, p) {
				pu.Recorded = true
				if b.Count > 0 {
					pu.Count += b.Count
					if pu.Name == "" {
						pu.Name = b.Name
					}
				}
				break
			}
		}
	}
	if pu.Count > 0 {
		return pu, true
	}
	for _, pr := range j.proofs[ag.Number] {
		if j.volumeRightsCover(pr.product, p) {
			return pu, true
		}
	}
	return pu, false
}

// volumeRightsCover reports whether a Volume license of bought lets a device
// run target: the same product, a prior version of it, or a lower edition.
func (j *Judge) volumeRightsCover(bought, target *planner.Product) bool {
	switch {
	case bought == target:
		return true
	case planner.SameEdition(bought, target) && planner.Newer(bought, target):
		return j.Rights.Find(DownVersion, bought, planner.ChannelVolume, target) >= 0
	}
	return j.Rights.Find(DownEdition, bought, planner.ChannelVolume, target) >= 0
}

// ---- subscriptions ----

// subscription: a subscription to the same subscription needs no reimaging
// right and no MAK; a subscription and a perpetual suite are different products.
func (e *eval) subscription() {
	lic, tgt := e.ev.Licensed, e.ev.Target
	if lic == tgt {
		e.ev.Way = BySubscription
		e.note(SubscriptionNote)
		return
	}
	e.ev.Way = ByReimagingRights
	if e.d.Channel == planner.ChannelVolume {
		e.ev.Way = ThroughCommercialLicensing
	}
	e.fail(DifferentProduct)
}

// ---- Windows Enterprise and Education through Commercial Licensing (Q4) ----

// enterpriseTarget reports whether the target is licensed through Commercial
// Licensing by the Q4 licenses: Windows Enterprise, or Windows Education under
// an academic agreement (unless the device holds an OEM or retail Education
// license, which its reimaging rights cover).
func (e *eval) enterpriseTarget() bool {
	tgt, lic := e.ev.Target, e.ev.Licensed
	if tgt.IsEnterprise() {
		return true
	}
	if !tgt.IsEducation() || !e.academic() {
		return false
	}
	return !(lic.IsEducation() && (e.d.Channel == planner.ChannelOEM || e.d.Channel == planner.ChannelRetail))
}

func (e *eval) academic() bool {
	ag, ok := e.j.Agreements[e.d.Agreement]
	return ok && ag.Program.IsAcademic()
}

// subscriptionLicences reports whether the device's agreement licenses by
// subscription and has not been bought out: its licences end with it.
func (e *eval) subscriptionLicences() (planner.Agreement, bool) {
	ag := e.j.Agreements[e.d.Agreement]
	return ag, ag.Program.IsSubscription() && !ag.BoughtOut
}

// q4 tries every Q4 path the device has for the target (docs/rules.md rev
// 4, items 1 and 2): the version covered is the one the Enterprise licence
// covers — SA per device, the upgrade's date, the program's SA, or an
// assumption — never the device's own OS licence. The first path that
// covers is the verdict's; when none does, every path's shortfall is a
// reason (no path at all: enterprise-not-covered). It returns whether a
// path covers.
func (e *eval) q4() bool {
	d, tgt := e.d, e.ev.Target
	ag, sub := e.subscriptionLicences()
	e.ev.Upgrade, e.ev.SA, e.ev.EnterpriseWide = d.EnterpriseUpgrade, d.SAPerDevice.Stated(), ag.EnterpriseWide
	e.ev.Available = tgt.Available
	e.onDate()
	e.ev.NTried = 0
	try := func(t Tried) {
		e.ev.Tried[e.ev.NTried] = t
		e.ev.NTried++
	}
	// dated judges a path whose coverage a date ends: a subscription's
	// licence ends with it; otherwise the date bounds the versions.
	dated := func(path Path, until planner.Date, column string) Tried {
		t := Tried{Path: path, Until: until}
		switch {
		case sub && until.Before(e.ev.On):
			t.Fails = SubscriptionEnded
			e.ev.SubscriptionEnded, e.ev.EndedBy, e.ev.Program, e.ev.Agreement = true, column, ag.Program, d.Agreement
		case tgt.Available.After(until):
			t.Fails, t.Covers = DifferentVersion, latestBy(tgt, until)
		}
		return t
	}
	for _, path := range q4Paths {
		switch path {
		case PathSAPerDevice:
			switch d.SAPerDevice.State {
			case planner.SAYes:
				try(Tried{Path: path})
			case planner.SADated:
				try(dated(path, d.SAPerDevice.Until, "SA Per Device"))
			}
		case PathUpgrade:
			if !d.EnterpriseUpgrade {
				continue
			}
			// What is said wins over what is assumed: the upgrade's own
			// date, the SA it was bought with (SA Per Device), the
			// program's SA, then the assumption.
			switch {
			case !d.UpgradeCoversUntil.IsZero():
				try(dated(path, d.UpgradeCoversUntil, "Upgrade Covers Until"))
			case d.SAPerDevice.State == planner.SADated:
				try(dated(path, d.SAPerDevice.Until, "SA Per Device"))
			case d.SAPerDevice.State == planner.SAYes:
				try(Tried{Path: path})
			case d.SAPerDevice.State == planner.SABlank && e.j.SAFromProgram && ag.Program.IncludesSA():
				try(Tried{Path: path, Note: SAFromProgram})
			default:
				try(Tried{Path: path, Note: UpgradeAssumed})
			}
		case PathEnterpriseWide:
			if ag.EnterpriseWide {
				try(Tried{Path: path})
			}
		case PathUserSA:
			if d.UserSAUntil.IsZero() {
				continue
			}
			e.ev.UserSAUntil = d.UserSAUntil
			t := Tried{Path: path, Until: d.UserSAUntil}
			if d.UserSAUntil.Before(e.ev.On) {
				t.Fails = UserSAExpired
			}
			try(t)
		}
	}
	for _, t := range e.ev.Tried[:e.ev.NTried] {
		if t.Fails != "" {
			continue
		}
		e.v.Path = t.Path
		e.v.UsesUserSA = t.Path == PathUserSA
		switch t.Note {
		case SAFromProgram:
			e.note(SAFromProgram)
			e.ev.SA, e.ev.SAFromProgram, e.ev.Program, e.ev.Agreement = true, true, ag.Program, d.Agreement
		case UpgradeAssumed:
			e.note(UpgradeAssumed)
		}
		// The evidence of the path taken, for its words.
		e.ev.SubscriptionEnded, e.ev.EndedBy = false, ""
		return true
	}
	if e.ev.NTried == 0 {
		e.fail(EnterpriseNotCovered)
		return false
	}
	for _, t := range e.ev.Tried[:e.ev.NTried] {
		e.fail(t.Fails)
		if t.Fails == DifferentVersion && (e.ev.Covers == nil || t.Covers != nil && planner.Newer(t.Covers, e.ev.Covers)) {
			e.ev.Covers = t.Covers
			if t.Path == PathUpgrade && !d.UpgradeCoversUntil.IsZero() {
				e.ev.UpgradeUntil = d.UpgradeCoversUntil
			}
			if d.SAPerDevice.State == planner.SADated {
				e.ev.SACell = d.SAPerDevice
			}
		}
		if t.Fails == SubscriptionEnded {
			e.ev.SACell = d.SAPerDevice
		}
	}
	return false
}

// coverage is what a licence's SA says of a target version.
type coverage uint8

const (
	coverNone    coverage = iota // no SA and no date: nothing said
	coverYes                     // the target was made available while SA was active
	coverTooLate                 // made available after the SA ended
	coverEnded                   // a subscription whose SA ended before the day judged: no licence
)

// saCoverage decides what the row's SA says of target, and records the
// evidence. fromProgram says whether the licence was bought under the
// agreement, so that a blank SA column may be taken from a program that
// includes SA (docs/rules.md, "Software Assurance's new-version rights").
func (e *eval) saCoverage(target *planner.Product, fromProgram bool) coverage {
	d := e.d
	sa := d.SAPerDevice
	ag, sub := e.subscriptionLicences()
	e.ev.SACell, e.ev.Available = sa, target.Available
	switch sa.State {
	case planner.SAYes:
		return coverYes
	case planner.SADated:
		e.onDate()
		if sub && sa.Until.Before(e.ev.On) {
			e.ev.SubscriptionEnded, e.ev.EndedBy, e.ev.Program, e.ev.Agreement = true, "SA Per Device", ag.Program, d.Agreement
			return coverEnded
		}
		if target.Available.After(sa.Until) {
			e.ev.Covers = latestBy(target, sa.Until)
			return coverTooLate
		}
		return coverYes
	case planner.SABlank:
		if fromProgram && e.j.SAFromProgram && ag.Program.IncludesSA() {
			e.ev.SAFromProgram, e.ev.Program, e.ev.Agreement = true, ag.Program, d.Agreement
			return coverYes
		}
	}
	return coverNone
}

// latestBy returns the newest product of p's line and edition made
// available on or before day: the version an SA that ended then covers.
func latestBy(p *planner.Product, day planner.Date) *planner.Product {
	var best *planner.Product
	for _, q := range planner.Catalogue() {
		if planner.SameEdition(q, p) && q.N == p.N && q.LTSC == p.LTSC && (q.Release == "") == (p.Release == "") &&
			!q.Available.IsZero() && !q.Available.After(day) && (best == nil || planner.Newer(q, best)) {
			best = q
		}
	}
	return best
}

// onDate records the day that rights which end are judged on: the later of
// the as-of date and the device's wave date (docs/rules.md, "The two ways a device is licensed").
func (e *eval) onDate() {
	e.ev.On, e.ev.OnWave = e.j.AsOf, false
	if e.d.WaveDate.After(e.j.AsOf) {
		e.ev.On, e.ev.OnWave = e.d.WaveDate, true
	}
}

// qualifyingOS finds the device's underlying Windows license and reports
// whether it qualifies (Reimaging of the Windows Desktop Operating System).
func (e *eval) qualifyingOS() bool {
	d, lic := e.d, e.ev.Licensed
	e.ev.Academic = e.academic()
	switch {
	case d.Qualifying != nil:
		e.ev.Licence, e.ev.LicenceFrom, e.ev.QualifyingText = d.Qualifying, FromQualifying, d.QualifyingText
		if d.QualifyingFirmware {
			e.ev.LicenceFrom = FromFirmware
		}
		e.ev.Support = true
		return d.Qualifying.Qualifies(e.ev.Academic)
	case lic.Family != planner.FamilyWindows || e.channel() == planner.ChannelNone || e.channel() == "":
		e.ev.Licence, e.ev.LicenceFrom = lic, FromNone
		return false
	case d.Channel == planner.ChannelVolume:
		e.ev.Licence, e.ev.LicenceFrom = lic, FromAssumed
		return true
	}
	e.ev.Licence, e.ev.LicenceFrom = lic, FromRow
	e.ev.Support = true
	return lic.Qualifies(e.ev.Academic)
}

// enterprise judges Windows Enterprise (or academic Education) through the
// Q4 licenses. Version and language are free on this path; a device that
// no path covers keeps only its own license's reimaging rights, whose
// version and language rules still apply.
func (e *eval) enterprise() {
	e.ev.Way = ThroughCommercialLicensing
	qualifies := e.qualifyingOS()
	if !qualifies {
		e.fail(NoQualifyingOS)
	}
	if e.q4() {
		if e.ev.LicenceFrom == FromAssumed {
			e.note(QualifyingAssumed)
		}
		lic, tgt := e.ev.Licensed, e.ev.Target
		if lic.Family == planner.FamilyWindows && planner.Newer(lic, tgt) {
			// The full downgrade rights of the Enterprise license, current
			// at the device's own version.
			if i := e.j.Rights.Find(DownVersion, sameEditionAt(tgt, lic), planner.ChannelVolume, tgt); i >= 0 {
				e.note(DowngradeRight)
				e.ev.Right = i
			}
		}
		return
	}
	if e.v.Fails(DifferentVersion) || e.v.Fails(SubscriptionEnded) {
		return // a path the device has falls short: its own words say why
	}
	if e.ev.LicenceFrom == FromRow && qualifies {
		// What the device's own license allows at the target's version.
		if same := sameEditionAt(e.ev.Licence, e.ev.Target); same != nil && !planner.SameVersion(e.ev.Licence, same) {
			e.ev.Compared = same
			e.version(e.ev.Licence, e.d.Channel, same)
		}
		e.language()
	}
}

// sameEditionAt returns the product of lic's edition (and N variant) at
// target's version and release, nil when the catalogue has none: what a
// device's own license would be at that version. The LTSC naming of
// Office follows the target.
func sameEditionAt(lic, target *planner.Product) *planner.Product {
	if p := lic.At(target.Version, target.Release); p != nil {
		return p
	}
	if lic.Family == planner.FamilyOffice {
		if p := lic.VolumeForm().At(target.Version, target.Release); p != nil {
			return p
		}
		for _, p := range planner.Catalogue() { // an LTSC license at a version before LTSC naming
			if p.Line == lic.Line && p.Edition == lic.Edition && !p.Subscription && planner.SameVersion(p, target) {
				return p
			}
		}
	}
	return nil
}

// ---- a Volume license of the product itself ----

// volumeLicense judges Windows Server, Office, Visio and Project licensed
// through Commercial Licensing: the Product Terms let a Volume license run
// a prior version, a lower edition where listed, any permitted language and
// the other platform; Software Assurance adds every later version made
// available while it was active (docs/rules.md, "Software Assurance's
// new-version rights"). An OEM or retail Windows Server licence with SA is
// judged here too.
func (e *eval) volumeLicense() {
	e.ev.Way = ThroughCommercialLicensing
	lic, tgt := e.ev.Licensed, e.ev.Target
	e.ev.Licence = lic
	bought := e.d.Channel == planner.ChannelVolume // under the agreement: SA may come from its program
	if e.subscriptionEnded() {
		e.fail(SubscriptionEnded)
		return
	}
	switch {
	case planner.SameEdition(lic, tgt):
		if !planner.SameVersion(lic, tgt) {
			e.versionVolume(lic, tgt, bought)
		}
		e.components(lic, tgt)
	default:
		// A lower edition: the licence's edition at the target's version
		// (a later one only by SA) runs it by the down-edition right.
		at := lic
		if planner.Newer(tgt, lic) {
			at = sameEditionAt(lic, tgt)
		}
		i := -1
		if at != nil {
			i = e.j.Rights.Find(DownEdition, at, planner.ChannelVolume, tgt)
		}
		if i < 0 {
			e.fail(DifferentProduct)
			e.components(lic, tgt)
			break
		}
		e.note(DownEditionRight)
		e.ev.EditionRight = i
		switch {
		case planner.Newer(lic, tgt):
			e.versionVolume(lic, tgt, bought)
		case at != lic:
			e.newVersion(at, bought)
		}
	}
	e.architecture(lic, tgt)
}

// subscriptionEnded reports whether the row's licence is one of a
// subscription program whose SA column says it ended before the day judged:
// the licence ended with it (docs/rules.md rev 3).
func (e *eval) subscriptionEnded() bool {
	sa := e.d.SAPerDevice
	if sa.State != planner.SADated {
		return false
	}
	ag, sub := e.subscriptionLicences()
	e.onDate()
	if !sub || !sa.Until.Before(e.ev.On) {
		return false
	}
	e.ev.SACell, e.ev.SubscriptionEnded, e.ev.EndedBy, e.ev.Program, e.ev.Agreement = sa, true, "SA Per Device", ag.Program, e.d.Agreement
	return true
}

// versionVolume applies "Different versions" to a Volume license: a prior
// version is the Product Terms' down-version right; a later one needs SA.
func (e *eval) versionVolume(lic, tgt *planner.Product, bought bool) {
	if planner.Newer(tgt, lic) {
		e.newVersion(tgt, bought)
		return
	}
	at := tgt
	if !planner.SameEdition(lic, tgt) {
		at = sameEditionAt(lic, tgt)
	}
	if i := e.j.Rights.Find(DownVersion, lic, planner.ChannelVolume, at); i >= 0 {
		e.note(DowngradeRight)
		e.ev.Right = i
		return
	}
	e.fail(DifferentVersion)
}

// newVersion: a version later than the licence's is allowed only by
// Software Assurance's new-version right, for the versions made available
// while SA was active, for good.
func (e *eval) newVersion(tgt *planner.Product, bought bool) {
	switch e.saCoverage(tgt, bought) {
	case coverYes:
	case coverEnded:
		e.fail(SubscriptionEnded)
		return
	default:
		e.fail(DifferentVersion)
		return
	}
	e.note(NewVersionRight)
	e.ev.SA = true
	if e.ev.SAFromProgram {
		e.note(SAFromProgram)
	}
}

// ---- reimaging rights over an OEM or retail license ----

// reimagingRightsOrDownEdition judges the device by its own license's
// reimaging rights; a Windows Pro target that those do not allow is still
// licensed on a device that the Q4 licenses cover, by the Enterprise
// license's down-edition right.
func (e *eval) reimagingRightsOrDownEdition() {
	if e.ev.Target.Family != planner.FamilyWindows || e.ev.Target.Edition != "Pro" {
		e.reimagingRights()
		return
	}
	alt := *e // judged before the way was chosen: media and program only
	e.reimagingRights()
	if e.v.reasons == 0 {
		return
	}
	alt.enterpriseDownEdition()
	if alt.v.reasons == 0 {
		*e = alt
	}
}

// enterpriseDownEdition: a device covered by the Q4 licenses may run Windows
// Pro in place of Enterprise (the Product Terms' down-edition right).
func (e *eval) enterpriseDownEdition() {
	e.ev.Way = ThroughCommercialLicensing
	if !e.qualifyingOS() {
		e.fail(NoQualifyingOS)
	}
	tgt := e.ev.Target
	ent := enterpriseAt(tgt)
	if ent == nil {
		e.fail(DifferentProduct)
		return
	}
	// The Enterprise licence at the target's version must be covered.
	e.ev.Target = ent
	covered := e.q4()
	e.ev.Target = tgt
	if !covered {
		if e.ev.NTried == 0 || e.v.Fails(UserSAExpired) && !e.v.Fails(DifferentVersion) {
			e.v.reasons &^= bit(Rules, UserSAExpired)
			e.fail(EnterpriseNotCovered)
		}
		return
	}
	i := e.j.Rights.Find(DownEdition, ent, planner.ChannelVolume, tgt)
	if ent == nil || i < 0 {
		e.fail(DifferentProduct)
		return
	}
	e.note(DownEditionRight)
	e.ev.EditionRight = i
	if e.ev.LicenceFrom == FromAssumed {
		e.note(QualifyingAssumed)
	}
}

// enterpriseAt returns Windows Enterprise (same N variant) at tgt's version.
func enterpriseAt(tgt *planner.Product) *planner.Product {
	for _, p := range planner.Catalogue() {
		if p.Family == planner.FamilyWindows && p.Edition == "Enterprise" && p.N == tgt.N && p.Version == tgt.Version {
			return p.At(tgt.Version, "")
		}
	}
	return nil
}

// reimagingRights: the target must be the same product as the license —
// product and edition, version (or one a right allows on the day judged),
// components and language; only the architecture may change. A Volume
// Windows image shows the media, not the license: the license is the
// qualifying OS, recorded or assumed.
func (e *eval) reimagingRights() {
	d := e.d
	e.ev.Way = ByReimagingRights
	lic, tgt := e.ev.Licensed, e.ev.Target
	ch := e.channel()
	e.ev.Licence, e.ev.LicenceFrom = lic, FromRow
	switch {
	case lic.Family == planner.FamilyWindows && (ch == planner.ChannelNone || ch == "") && e.ev.Evaluation && d.Qualifying != nil:
		// A Preview or Evaluation row with its licence underneath named
		// (docs/rules.md rev 4, item 3): that licence's reimaging rights.
		lic, ch = d.Qualifying, planner.ChannelOEM
		e.ev.Licence, e.ev.LicenceFrom, e.ev.QualifyingText = lic, FromQualifying, d.QualifyingText
		if d.QualifyingFirmware {
			e.ev.LicenceFrom = FromFirmware
		}
		e.ev.Support = true
	case lic.Family == planner.FamilyWindows && (ch == planner.ChannelNone || ch == ""):
		e.ev.LicenceFrom = FromNone
		if tgt.Family == planner.FamilyWindows {
			e.fail(NoQualifyingOS)
			return
		}
	case lic.Family == planner.FamilyWindows && ch == planner.ChannelVolume:
		if d.Qualifying != nil {
			lic, ch = d.Qualifying, planner.ChannelOEM
			e.ev.Licence, e.ev.LicenceFrom, e.ev.QualifyingText = lic, FromQualifying, d.QualifyingText
			if d.QualifyingFirmware {
				e.ev.LicenceFrom = FromFirmware
			}
			e.ev.Support = true
		} else {
			e.ev.LicenceFrom = FromAssumed
		}
	case ch == planner.ChannelOEM || ch == planner.ChannelRetail:
		e.ev.Support = true
	}
	if lic.Family == planner.FamilyOffice && (ch == planner.ChannelOEM || ch == planner.ChannelRetail) && d.Media == planner.MediaVolume && tgt.Volume {
		// Q3: Commercial Licensing Office, Visio and Project are different
		// products from every OEM and retail suite ("Different components"
		// shows it with Office Standard and Professional Plus). SA on such
		// a licence is not applied (docs/rules.md).
		e.fail(DifferentProduct)
		e.components(lic, tgt)
		e.language()
		e.ev.SACell = d.SAPerDevice
		return
	}
	if !planner.SameEdition(lic, tgt) {
		// An OEM Windows Server Datacenter licence runs Standard, at its
		// own version or one its down-version right reaches (rev 4, item 5).
		at := sameEditionAt(lic, tgt)
		i := -1
		if lic.Family == planner.FamilyServer && ch == planner.ChannelOEM && at != nil {
			i = e.j.Rights.Find(DownEdition, at, ch, tgt)
		}
		if i < 0 {
			e.fail(DifferentProduct)
			e.components(lic, tgt)
			e.language()
			return
		}
		e.note(DownEditionRight)
		e.ev.EditionRight = i
		if at != lic {
			e.version(lic, ch, at)
		}
		e.language()
		return
	}
	if !planner.SameVersion(lic, tgt) {
		e.version(lic, ch, tgt)
	}
	e.components(lic, tgt)
	e.language()
	e.architecture(lic, tgt)
	if e.ev.LicenceFrom == FromAssumed && e.v.reasons == 0 {
		e.note(QualifyingAssumed)
	}
}

// version applies "Different versions" to a license's own reimaging rights:
// an earlier version needs a downgrade right that has not ended on the day
// judged; a later one only the Windows 11 free upgrade, on capable hardware.
func (e *eval) version(lic *planner.Product, ch planner.Channel, tgt *planner.Product) {
	if planner.SameVersion(lic, tgt) {
		return
	}
	rightsCh := ch
	if e.ev.LicenceFrom == FromAssumed {
		rightsCh = planner.ChannelVolume // a Volume Pro Upgrade has full downgrade rights
	}
	if planner.Newer(lic, tgt) {
		i := e.j.Rights.Find(DownVersion, lic, rightsCh, tgt)
		if i < 0 {
			e.fail(DifferentVersion)
			return
		}
		e.ev.Right = i
		if until := e.j.Rights[i].Until; !until.IsZero() {
			e.onDate()
			if e.ev.On.After(until) {
				e.fail(DowngradeExpired)
				return
			}
		}
		e.note(DowngradeRight)
		return
	}
	i := e.j.Rights.Find(Upgrade, lic, rightsCh, tgt)
	e.ev.Capable = e.d.Win11Capable
	if i < 0 && e.ev.LicenceFrom == FromAssumed && e.d.SAPerDevice.Stated() && e.d.Win11Capable != planner.CapableNo {
		// A Volume Windows Pro Upgrade with SA runs the versions made
		// available while SA was active.
		if e.saCoverage(tgt, false) == coverYes {
			e.note(NewVersionRight)
			e.ev.SA = true
			return
		}
	}
	if i < 0 || e.d.Win11Capable == planner.CapableNo {
		e.fail(DifferentVersion)
		e.ev.Right = i
		return
	}
	e.ev.Right = i
	e.note(FreeUpgrade)
}

// components applies "Different components": an N or KN edition of Windows
// lacks the media features of its full edition; an Office image may install
// the licensed suite's components or fewer (at the target's version), never others.
func (e *eval) components(lic, tgt *planner.Product) {
	switch {
	case lic.Family == planner.FamilyWindows && tgt.Family == planner.FamilyWindows:
		if lic.N != tgt.N {
			e.fail(DifferentComponents)
		}
	case lic.Family == planner.FamilyOffice && tgt.Family == planner.FamilyOffice && lic.Line == "Office" && tgt.Line == "Office":
		allowed := componentsOf(e.d.Licensed, lic.Edition, tgt.Version)
		got := componentsOf(e.d.Target, tgt.Edition, tgt.Version)
		if allowed.list == nil || got.list == nil || subset(got.list, allowed.list) {
			return
		}
		e.fail(DifferentComponents)
		e.ev.Components = [2]string{allowed.text, got.text}
	}
}

// language applies "Different languages": a blank target language keeps the
// device's language; a multilingual (MUI) image differs from every single language.
func (e *eval) language() {
	d := e.d
	if d.Licensed.Language != "" && d.Target.Language != "" && !strings.EqualFold(d.Licensed.Language, d.Target.Language) {
		e.fail(DifferentLanguage)
		e.ev.Languages = [2]string{d.Licensed.Language, d.Target.Language}
	}
}

// architecture notes a 32-bit/64-bit change of the same product, version,
// components and language (Q10).
func (e *eval) architecture(lic, tgt *planner.Product) {
	d := e.d
	if d.Licensed.Arch != "" && d.Target.Arch != "" && d.Licensed.Arch != d.Target.Arch &&
		planner.SameEdition(lic, tgt) && planner.SameVersion(lic, tgt) && lic.N == tgt.N {
		e.note(ArchitectureChange)
		e.ev.Archs = [2]planner.Arch{d.Licensed.Arch, d.Target.Arch}
	}
}
