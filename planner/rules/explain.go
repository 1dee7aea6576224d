package rules

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
)

// Where each rule comes from: the sections of Microsoft's brief "Reimaging
// licensed Microsoft software by using Commercial Licensing media" (cited as
// "the brief"), or the Product Terms. Every explanation cites one.
const (
	secSummary      = "the brief, opening summary (the programs that grant reimaging rights)"
	secOpen         = "the brief, Commercial Licensing: Reimaging in Open License and Open Value Programs; Q7"
	secProducts     = "the brief, Reimaging Eligibility — Different products; Q3"
	secComponents   = "the brief, Reimaging Eligibility — Different components"
	secLanguages    = "the brief, Reimaging Eligibility — Different languages"
	secVersions     = "the brief, Reimaging Eligibility — Different versions; Q9"
	secDesktop      = "the brief, Reimaging of the Windows Desktop Operating System (qualifying operating system)"
	secOEM          = "the brief, OEM-Specific Information"
	secChannels     = "the brief, Reimaging of the Windows Desktop Operating System — the OEM, FPP and Commercial Licensing table"
	secDowngrade    = "the brief, Reimaging of the Windows Desktop Operating System — Downgrade Rights; Q9"
	secOEMExpiry    = "the brief, Downgrade Rights and OEM-Specific Information — Downgrading and Reimaging (the OEM license terms)"
	secMedia        = "the brief, Reimaging Eligibility (\"fulfilled with Commercial Licensing media\"); Q1; Q3"
	secQ2           = "the brief, Q2 (support and warranty)"
	secQ4           = "the brief, Q4 (Windows Enterprise on a PC licensed for Windows Pro)"
	secQ5           = "the brief, Q5 (when SA per User ends)"
	secQ6           = "the brief, Q6 (reimaging without Software Assurance)"
	secQ10          = "the brief, Q10 (32-bit and 64-bit)"
	secProductTerm  = "the Product Terms, universal license terms (the brief: rights to other versions and editions are in the Product Terms); Q9"
	secDownEdition  = "the Product Terms, down-edition rights (the brief: rights to other versions and editions are in the Product Terms)"
	secUpgrade      = "Microsoft's Windows 11 upgrade offer (outside the brief; rules.free_upgrade)"
	secSubscribe    = "the brief, Reimaging Eligibility — Different products; Q3 (a subscription is licensed per user)"
	secCatalogue    = "makplan's product catalogue (makplan products)"
	secSA           = "the Product Terms, Software Assurance (new-version rights: the versions made available during the coverage term, for good)"
	secProgramSA    = "the Product Terms, program terms (the programs whose licences include Software Assurance)"
	secUpgrade4     = "the brief, Q4 and Downgrade Rights (an Enterprise Upgrade covers the versions of its time, and earlier ones)"
	secSubscription = "the Product Terms, the program's terms (a subscription's licences are not perpetual: they end with it unless bought out)"
)

// TheBrief names the source of most rules in full, for a reader who has
// not seen it: explanations cite it as "the brief" and a section.
const TheBrief = `Microsoft's brief "Reimaging licensed Microsoft software by using Commercial Licensing media" (2020), cited as "the brief", and the Product Terms`

// Info is the fixed description of a rule or note: what it means in general,
// where it comes from, and for a rule what usually makes a device eligible.
type Info struct {
	ID      ID
	Title   string // a short phrase
	Section string // where the rule comes from
	Fix     string // for rules: what generally makes such a device eligible
}

