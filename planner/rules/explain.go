package rules

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
)

// Section names of the brief, cited by every explanation.
const (
	secSummary     = "Summary"
	secOpen        = "Commercial Licensing: Reimaging in Open License and Open Value Programs"
	secProducts    = "Reimaging Eligibility — Different products"
	secComponents  = "Reimaging Eligibility — Different components"
	secLanguages   = "Reimaging Eligibility — Different languages"
	secVersions    = "Reimaging Eligibility — Different versions"
	secDesktop     = "Reimaging of the Windows Desktop Operating System"
	secOEM         = "OEM-Specific Information"
	secChannels    = "Reimaging of the Windows Desktop Operating System — OEM, FPP and Commercial Licensing table"
	secDowngrade   = "Reimaging of the Windows Desktop Operating System — Downgrade Rights"
	secQ2          = "Frequently Asked Questions — Q2 (support and warranty)"
	secQ4          = "Frequently Asked Questions — Q4 (Windows Enterprise on Windows Pro PCs)"
	secQ5          = "Frequently Asked Questions — Q5 (when SA per User ends)"
	secQ6          = "Frequently Asked Questions — Q6 (reimaging without Software Assurance)"
	secQ10         = "Frequently Asked Questions — Q10 (32-bit and 64-bit)"
	secQ9Downgrade = "Frequently Asked Questions — Q9 (prior versions)"
)

// Info is the fixed description of a rule or note: what it means and where
// the brief says so. The product prints it in the workbook's Ineligible sheet.
type Info struct {
	ID      ID
	Title   string // a short phrase
	Section string // the brief's section
	Fix     string // for rules: what generally makes such a device eligible
}

// Catalog describes every rule and note.
var Catalog = map[ID]Info{
	ProgramNotEligible:   {ProgramNotEligible, "The agreement's program grants no reimaging rights", secSummary, "Reimage under an agreement in a program that grants reimaging rights (EA, MPSA, Open License, Open Value, Open Value Subscription, Campus, School, Select Plus), or list the agreement with its program in the configuration."},
	OpenLicenseNotBought: {OpenLicenseNotBought, "No license of the product was bought under the Open agreement", secOpen, "Buy at least one license of the target product under this Open agreement (it also gives the media and the key)."},
	DifferentProduct:     {DifferentProduct, "The image is a different product or edition", secProducts, "Reimage with the product and edition the device is licensed for, or license the device for the target product."},
	DifferentComponents:  {DifferentComponents, "The Office suites contain different components", secComponents, "Reimage with the suite the device is licensed for, or license the device for the target suite."},
	DifferentLanguage:    {DifferentLanguage, "The image is in a different language", secLanguages, "Reimage in the language the device is licensed for."},
	DifferentVersion:     {DifferentVersion, "The image is a different version and no downgrade right allows it", secVersions, "Reimage with the licensed version, or with one a downgrade right allows; add a documented right to downgrade_rights if you hold one."},
	NoQualifyingOS:       {NoQualifyingOS, "The device has no qualifying Windows license under its Volume license", secDesktop, "Record the device's qualifying OS license (OEM, retail or another program) in the plan, or license one."},
	EnterpriseNotCovered: {EnterpriseNotCovered, "Windows Enterprise on a Windows Pro device without Enterprise rights", secQ4, "Buy a Windows Enterprise Upgrade for this device, give it SA per device, or assign it to a primary user with Windows SA per User."},
	UserSAExpired:        {UserSAExpired, "The primary user's SA per User ends before the wave", secQ5, "Renew the user's Windows SA per User past the wave date, or license the device (Enterprise Upgrade or SA per device); otherwise it must go back to its original OS."},
	OEMMediaOtherDevice:  {OEMMediaOtherDevice, "OEM media on a device it did not ship with", secOEM, "Use Commercial Licensing media, or the recovery media of the device's own OEM on a device originally imaged with it."},
	OEMMediaVersion:      {OEMMediaVersion, "OEM recovery media of another version, or modified", secOEM, "Use the unmodified recovery media of the version preinstalled on the device, or Commercial Licensing media."},
	RetailMediaReuse:     {RetailMediaReuse, "Retail (FPP) media on a device that does not hold that retail license", secChannels, "Use Commercial Licensing media; retail media may only go on the one device its license belongs to."},
	DowngradeRight:       {DowngradeRight, "An earlier version, allowed by a downgrade right", secDowngrade, ""},
	ArchitectureChange:   {ArchitectureChange, "The architecture changes (32-bit and 64-bit)", secQ10, ""},
	SupportUnchanged:     {SupportUnchanged, "Reimaging gives no Microsoft support; check the OEM warranty", secQ2, ""},
	NoSANeeded:           {NoSANeeded, "Eligible without Software Assurance", secQ6, ""},
}

