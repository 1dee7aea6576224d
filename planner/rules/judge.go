package rules

import (
	"strings"
	"sync"

	"github.com/makplan/makplan/planner"
)

// Way is how a device is licensed for its target image (rules.md, "How a
// device is judged").
type Way string

// The two ways.
const (
	// ThroughCommercialLicensing: an Enterprise Upgrade, SA per device or the
	// user's SA per User (Windows Enterprise), or a Volume license of the product itself.
	ThroughCommercialLicensing Way = "commercial-licensing"
	// ByReimagingRights: the target must be the same product as the OEM or retail license.
	ByReimagingRights Way = "reimaging-rights"
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
}

// Reasons returns the rules the device fails, in rules.md's order.
func (v Verdict) Reasons() []ID { return v.reasons.ids(Rules) }

// Notes returns the notes on an eligible device, in rules.md's order.
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

// Judge holds what the rules need besides the device.
type Judge struct {
	Agreements map[string]planner.Agreement
	Downgrades Table
	AsOf       planner.Date
}

// NewJudge indexes the agreements.
func NewJudge(ags []planner.Agreement, t Table, asOf planner.Date) *Judge {
	m := make(map[string]planner.Agreement, len(ags))
	for _, a := range ags {
		m[a.Number] = a
	}
	return &Judge{Agreements: m, Downgrades: t, AsOf: asOf}
}

// Judge applies every rule to d and reports every one it fails.
func (j *Judge) Judge(d *planner.Device) Verdict {
	var v Verdict
	fail := func(id ID) { v.reasons |= bit(Rules, id) }
	note := func(id ID) { v.notes |= bit(Notes, id) }
	lic, tgt := d.Licensed.Product(), d.Target.Product()

	// Summary: only some programs grant reimaging rights. Open programs need a
	// license of the product bought under the agreement (Open License and Open Value; Q7).
	ag, known := j.Agreements[d.Agreement]
	if !known || !ag.Program.GrantsReimaging() {
		fail(ProgramNotEligible)
	}
	if known && ag.Program.IsOpen() {
		if n, _ := ag.LicensesOf(tgt); n == 0 {
			fail(OpenLicenseNotBought)
		}
	}

	// The media (OEM-Specific Information; the channel table).
	switch d.Media {
	case planner.MediaOEM:
		imaged := d.OEMImaged
		if !d.HasOEMFlag {
			imaged = d.Channel == planner.ChannelOEM
		}
		if !imaged || (d.MediaOEM != "" && d.Manufacturer != "" && !planner.SameManufacturer(d.MediaOEM, d.Manufacturer)) {
			fail(OEMMediaOtherDevice)
		}
		if d.Modified || (lic.Version() != "" && tgt.Version() != "" && lic.Version() != tgt.Version()) {
			fail(OEMMediaVersion)
		}
	case planner.MediaRetail:
		if d.Channel != planner.ChannelRetail {
			fail(RetailMediaReuse)
		}
	}

	desktop := tgt.Family == planner.FamilyWindows
	// Reimaging of the Windows Desktop Operating System: Commercial Licensing
	// Windows licenses are upgrades and need a qualifying OS underneath.
	if desktop && lic.Family == planner.FamilyWindows && (d.Channel == planner.ChannelVolume || d.Channel == planner.ChannelNone) {
		fail(NoQualifyingOS)
	}

	switch {
	case desktop && isEnterprise(tgt) && lic.Family == planner.FamilyWindows && !isEnterprise(lic):
		// Q4: Windows Enterprise on a Pro device through Commercial Licensing.
		v.Way = ThroughCommercialLicensing
		onDate := j.AsOf
		if d.WaveDate.After(onDate.Time) {
			onDate = d.WaveDate
		}
		userSA := !d.UserSAUntil.IsZero() && !d.UserSAUntil.Before(onDate.Time)
		switch {
		case d.EnterpriseUpgrade || d.SAPerDevice || userSA:
			v.UsesUserSA = !d.EnterpriseUpgrade && !d.SAPerDevice
			if !qualifiesForEnterprise(lic) {
				fail(DifferentProduct)
			}
			if lr, tr := planner.VersionRank(lic.Family, lic.Version()), planner.VersionRank(tgt.Family, tgt.Version()); lr > 0 && tr > 0 && tr < lr {
				note(DowngradeRight)
			}
		default:
			if !d.UserSAUntil.IsZero() {
				fail(UserSAExpired) // Q5: back to the original OS
			} else {
				fail(EnterpriseNotCovered)
			}
			// The other identity rules still apply beside it.
			j.sameVersion(d, fail, note)
			sameLanguage(d, fail)
		}
	case d.Channel == planner.ChannelVolume && !desktop:
		// A Volume license of the product itself (Office, Windows Server): the
		// same product and edition, at its version or one a downgrade right allows.
		v.Way = ThroughCommercialLicensing
		if !planner.SameProduct(lic, tgt) {
			fail(DifferentProduct)
			differentComponents(d, fail)
		}
		j.sameVersion(d, fail, note)
	default:
		// Reimaging rights over an OEM or retail license: identical product.
		v.Way = ByReimagingRights
		if !planner.SameProduct(lic, tgt) {
			fail(DifferentProduct)
		}
		differentComponents(d, fail)
		j.sameVersion(d, fail, note)
		sameLanguage(d, fail)
	}

	v.Eligible = v.reasons == 0
	if !v.Eligible {
		v.notes = 0
		return v
	}
	if d.Licensed.Arch != "" && d.Target.Arch != "" && d.Licensed.Arch != d.Target.Arch &&
		planner.SameProduct(lic, tgt) && lic.Version() == tgt.Version() {
		note(ArchitectureChange) // Q10: of the same product, version, components and language
	}
	if d.Channel == planner.ChannelOEM || d.Channel == planner.ChannelRetail {
		note(SupportUnchanged) // Q2
	}
	if !d.SAPerDevice && !v.UsesUserSA {
		note(NoSANeeded) // Q6
	}
	return v
}