// Catalog describes every rule and note.
var Catalog = map[ID]Info{
	ProgramNotEligible:   {ProgramNotEligible, "The agreement's program grants no reimaging rights", secSummary, "Reimage under an agreement of a program that grants reimaging rights (" + planner.ProgramNames + "), or name the agreement's program in the configuration."},
	OpenLicenseNotBought: {OpenLicenseNotBought, "No license of the product was bought under the Open agreement", secOpen, "Buy at least one license of the target product under the Open agreement (it also gives the media and the key), and record it."},
	DifferentProduct:     {DifferentProduct, "The image is a different product or edition", secProducts, "Reimage with the product and edition the device is licensed for, or license the device for the target."},
	DifferentComponents:  {DifferentComponents, "The image contains different components", secComponents, "Reimage with the edition and component set the device is licensed for."},
	DifferentLanguage:    {DifferentLanguage, "The image is in a different language", secLanguages, "Reimage in the language the device is licensed for."},
	DifferentVersion:     {DifferentVersion, "The image is a different version that no right allows", secVersions, "Reimage with the licensed version, or one a right in the rights table allows."},
	NoQualifyingOS:       {NoQualifyingOS, "The device has no qualifying Windows license underneath", secDesktop, "License a qualifying Windows edition for the device and record it in the Qualifying OS column."},
	EnterpriseNotCovered: {EnterpriseNotCovered, "Windows Enterprise without an Enterprise Upgrade, SA or SA per User", secQ4, "Buy a Windows Enterprise Upgrade for the device, cover it by SA, or assign it to a user with Windows SA per User."},
	UserSAExpired:        {UserSAExpired, "The primary user's SA per User ends before the device is judged", secQ5, "Renew the user's Windows SA per User past the wave (or buy it again, once lapsed), or license the device itself."},
	SubscriptionEnded:    {SubscriptionEnded, "The subscription the licence came from has ended", secSubscription, "Renew the subscription, or buy the licences out as perpetual at the end of its term (agreements: bought_out: true), and record the new dates."},
	OEMMediaOtherDevice:  {OEMMediaOtherDevice, "OEM media on a device it did not ship with", secOEM, "Use Commercial Licensing media, or the recovery media of the device's own OEM."},
	OEMMediaVersion:      {OEMMediaVersion, "OEM recovery media of another version, or modified", secOEM, "Use the unmodified recovery media of the preinstalled version, or Commercial Licensing media."},
	RetailMediaReuse:     {RetailMediaReuse, "Retail (FPP) media on a device without that retail license", secChannels, "Use Commercial Licensing media; retail media may only go on the device its license belongs to."},
	DowngradeExpired:     {DowngradeExpired, "The OEM downgrade right has ended", secOEMExpiry, "Reimage with the licensed version, or license the earlier version for the device."},
	NotAVolumeProduct:    {NotAVolumeProduct, "Commercial Licensing does not sell the target, so its media do not hold it", secMedia, "Use the product's own media (OEM recovery or retail), or a product that Commercial Licensing sells."},
	UnrecognisedProduct:  {UnrecognisedProduct, "The product is not in makplan's catalogue", secCatalogue, "Correct the product name in the plan; makplan products lists every accepted spelling."},
	DowngradeRight:       {DowngradeRight, "An earlier version, allowed by a downgrade right", secDowngrade, ""},
	ArchitectureChange:   {ArchitectureChange, "The architecture changes (32-bit and 64-bit)", secQ10, ""},
	SupportUnchanged:     {SupportUnchanged, "Reimaging gives no Microsoft support; check the OEM warranty", secQ2, ""},
	NoSANeeded:           {NoSANeeded, "Eligible without Software Assurance", secQ6, ""},
	DownEditionRight:     {DownEditionRight, "A lower edition, allowed by a down-edition right", secDownEdition, ""},
	QualifyingAssumed:    {QualifyingAssumed, "Qualifying OS assumed under a Volume image: to confirm", secDesktop, ""},
	FreeUpgrade:          {FreeUpgrade, "Windows 10 to the same edition of Windows 11: the free upgrade", secUpgrade, ""},
	SubscriptionNote:     {SubscriptionNote, "A subscription: activates by sign-in, no MAK", secSubscribe, ""},
	NewVersionRight:      {NewVersionRight, "A later version made available while Software Assurance was active", secSA, ""},
	UpgradeAssumed:       {UpgradeAssumed, "The Enterprise Upgrade is assumed to cover the target's version: to confirm", secUpgrade4, ""},
	SAFromProgram:        {SAFromProgram, "Software Assurance taken from the agreement's program: to confirm", secProgramSA, ""},
}

// Finding is one explained reason or note of a device's verdict.
type Finding struct {
	ID      ID     `json:"id"`
	Text    string `json:"text"`
	Section string `json:"section"`
	Fix     string `json:"fix,omitempty"`
}

// Explain returns the reasons (for an ineligible device) or notes (for an
// eligible one) of v in words, each citing where its rule comes from. It
// formats the evidence; it judges nothing.
func (j *Judge) Explain(v Verdict, ev Evidence) []Finding {
	var out []Finding
	for _, id := range v.Reasons() {
		out = append(out, j.explain(v, ev, id))
	}
	for _, id := range v.Notes() {
		out = append(out, j.explain(v, ev, id))
	}
	return out
}