// Finding is one explained reason or note of a device's verdict.
type Finding struct {
	ID      ID     `json:"id"`
	Text    string `json:"text"`
	Section string `json:"section"`
	Fix     string `json:"fix,omitempty"`
}

// Explain returns the reasons (for an ineligible device) or notes (for an
// eligible one) of v in words about d, each citing the brief's section.
func (j *Judge) Explain(d *planner.Device, v Verdict) []Finding {
	var out []Finding
	for _, id := range v.Reasons() {
		out = append(out, j.explain(d, v, id))
	}
	for _, id := range v.Notes() {
		out = append(out, j.explain(d, v, id))
	}
	return out
}

func (j *Judge) explain(d *planner.Device, v Verdict, id ID) Finding {
	info := Catalog[id]
	f := Finding{ID: id, Section: info.Section, Fix: info.Fix}
	lic, tgt := name(d.Licensed.Product()), name(d.Target.Product())
	ag, known := j.Agreements[d.Agreement]
	switch id {
	case ProgramNotEligible:
		switch {
		case d.Agreement == "":
			f.Text = "The plan names no agreement for this device and the configuration has none to assume, so no program with reimaging rights can be shown."
		case !known:
			f.Text = fmt.Sprintf("Agreement %s is not in the configuration, so its program, and with it any reimaging right, is unknown.", d.Agreement)
			f.Fix = fmt.Sprintf("Add agreement %s with its program under agreements: in the configuration.", d.Agreement)
		default:
			f.Text = fmt.Sprintf("Agreement %s is a %s agreement; only EA, MPSA, Open License, Open Value, Open Value Subscription, Campus, School and Select Plus grant reimaging rights.", d.Agreement, ag.Program)
		}
	case OpenLicenseNotBought:
		f.Text = fmt.Sprintf("Agreement %s is %s: media may only be used for a product bought under it, and the configuration lists no license of %s bought there.", d.Agreement, ag.Program, tgt)
		f.Fix = fmt.Sprintf("Buy at least one license of %s under agreement %s (and record it in licenses_bought).", tgt, d.Agreement)
	case DifferentProduct:
		if v.Way == ThroughCommercialLicensing && isEnterprise(d.Target.Product()) {
			f.Text = fmt.Sprintf("The device is licensed for %s, which cannot carry a Windows Enterprise upgrade; %s is a different product.", lic, tgt)
		} else {
			f.Text = fmt.Sprintf("The device is licensed for %s but would get %s: a different product or edition, which reimaging rights do not cover.", lic, tgt)
		}
		f.Fix = fmt.Sprintf("Reimage it with %s, or license it for %s.", lic, tgt)
	case DifferentComponents:
		f.Text = fmt.Sprintf("%s contains %s; %s contains %s. Reimaging needs the same component set.", lic, strings.Join(Components(d.Licensed), ", "), tgt, strings.Join(Components(d.Target), ", "))
	case DifferentLanguage:
		f.Text = fmt.Sprintf("The device is licensed in %s but the image is %s; reimaging needs the same language (a multilingual MUI image differs from a single language).", langName(d.Licensed.Language), langName(d.Target.Language))
		f.Fix = fmt.Sprintf("Reimage it in %s.", langName(d.Licensed.Language))
	case DifferentVersion:
		f.Text = fmt.Sprintf("The device is licensed for %s but would get %s, a different version, and no downgrade right in the table this run used allows that.", lic, tgt)
		f.Fix = fmt.Sprintf("Reimage it with %s, or add a documented downgrade right to downgrade_rights.add.", lic)
	case NoQualifyingOS:
		f.Text = fmt.Sprintf("The device's only Windows license is a Volume license (%s). Commercial Licensing Windows licenses are upgrades: they need a qualifying OS from the OEM, a retail box or another program underneath.", lic)
	case EnterpriseNotCovered:
		f.Text = fmt.Sprintf("The device is licensed for %s. Windows Enterprise needs an Enterprise Upgrade bought through Commercial Licensing, SA per device, or a primary user with SA per User; the plan shows none of them.", lic)
	case UserSAExpired:
		f.Text = fmt.Sprintf("The device relies on its primary user's Windows SA per User, which ends on %s, before the wave date %s. When it ends the device must go back to its original OS.", d.UserSAUntil, waveOrAsOf(d, j.AsOf))
	case OEMMediaOtherDevice:
		media := d.MediaOEM
		if media == "" {
			media = "the OEM"
		}
		switch {
		case d.MediaOEM != "" && d.Manufacturer != "" && !planner.SameManufacturer(d.MediaOEM, d.Manufacturer):
			f.Text = fmt.Sprintf("The image is %s OEM media, but the device was made by %s; OEM media may only reimage devices that shipped with it.", media, d.Manufacturer)
		default:
			f.Text = fmt.Sprintf("The image is %s OEM media, but the plan says the device was not originally imaged with it; OEM media may only reimage devices that shipped with it.", media)
		}
	case OEMMediaVersion:
		if d.Modified {
			f.Text = "The OEM recovery media was modified; OEM media may only be used unmodified."
		} else {
			f.Text = fmt.Sprintf("The OEM recovery media holds %s, but %s was preinstalled on the device; OEM media must match the preinstalled version.", tgt, lic)
		}
	case RetailMediaReuse:
		f.Text = fmt.Sprintf("The image comes from retail (FPP) media, but the device holds %s license for %s; retail media may only be used on the one device licensed with it.", channelArticle(d.Channel), lic)
	case DowngradeRight:
		if row, ok := j.Downgrades.Allows(d.Licensed.Product(), d.Channel, d.Target.Product()); ok {
			f.Text = fmt.Sprintf("%s is an earlier version than %s, allowed by the downgrade right \"%s\" (%s). Every other reimaging rule still applies.", tgt, lic, row, row.Source)
		} else {
			f.Text = fmt.Sprintf("%s is an earlier version, allowed by the full downgrade rights of the Windows Enterprise license through Commercial Licensing.", tgt)
		}
		f.Section = secDowngrade + "; " + secQ9Downgrade
	case ArchitectureChange:
		f.Text = fmt.Sprintf("The image changes the architecture from %s to %s; that is allowed for the same product, version, components and language.", d.Licensed.Arch, d.Target.Arch)
	case SupportUnchanged:
		f.Text = fmt.Sprintf("The device holds %s license: reimaging with Commercial Licensing media gives no Microsoft support entitlement; check warranty and support with %s.", channelArticle(d.Channel), orText(d.Manufacturer, "the OEM or reseller"))
	case NoSANeeded:
		f.Text = "Eligible without Software Assurance: reimaging rights do not depend on SA."
	}
	if v.Way == ThroughCommercialLicensing && id == NoSANeeded && d.EnterpriseUpgrade {
		f.Text = "Eligible through the Windows Enterprise Upgrade bought for the device; no Software Assurance is needed."
	}
	return f
}

func name(p planner.Product) string {
	if n := p.Name(); n != "" {
		return n
	}
	return "(no product given)"
}

func langName(l string) string {
	if l == planner.MUI {
		return "a multilingual (MUI) image"
	}
	return l
}

func waveOrAsOf(d *planner.Device, asOf planner.Date) string {
	if !d.WaveDate.IsZero() && d.WaveDate.After(asOf.Time) {
		return d.WaveDate.String()
	}
	return asOf.String() + " (the as-of date)"
}

// channelArticle names a license channel with its article: "an OEM", "a retail".
func channelArticle(c planner.Channel) string {
	switch c {
	case planner.ChannelOEM:
		return "an OEM"
	case planner.ChannelRetail:
		return "a retail (FPP)"
	case planner.ChannelVolume:
		return "a Volume"
	case "":
		return "a"
	}
	return "a " + strings.ToLower(string(c))
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