// sameVersion applies "Different versions" with the downgrade-rights table.
func (j *Judge) sameVersion(d *planner.Device, fail, note func(ID)) {
	lic, tgt := d.Licensed.Product(), d.Target.Product()
	if lic.Version() == "" || tgt.Version() == "" || lic.Version() == tgt.Version() || lic.Family != tgt.Family {
		return
	}
	if _, ok := j.Downgrades.Allows(lic, d.Channel, tgt); ok {
		note(DowngradeRight)
		return
	}
	fail(DifferentVersion)
}

// sameLanguage applies "Different languages": a blank target language means
// the image keeps the device's language; MUI differs from every single language.
func sameLanguage(d *planner.Device, fail func(ID)) {
	if d.Licensed.Language != "" && d.Target.Language != "" && !strings.EqualFold(d.Licensed.Language, d.Target.Language) {
		fail(DifferentLanguage)
	}
}

// differentComponents applies "Different components" to Office suites; the
// subscription product differs by product, not by components.
func differentComponents(d *planner.Device, fail func(ID)) {
	lic, tgt := d.Licensed.Product(), d.Target.Product()
	if lic.Family != planner.FamilyOffice || tgt.Family != planner.FamilyOffice ||
		lic.Edition() == planner.Subscription || tgt.Edition() == planner.Subscription {
		return
	}
	a, b := Components(d.Licensed), Components(d.Target)
	if a == nil || b == nil {
		return
	}
	if len(a) != len(b) {
		fail(DifferentComponents)
		return
	}
	for i := range a {
		if a[i] != b[i] {
			fail(DifferentComponents)
			return
		}
	}
}

func isEnterprise(p planner.Product) bool {
	e := p.Edition()
	return e == "Enterprise" || e == "Enterprise LTSC" || e == "IoT Enterprise"
}

// qualifiesForEnterprise: the editions that a Windows Enterprise upgrade can
// sit on (Home cannot).
func qualifiesForEnterprise(p planner.Product) bool {
	switch p.Edition() {
	case "Pro", "Pro for Workstations", "Pro Education", "Education", "Business", "Ultimate", "Enterprise", "Enterprise LTSC":
		return true
	}
	return false
}