func (j *Judge) explain(v Verdict, ev Evidence, id ID) Finding {
	info := Catalog[id]
	f := Finding{ID: id, Section: info.Section, Fix: info.Fix}
	lic, tgt := name(ev.Licensed, ev.LicensedText), name(ev.Target, ev.TargetText)
	licence := lic
	if ev.Licence != nil {
		licence = ev.Licence.Name
	}
	switch id {
	case ProgramNotEligible:
		switch {
		case ev.Agreement == "":
			f.Text = "The plan names no agreement for this device and none can be assumed, so no program that grants reimaging rights can be shown for the Commercial Licensing media."
			f.Fix = "Fill the Agreement column (or defaults: Agreement in the configuration) with the agreement whose media is used."
		case !ev.AgreementKnown:
			f.Text = fmt.Sprintf("Agreement %s is not in the configuration, so its program — and with it any reimaging right — is unknown.", ev.Agreement)
			f.Fix = fmt.Sprintf("Add agreement %s with its program under agreements: in the configuration.", ev.Agreement)
		default:
			f.Text = fmt.Sprintf("Agreement %s's program is %s, which grants no reimaging rights; they come with %s only.", ev.Agreement, ev.Program, planner.ProgramNames)
			f.Fix = fmt.Sprintf("Reimage under an agreement of one of those programs. The 2020 brief predates %s: if its Product Terms grant reimaging rights, say so by giving the agreement one of those programs in the configuration.", ev.Program)
		}
	case OpenLicenseNotBought:
		if ev.Purchase.Recorded {
			f.Text = fmt.Sprintf("Agreement %s is %s: its media may be used only for products bought under it. The configuration records 0 licenses of %s (or of a later version or higher edition that covers it), and no key for it under this agreement is in the key exports.", ev.Agreement, ev.Program, tgt)
		} else {
			f.Text = fmt.Sprintf("Agreement %s is %s: its media may be used only for products bought under it. Nothing records a purchase of %s: licenses_bought lists neither it nor a later version or higher edition that covers it, and no MAK or KMS key for it under this agreement is in the key exports.", ev.Agreement, ev.Program, tgt)
		}
		f.Fix = fmt.Sprintf("Buy at least one license of %s under agreement %s (the purchase also gives the media and a key); then record it in agreements: licenses_bought, or add the key export that lists its key.", tgt, ev.Agreement)
	case DifferentProduct:
		f.Text, f.Fix = differentProduct(ev, lic, tgt, licence)
	case DifferentComponents:
		if ev.Components[0] != "" {
			f.Text = fmt.Sprintf("The license (%s) covers %s; the image installs %s, which are not all among them.", licence, ev.Components[0], ev.Components[1])
			f.Fix = fmt.Sprintf("Reimage with %s, or a custom image of a subset of its components.", licence)
		} else {
			f.Text = fmt.Sprintf("%s and %s differ in components: an N or KN edition lacks the media features of its full edition.", licence, tgt)
			f.Fix = fmt.Sprintf("Reimage with %s, the edition the device is licensed for.", licence)
		}
	case DifferentLanguage:
		f.Text = fmt.Sprintf("The device is licensed in %s but the image is %s; reimaging rights need the same language (an English image and a multilingual MUI image are different languages).", langName(ev.Languages[0]), langName(ev.Languages[1]))
		f.Fix = fmt.Sprintf("Reimage it in %s.", langName(ev.Languages[0]))
	case DifferentVersion:
		f.Text, f.Fix = j.differentVersion(ev, tgt, licence)
	case NoQualifyingOS:
		f.Text, f.Fix = noQualifyingOS(ev, lic, tgt)
	case EnterpriseNotCovered:
		what := "Windows Enterprise"
		if ev.Target != nil && ev.Target.IsEducation() {
			what = "Windows Education under an academic agreement"
		}
		f.Text = fmt.Sprintf("%s needs one of: an Enterprise (or Education) Upgrade bought through Commercial Licensing for the device, Software Assurance for the device, or a primary user with Windows SA per User (or Windows Enterprise E3/E5 per user); the plan shows none of them.", what)
		if ev.LicenceFrom == FromAssumed {
			f.Text = fmt.Sprintf("The device runs a Volume image of %s: that shows the media it was installed from, not a license. ", lic) + f.Text
		} else {
			f.Text = fmt.Sprintf("The device is licensed for %s. ", licence) + f.Text
		}
		f.Fix = "Buy a Windows Enterprise Upgrade for the device, cover it by SA per device, or assign it to a primary user with Windows SA per User; then mark it in the Enterprise Upgrade, SA Per Device or User SA Until column."
		if ev.Target != nil && ev.Target.IsEducation() {
			f.Fix = "Buy the Windows Education upgrade for the device under the academic agreement (or cover it by the agreement's platform), then mark it in the Enterprise Upgrade column."
		}
	case SubscriptionEnded:
		col := orText(ev.EndedBy, "SA Per Device")
		until := ev.SACell.Until
		if col == "Upgrade Covers Until" {
			until = ev.UpgradeUntil
			for _, t := range ev.Tried[:ev.NTried] {
				if t.Fails == SubscriptionEnded && t.Path == PathUpgrade {
					until = t.Until
				}
			}
		}
		f.Text = fmt.Sprintf("Agreement %s is %s, a subscription: its licences last only while the subscription does (unless bought out at the end of its term), and the %s column says it ended on %s, before %s. The device has no licence left for %s.",
			ev.Agreement, ev.Program, col, until, dateName(ev), tgt)
		f.Fix = fmt.Sprintf("Renew the subscription and record its new end in %s; or, if the licences were bought out at the end of the term, say so (agreements: bought_out: true): they then stay, for the versions made available until %s.", col, until)
	case UserSAExpired:
		f.Text = fmt.Sprintf("The device is eligible only through its primary user's Windows SA per User, which ends on %s, before %s. When it ends, the device must go back to its original operating system.", ev.UserSAUntil, dateName(ev))
		f.Fix = fmt.Sprintf("Renew the user's Windows SA per User past %s, or license the device itself (Enterprise Upgrade or SA per device).", ev.On)
	case OEMMediaOtherDevice:
		media := ev.MediaOEM
		if media == "" {
			media = "the OEM's"
		}
		switch {
		case ev.MediaOEM != "" && ev.Manufacturer != "" && !planner.SameManufacturer(ev.MediaOEM, ev.Manufacturer):
			f.Text = fmt.Sprintf("The image is %s OEM media, but the device was made by %s; OEM media may only reimage devices that shipped with it.", media, ev.Manufacturer)
		case ev.OEMImagedStated:
			f.Text = fmt.Sprintf("The image is %s OEM media, but the plan says the device was not originally imaged with it; OEM media may only reimage devices that shipped with it.", media)
		default:
			f.Text = fmt.Sprintf("The image is %s OEM media, but the device's license is not an OEM license (channel %s), so it did not ship with that media.", media, ev.Channel)
		}
	case OEMMediaVersion:
		if ev.Modified {
			f.Text = "The OEM recovery media was modified; OEM media may only be used as the OEM made it."
		} else {
			f.Text = fmt.Sprintf("The OEM recovery media holds %s, but %s was preinstalled on the device; OEM media must match the preinstalled version.", tgt, lic)
		}
	case RetailMediaReuse:
		f.Text = fmt.Sprintf("The image comes from retail (FPP) media, but the device holds %s license for %s; retail media may only be used on the one device licensed with it.", channelArticle(ev.Channel), lic)
	case DowngradeExpired:
		r := j.right(ev.Right)
		f.Text = fmt.Sprintf("%s is allowed on a device licensed for %s only by the OEM downgrade right %q, which ends on %s (when Microsoft's support for %s ended). The device is judged on %s, after that.", tgt, licence, r.String(), r.Until, tgt, dateName(ev))
		f.Fix = fmt.Sprintf("Reimage with %s (or a version whose right has not ended), or license %s for the device.", licence, tgt)
	case NotAVolumeProduct:
		f.Text = fmt.Sprintf("%s is %s, so Commercial Licensing media do not contain it.", tgt, whyNotVolume(ev.Target))
		f.Fix = fmt.Sprintf("Use the product's own media (OEM recovery or retail) for %s, or reimage with a product that Commercial Licensing sells.", tgt)
	case UnrecognisedProduct:
		var parts []string
		if ev.Licensed == nil {
			parts = append(parts, fmt.Sprintf("the licensed product %q", ev.LicensedText))
		}
		if ev.Target == nil {
			parts = append(parts, fmt.Sprintf("the target %q", ev.TargetText))
		}
		f.Text = fmt.Sprintf("%s is not in makplan's catalogue, so no reimaging rule can be judged; the device consumes nothing.", upperFirst(strings.Join(parts, " and ")))
		if s := suggestionOf(ev); s != "" {
			f.Text += fmt.Sprintf(" Did you mean %q?", s)
		}
	case DowngradeRight:
		r := j.right(ev.Right)
		f.Text = fmt.Sprintf("%s is an earlier version than %s, allowed by the right %q (%s). Every other rule still applies.", tgt, licence, r.String(), r.Source)
		if r.Kind == DownVersion && r.Channel == planner.ChannelVolume && ev.Target != nil && ev.Target.Family != planner.FamilyWindows {
			f.Section = secProductTerm
		}
	case ArchitectureChange:
		f.Text = fmt.Sprintf("The image changes the architecture from %s to %s: allowed for the same product, version, components and language.", ev.Archs[0], ev.Archs[1])
	case SupportUnchanged:
		f.Text = fmt.Sprintf("The device's license is an OEM or retail license: reimaging with Commercial Licensing media gives no Microsoft support entitlement; check warranty and support with %s.", orText(ev.Manufacturer, "the OEM or reseller"))
		if ev.LicenceFrom == FromFirmware && ev.Evaluation {
			f.Text = fmt.Sprintf("The plan records %s, a Preview or Evaluation build; the licence underneath is the firmware's key %q (%s), an OEM licence. A firmware key names no language: the licensed language is assumed to be the plan's (to confirm). ",
				lic, ev.QualifyingText, licence) + f.Text
		}
	case NoSANeeded:
		f.Text = "Eligible without Software Assurance: reimaging rights do not depend on SA."
		if ev.Upgrade {
			f.Text = "Eligible through the Windows Enterprise Upgrade bought for the device; no Software Assurance is needed."
		}
	case DownEditionRight:
		r := j.right(ev.EditionRight)
		f.Text = fmt.Sprintf("%s is a lower edition than the license (%s); the right %q allows it (%s).", tgt, ediSource(ev, licence), r.String(), r.Source)
		if ev.Right >= 0 {
			f.Text += " It is an earlier version too: " + j.right(ev.Right).String() + "."
		}
	case QualifyingAssumed:
		f.Text = fmt.Sprintf("The device runs a Volume image of %s, which shows the media, not the license underneath: makplan assumes the device has a qualifying Windows license (an OEM or retail Windows Pro, say). To confirm, record it in the Qualifying OS column: the product, or the firmware's key description that WMI's OA3xOriginalProductKeyDescription gives (\"[4.0] Professional OEM:DM\"). PCs older than 2012 have no firmware key.", lic)
	case FreeUpgrade:
		f.Text = fmt.Sprintf("%s is the same edition of Windows 11 as the licensed %s: the free Windows 11 upgrade allows it.", tgt, licence)
		if ev.Capable == planner.CapableUnknown {
			f.Text += " The plan does not say whether the hardware meets Windows 11's requirements (Windows 11 Capable column): check it before the wave."
		}
	case SubscriptionNote:
		f.Text = fmt.Sprintf("%s is licensed per user by subscription: it activates when the user signs in, uses no reimaging right and no MAK activation.", tgt)
	case NewVersionRight:
		f.Text = fmt.Sprintf("%s was made available on %s, while Software Assurance on the licence was active (%s): SA's new-version right lets the licence run it, and the right stays after SA ends.",
			tgt, ev.Available, saWords(ev))
		if ev.OpenBySA {
			f.Text += fmt.Sprintf(" Agreement %s is %s and records no purchase of %s itself: the %s licence bought with SA counts as bought for it. To confirm — and its activations need a MAK of %s, which the key exports may not hold.",
				ev.Agreement, ev.Program, tgt, lic, tgt)
		}
	case UpgradeAssumed:
		f.Text = fmt.Sprintf("An Enterprise Upgrade covers the Windows versions made available up to the end of the Software Assurance it was bought with (or up to its purchase, bought without SA), and every earlier one. The plan records no SA for the device and no Upgrade Covers Until date, and agreement %s (%s) includes no SA: makplan assumes the upgrade covers %s, made available on %s. To confirm, fill the Upgrade Covers Until column (the SA end, or the purchase date) or SA Per Device.",
			orText(ev.Agreement, "(none)"), orText(string(ev.Program), "program unknown"), tgt, ev.Available)
	case SAFromProgram:
		f.Text = fmt.Sprintf("The SA Per Device column is blank and agreement %s is %s, a program whose licences include Software Assurance: makplan takes SA as active for the licence bought under it. To confirm — the agreement may have ended, or the licence been bought outside it — write Yes, No or the day SA ended in SA Per Device (rules.sa_from_program: false turns this off).",
			ev.Agreement, ev.Program)
	}
	return f
}

// saWords says what the SA column (or the program) said.
func saWords(ev Evidence) string {
	switch {
	case ev.SAFromProgram:
		return fmt.Sprintf("taken from agreement %s's program, %s", ev.Agreement, ev.Program)
	case ev.SACell.State == planner.SADated:
		return "until " + ev.SACell.Until.String()
	}
	return "SA Per Device: Yes, no end date given"
}

func differentProduct(ev Evidence, lic, tgt, licence string) (text, fix string) {
	switch {
	case ev.Evaluation:
		return fmt.Sprintf("The plan records %s, an Evaluation or Preview edition: a trial, which is no licence, so the device has nothing to reimage %s under.", lic, tgt),
			"Record the licence the device holds (product and channel) in the plan, or license it for " + tgt + "."
	case ev.Licensed != nil && ev.Target != nil && ev.Licensed.Subscription != ev.Target.Subscription:
		return fmt.Sprintf("%s and %s are different products: one is a subscription licensed per user, the other a perpetual suite.", lic, tgt),
			fmt.Sprintf("Reimage it with %s, or license it for %s.", lic, tgt)
	case ev.Licensed != nil && ev.Licensed.Family == planner.FamilyOffice && (ev.Channel == planner.ChannelOEM || ev.Channel == planner.ChannelRetail) && ev.Media == planner.MediaVolume:
		text = fmt.Sprintf("The device holds %s license for %s. Office, Visio and Project bought through Commercial Licensing are different products from every OEM and retail suite, so %s cannot be reimaged from Commercial Licensing media.", channelArticle(ev.Channel), lic, tgt)
		fix = fmt.Sprintf("Reimage with the %s media of %s, or license %s through Commercial Licensing for the device.", strings.ToLower(string(ev.Channel)), lic, tgt)
		switch {
		case ev.SACell.Stated() && ev.Channel == planner.ChannelRetail:
			text += " The SA Per Device column is not applied: a retail licence cannot be covered by Software Assurance."
		case ev.SACell.Stated():
			text += " The SA Per Device column is not applied to an OEM licence. To confirm: if Software Assurance was added within 90 days of the purchase, the licence has SA's rights — record it as channel Volume with its SA."
		}
		return text, fix
	case ev.Way == ThroughCommercialLicensing && ev.Licensed != nil && ev.Licensed.Family != planner.FamilyWindows:
		return fmt.Sprintf("The device's Volume license is for %s; %s is a different or higher edition, which no down-edition right allows.", lic, tgt),
			fmt.Sprintf("Reimage with %s or a lower edition the Product Terms allow, or license %s for the device.", lic, tgt)
	case ev.Target != nil && ev.Target.Edition == "IoT Enterprise" || ev.Target != nil && ev.Target.Edition == "IoT Enterprise LTSC":
		return fmt.Sprintf("%s is licensed only through OEMs with the device; it is a different product from %s.", tgt, licence),
			fmt.Sprintf("Reimage with %s, or buy the device with %s from its OEM.", licence, tgt)
	}
	return fmt.Sprintf("The device is licensed for %s but would get %s: a different product or edition, which reimaging rights do not cover.", licence, tgt),
		fmt.Sprintf("Reimage it with %s, or license the device for %s.", licence, tgt)
}

func (j *Judge) differentVersion(ev Evidence, tgt, licence string) (text, fix string) {
	compared := tgt
	if ev.Compared != nil {
		compared = ev.Compared.Name
	}
	covers := "an earlier version"
	if ev.Covers != nil {
		covers = ev.Covers.Name
	}
	switch {
	case ev.NTried > 0:
		// Windows Enterprise: every path the device has, and why each falls
		// short (docs/rules.md rev 4, item 2).
		var parts []string
		for _, t := range ev.Tried[:ev.NTried] {
			parts = append(parts, triedWords(t, ev))
		}
		text = fmt.Sprintf("%s was made available on %s. No Windows Enterprise licence of the device covers it: %s.", tgt, ev.Available, strings.Join(parts, "; "))
		fix = fmt.Sprintf("Reimage with %s (or an earlier version), or buy a current Windows Enterprise Upgrade for the device (or Windows Enterprise E3/E5 per user for its primary user)", covers)
		if ev.Covers != nil && ev.Covers.Version == "10" && ev.Target != nil && ev.Target.Version == "11" {
			fix += fmt.Sprintf("; %s is out of support: it needs Extended Security Updates", covers)
		}
		if lapsed(ev) {
			fix += ". Software Assurance that has lapsed cannot be renewed"
		}
		if ev.Licence != nil && ev.Licence.Version == ev.Target.Version {
			text += " The device's own licence of that version says nothing of the Enterprise licence's version (to confirm: Microsoft states no rule either way; the Windows 10 precedent excluded Enterprise)."
		}
		return text, fix + "."
	case ev.SACell.State == planner.SADated && ev.Available.After(ev.SACell.Until):
		text = fmt.Sprintf("%s was made available on %s, after the Software Assurance on the licence ended on %s: SA covers only the versions made available while it was active, here %s and earlier.",
			tgt, ev.Available, ev.SACell.Until, covers)
		if lapsed(ev) {
			return text, fmt.Sprintf("Reimage with %s (or an earlier version), or buy a licence of the current version (SA optional), which runs %s by its down-version right: Software Assurance that has lapsed cannot be renewed.", covers, tgt)
		}
		return text, fmt.Sprintf("Reimage with %s (or an earlier version), or renew Software Assurance (or license %s) for the device.", covers, tgt)
	case ev.Capable == planner.CapableNo && ev.Right >= 0:
		return fmt.Sprintf("The free Windows 11 upgrade would allow %s on a device licensed for %s, but the plan says the hardware does not meet Windows 11's requirements (Windows 11 Capable: No).", compared, licence),
			fmt.Sprintf("Reimage with %s: the hardware does not meet Windows 11's requirements.", licence)
	case ev.Licence != nil && ev.Compared == nil && ev.Target != nil && planner.Newer(ev.Target, ev.Licence) || ev.Compared != nil && ev.Licence != nil && planner.Newer(ev.Compared, ev.Licence):
		t := fmt.Sprintf("%s is a later version than the licensed %s. Reimaging rights never move a device to a later version; ", compared, licence)
		if ev.Compared != nil {
			t = fmt.Sprintf("Without an Enterprise license the device has only its own license's reimaging rights, and they would not allow even %s, a later version than the licensed %s: ", compared, licence)
		}
		switch {
		case ev.Licence.Family == planner.FamilyWindows && ev.Licence.Version == "10":
			t += "the free Windows 11 upgrade keeps the edition (Windows 10 Pro to Windows 11 Pro, Education to Education …), and makplan applies it to Pro, Pro Education, Pro for Workstations and Education"
			if j.freeUpgrade() {
				t += "."
			} else {
				t += ", but this run turned it off (rules.free_upgrade: false)."
			}
		case ev.Way == ThroughCommercialLicensing && ev.Licence.Family != planner.FamilyWindows:
			t = fmt.Sprintf("%s is a later version than the licensed %s. A Volume licence runs a later version only by Software Assurance's new-version right, and the plan records no SA on it (SA Per Device", compared, licence)
			if ev.SACell.State == planner.SANo {
				t += ": No)."
			} else {
				t += " is blank, and the agreement's program includes none)."
			}
			return t, fmt.Sprintf("Reimage with %s (or an earlier version), or record the SA that covers %s (SA Per Device: Yes or its end date), or license %s.", licence, compared, compared)
		default:
			t += "a later version needs a license of its own."
		}
		return t, fmt.Sprintf("Reimage with %s, or license %s for the device (a later version is never allowed by a downgrade right).", licence, compared)
	}
	return fmt.Sprintf("%s is an earlier version than the licensed %s, and no downgrade right in the rights table this run used allows it for %s license.", compared, licence, channelArticle(ev.Channel)),
		fmt.Sprintf("Reimage with %s; if the device's license terms grant a downgrade right to %s, add it under downgrade_rights.add.", licence, compared)
}

func noQualifyingOS(ev Evidence, lic, tgt string) (text, fix string) {
	q := ev.Licence
	qualifying := "Windows Pro, Pro for Workstations, Pro Education, Education or Enterprise (7 Professional and Ultimate, 8 and 8.1 Pro too)"
	fix = fmt.Sprintf("License a qualifying Windows edition (%s) for the device, then record it in the Qualifying OS column.", qualifying)
	var where string
	switch ev.LicenceFrom {
	case FromQualifying:
		where = fmt.Sprintf("the Qualifying OS column says %s", q.Name)
	case FromFirmware:
		where = fmt.Sprintf("the firmware's key description %q is %s", ev.QualifyingText, q.Name)
	case FromNone:
		if ev.Evaluation {
			return fmt.Sprintf("The plan records %s (Evaluation), a trial: it is no licence, so there is no qualifying Windows license under the Windows upgrade or reimaging rights. A filled Qualifying OS column would name the licence underneath.", lic), fix
		}
		if ev.Licensed != nil && ev.Licensed.Family == planner.FamilyWindows {
			return fmt.Sprintf("The plan records no Windows license for this device (channel %s). Windows through Commercial Licensing is an upgrade: it needs a qualifying Windows license underneath, from the OEM, a retail box or another program.", orText(string(ev.Channel), "blank")), fix
		}
		return fmt.Sprintf("The device's license is for %s, not for a Windows desktop operating system, so there is no qualifying Windows license under the Windows upgrade.", lic), fix
	default:
		where = fmt.Sprintf("its license is %s", q.Name)
	}
	switch {
	case q != nil && q.IsHome():
		text = fmt.Sprintf("The device's underlying Windows is a Home edition: %s. Home does not qualify for an Enterprise or Education upgrade (except under an academic agreement).", where)
		fix = "The device first needs a qualifying edition — a Windows Pro upgrade — and then an Enterprise Upgrade or SA; or record its real qualifying OS in the Qualifying OS column if Home is not it."
	default:
		text = fmt.Sprintf("The device's underlying Windows does not qualify for an upgrade bought through Commercial Licensing: %s, and only %s qualify (not Home, SE or IoT).", where, qualifying)
	}
	return text, fix
}

func whyNotVolume(p *planner.Product) string {
	if p == nil {
		return "not a Commercial Licensing product"
	}
	switch {
	case p.Edition == "IoT Enterprise" || p.Edition == "IoT Enterprise LTSC":
		return "licensed only through OEMs, preinstalled"
	case p.Edition == "Enterprise multi-session":
		return "only available in Azure Virtual Desktop"
	case p.Edition == "Datacenter: Azure Edition":
		return "only available in Azure"
	case p.Family == planner.FamilyServer:
		return "sold only through OEMs, preinstalled"
	case p.Family == planner.FamilyWindows:
		return "sold only preinstalled or at retail"
	}
	return "a retail suite, not sold through Commercial Licensing"
}

func ediSource(ev Evidence, licence string) string {
	if ev.Way == ThroughCommercialLicensing && ev.Licensed != nil && ev.Licensed.Family == planner.FamilyWindows {
		return "the Windows Enterprise license that the Enterprise Upgrade, SA or SA per User gives"
	}
	return licence
}

func (j *Judge) right(i int) Right {
	if i < 0 || i >= len(j.Rights) {
		return Right{}
	}
	return j.Rights[i]
}

func (j *Judge) freeUpgrade() bool {
	for _, r := range j.Rights {
		if r.Kind == Upgrade {
			return true
		}
	}
	return false
}

// suggestionOf is the closest catalogue name to the unrecognised product.
func suggestionOf(ev Evidence) string {
	if ev.Licensed == nil && ev.LicensedText != "" {
		return planner.Suggest(ev.LicensedText)
	}
	if ev.Target == nil && ev.TargetText != "" {
		return planner.Suggest(ev.TargetText)
	}
	return ""
}

func name(p *planner.Product, text string) string {
	if p != nil {
		return p.Name
	}
	if text != "" {
		return text
	}
	return "(no product given)"
}

func langName(l string) string {
	if l == planner.MUI {
		return "a multilingual (MUI) image"
	}
	return l
}

// dateName names the day rights were judged on.
func dateName(ev Evidence) string {
	if ev.OnWave {
		return "the wave date " + ev.On.String()
	}
	return ev.On.String() + " (the as-of date)"
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

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lapsed reports whether the SA on the licence ended before the day
// judged: it can then be bought again, not renewed (docs/rules.md rev 4, item 6).
func lapsed(ev Evidence) bool {
	return ev.SACell.State == planner.SADated && ev.SACell.Until.Before(ev.On)
}

// triedWords says why one Q4 path falls short, or that it covers.
func triedWords(t Tried, ev Evidence) string {
	name := map[Path]string{PathSAPerDevice: "Software Assurance on the device", PathUpgrade: "the Enterprise Upgrade",
		PathEnterpriseWide: "the enterprise-wide agreement", PathUserSA: "the primary user's SA per User"}[t.Path]
	covers := "earlier versions"
	if t.Covers != nil {
		covers = t.Covers.Name + " and earlier"
	}
	switch t.Fails {
	case DifferentVersion:
		return fmt.Sprintf("%s covers the versions made available until %s (%s)", name, t.Until, covers)
	case SubscriptionEnded:
		return fmt.Sprintf("%s ended with the subscription on %s", name, t.Until)
	case UserSAExpired:
		return fmt.Sprintf("%s ends on %s, before %s", name, t.Until, dateName(ev))
	case "":
		return name + " covers it"
	}
	return name + " does not cover it"
}
