package rules

import (
	"reflect"
	"strings"
	"testing"
	gotime "time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/cells"
)

var (
	asOf     = planner.NewDate(2026, 11, 27)
	waveDate = planner.NewDate(2027, 1, 18)
)

// testAgreements: an EA, two Open agreements with purchases, a CSP, an
// academic School agreement, an enterprise-wide EA, and (rev 3) an MPSA and
// an EA Subscription, whose licences include no SA and end with it.
func testAgreements() []planner.Agreement {
	bought := func(name string, n int) planner.Purchase {
		kp, err := planner.NewKeyProduct(name)
		if err != nil {
			panic(err)
		}
		return planner.Purchase{Name: name, Products: kp.Covers, Count: n}
	}
	return []planner.Agreement{
		{Number: "EA1", Program: planner.ProgramEA},
		{Number: "OV1", Program: planner.ProgramOpenValue, Bought: []planner.Purchase{
			bought("Office Professional Plus 2019", 0), bought("Visio Standard 2021", 3)}},
		{Number: "OL1", Program: planner.ProgramOpenLicense, Bought: []planner.Purchase{bought("Office Professional Plus 2021", 1)}},
		{Number: "OL2", Program: planner.ProgramOpenLicense},
		{Number: "CSP1", Program: planner.ProgramCSP},
		{Number: "SCH1", Program: planner.ProgramSchool},
		{Number: "EW1", Program: planner.ProgramEA, EnterpriseWide: true},
		{Number: "MPSA1", Program: planner.ProgramMPSA},
		{Number: "EAS1", Program: planner.ProgramEAS},
		// rev 4: Campus is a subscription; an Open License agreement under which
		// Office Professional Plus 2019 was bought (with SA, on the row).
		{Number: "CAMPUS1", Program: planner.ProgramCampus},
		{Number: "OL3", Program: planner.ProgramOpenLicense, Bought: []planner.Purchase{bought("Office Professional Plus 2019", 1)}},
		{Number: "EAS2", Program: planner.ProgramEAS, BoughtOut: true},
	}
}

// testKeys: a KMS key under OL2 for Visio, which proves its purchase (Q7).
func testKeys() []planner.Key {
	pk, err := planner.ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	if err != nil {
		panic(err)
	}
	kp, err := planner.NewKeyProduct("Visio LTSC Professional 2021")
	if err != nil {
		panic(err)
	}
	return []planner.Key{{Key: pk, Type: planner.KeyKMS, Products: []planner.KeyProduct{kp}, Agreements: []string{"OL2"}}}
}

func testJudge() *Judge { return NewJudge(testAgreements(), Builtin(true), asOf, testKeys()) }

type opt func(*planner.Device)

func product(name string) *planner.Product {
	p, err := planner.LookupProduct(name, "")
	if err != nil {
		panic(err)
	}
	return p
}

func dev(licensed, channel, target string, opts ...opt) *planner.Device {
	ch, err := cells.ParseChannel(channel)
	if err != nil {
		panic(err)
	}
	d := &planner.Device{Name: "PC", Attrs: &planner.Attrs{
		Manufacturer: "Dell", Channel: ch, Agreement: "EA1", Media: planner.MediaVolume,
		Activation: planner.ActivationMAK, Wave: "W2", WaveDate: waveDate,
		Licensed: planner.Image{Prod: product(licensed), Text: licensed, Language: "en-US", Arch: planner.ArchX64},
		Target:   planner.Image{Prod: product(target), Text: target},
	}}
	for _, o := range opts {
		o(d)
	}
	if d.Channel == planner.ChannelVolume && d.Licensed.Prod.Family != planner.FamilyWindows {
		d.Licensed.Prod = d.Licensed.Prod.VolumeForm() // as the plan reader does
	}
	if d.Media == planner.MediaVolume {
		d.Target.Prod = d.Target.Prod.VolumeForm()
	}
	return d
}

func eu(d *planner.Device)       { d.EnterpriseUpgrade = true }
func saDevice(d *planner.Device) { d.SAPerDevice = planner.SA{State: planner.SAYes} }
func saNo(d *planner.Device)     { d.SAPerDevice = planner.SA{State: planner.SANo} }
func saUntil(y, m, day int) opt {
	return func(d *planner.Device) {
		d.SAPerDevice = planner.SA{State: planner.SADated, Until: planner.NewDate(y, gotime.Month(m), day)}
	}
}
func upgradeUntil(y, m, day int) opt {
	return func(d *planner.Device) { d.UpgradeCoversUntil = planner.NewDate(y, gotime.Month(m), day) }
}
func evaluation(d *planner.Device) { d.Licensed.Evaluation = true }
func userSA(y, m, day int) opt {
	return func(d *planner.Device) { d.UserSAUntil = planner.NewDate(y, gotime.Month(m), day) }
}
func wave(y, m, day int) opt {
	return func(d *planner.Device) { d.WaveDate = planner.NewDate(y, gotime.Month(m), day) }
}
func lang(l string) opt    { return func(d *planner.Device) { d.Target.Language = l } }
func licLang(l string) opt { return func(d *planner.Device) { d.Licensed.Language = l } }
func arch(from, to planner.Arch) opt {
	return func(d *planner.Device) { d.Licensed.Arch, d.Target.Arch = from, to }
}
func agreement(a string) opt { return func(d *planner.Device) { d.Agreement = a } }
func make_(m string) opt {
	return func(d *planner.Device) { d.Manufacturer = planner.NormalizeManufacturer(m) }
}
func comps(lic []string, tgt ...string) opt {
	return func(d *planner.Device) { d.Licensed.Components = lic; d.Target.Components = tgt }
}
func retailMedia(d *planner.Device)      { d.Media = planner.MediaRetail }
func modifiedOEMMedia(d *planner.Device) { oemMedia("")(d); d.Modified = true }
func oemImaged(yes bool) opt {
	return func(d *planner.Device) { d.HasOEMFlag, d.OEMImaged = true, yes }
}
func oemMedia(oem string) opt {
	return func(d *planner.Device) { d.Media, d.MediaOEM = planner.MediaOEM, planner.NormalizeManufacturer(oem) }
}
func notCapable(d *planner.Device) { d.Win11Capable = planner.CapableNo }
func done(d *planner.Device)       { d.Status = planner.StatusDone }
func qualifying(s string) opt {
	return func(d *planner.Device) {
		p, fw, err := planner.LookupQualifyingOS(s, d.Licensed.Prod.Version)
		if err != nil {
			panic(err)
		}
		d.Qualifying, d.QualifyingFirmware, d.QualifyingText = p, fw, s
	}
}

// judgeCase is a device with the verdict it must get: its reasons, or its
// notes when eligible.
type judgeCase struct {
	name    string
	d       *planner.Device
	reasons []ID
	notes   []ID
}

// TestRulesCases is docs/rules.md's table "Cases every implementation must
// get right", row by row, in its order. Where the table names only the notes
// that matter, the others an eligible device always gets (support-unchanged
// for OEM and retail licenses, no-sa-needed without SA) are listed too.
func TestRulesCases(t *testing.T) {
	j := testJudge()
	early := NewJudge(testAgreements(), Builtin(true), planner.NewDate(2019, 5, 1), nil)
	oemNotes := []ID{SupportUnchanged, NoSANeeded}
	eaNotes := []ID{SupportUnchanged, SAFromProgram}
	tests := []struct {
		judgeCase
		j *Judge
	}{
		{judgeCase{"volume server 2012 r2 standard to essentials", dev("Windows Server 2012 R2 Standard", "Volume", "Windows Server 2012 R2 Essentials"), []ID{DifferentProduct}, nil}, j},
		{judgeCase{"oem 10 pro to enterprise with nothing else", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise"), []ID{EnterpriseNotCovered}, nil}, j},
		{judgeCase{"oem 10 pro to enterprise, user sa past the wave", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", userSA(2027, 12, 31)), nil, []ID{SupportUnchanged}}, j},
		{judgeCase{"oem 10 pro to enterprise, user sa ends before the wave", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", userSA(2027, 1, 10)), []ID{UserSAExpired}, nil}, j},
		{judgeCase{"office 365 proplus to professional plus 2016", dev("Office 365 ProPlus", "Volume", "Office Professional Plus 2016"), []ID{DifferentProduct}, nil}, j},
		{judgeCase{"oem office standard 2016 to professional plus 2016", dev("Office Standard 2016", "OEM", "Office Professional Plus 2016"), []ID{DifferentProduct, DifferentComponents}, nil}, j},
		{judgeCase{"en-us to an mui image", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", lang(planner.MUI)), []ID{DifferentLanguage}, nil}, j},
		{judgeCase{"en-us to fr-fr", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", lang("fr-FR")), []ID{DifferentLanguage}, nil}, j},
		{judgeCase{"oem server 2012 r2 standard to 2012 standard", dev("Windows Server 2012 R2 Standard", "OEM", "Windows Server 2012 Standard"), []ID{DifferentVersion}, nil}, j},
		{judgeCase{"volume server 2012 r2 standard to 2012 standard", dev("Windows Server 2012 R2 Standard", "Volume", "Windows Server 2012 Standard"), nil, []ID{DowngradeRight, NoSANeeded}}, j},
		{judgeCase{"oem 8.1 pro to 10 enterprise with nothing else", dev("Windows 8.1 Pro", "OEM", "Windows 10 Enterprise"), []ID{DifferentVersion, EnterpriseNotCovered}, nil}, j},
		{judgeCase{"oem 10 pro to 7 professional in 2019", dev("Windows 10 Pro", "OEM", "Windows 7 Professional", wave(2019, 6, 1)), nil, []ID{DowngradeRight, SupportUnchanged, NoSANeeded}}, early},
		{judgeCase{"oem 8.1 pro to 7 professional in 2027", dev("Windows 8.1 Pro", "OEM", "Windows 7 Professional", wave(2027, 1, 15)), nil, []ID{DowngradeRight, SupportUnchanged, NoSANeeded}}, j},
		{judgeCase{"oem 10 pro to 7 professional in 2027", dev("Windows 10 Pro", "OEM", "Windows 7 Professional", wave(2027, 1, 15)), []ID{DowngradeExpired}, nil}, j},
		{judgeCase{"oem 11 pro to 10 pro in 2027", dev("Windows 11 Pro", "OEM", "Windows 10 Pro", wave(2027, 1, 15)), []ID{DowngradeExpired}, nil}, j},
		{judgeCase{"oem 10 pro to 11 pro", dev("Windows 10 Pro", "OEM", "Windows 11 Pro"), nil, []ID{SupportUnchanged, NoSANeeded, FreeUpgrade}}, j},
		{judgeCase{"oem 10 pro x86 to x64 from volume media", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX86, planner.ArchX64)), nil, []ID{ArchitectureChange, SupportUnchanged, NoSANeeded}}, j},
		{judgeCase{"oem 10 pro from retail media", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", retailMedia), []ID{RetailMediaReuse}, nil}, j},
		// rev 3: Windows 11 (made available 2021-10-04) is newer than the licence (Windows 10,
		// 2015-07-29); under EA the blank SA column is the program's SA, on which the verdict
		// rests: sa-assumed-from-program, and no longer no-sa-needed.
		{judgeCase{"oem 10 pro with enterprise upgrade to 11 enterprise", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu), nil, eaNotes}, j},
		{judgeCase{"volume 10 enterprise with nothing else", dev("Windows 10 Enterprise", "Volume", "Windows 10 Enterprise"), []ID{EnterpriseNotCovered}, nil}, j},
		{judgeCase{"volume_mak 10 pro to 11 pro", dev("Windows 10 Pro", "VOLUME_MAK", "Windows 11 Pro"), nil, []ID{NoSANeeded, QualifyingAssumed, FreeUpgrade}}, j},
		{judgeCase{"oem 10 pro, not windows 11 capable, to 11 pro", dev("Windows 10 Pro", "OEM", "Windows 11 Pro", notCapable), []ID{DifferentVersion}, nil}, j},
		{judgeCase{"retail visio professional 2021 to visio ltsc professional 2021", dev("Visio Professional 2021", "Retail", "Visio LTSC Professional 2021"), []ID{DifferentProduct}, nil}, j},
		{judgeCase{"hp recovery image on a dell", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", make_("Dell Inc."), oemMedia("HP")), []ID{OEMMediaOtherDevice}, nil}, j},
		{judgeCase{"professional plus 2019 under open value with none bought", dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", agreement("OV1")), []ID{OpenLicenseNotBought}, nil}, j},
		{judgeCase{"volume 10 enterprise with sa, qualifying os blank", dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice), nil, []ID{QualifyingAssumed}}, j},
		{judgeCase{"volume 10 enterprise with upgrade, firmware pro key", dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", eu, qualifying("[4.0] Professional OEM:DM")), nil, eaNotes}, j},
		{judgeCase{"volume 10 enterprise with sa, firmware core key", dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice, qualifying("[4.0] Core OEM:DM")), []ID{NoQualifyingOS}, nil}, j},
		{judgeCase{"oem 11 home to enterprise with nothing else", dev("Windows 11 Home", "OEM", "Windows 11 Enterprise"), []ID{NoQualifyingOS, EnterpriseNotCovered}, nil}, j},
		{judgeCase{"oem 11 pro n to 11 pro", dev("Windows 11 Pro N", "OEM", "Windows 11 Pro"), []ID{DifferentComponents}, nil}, j},
		{judgeCase{"oem 11 pro with upgrade to 10 iot enterprise ltsc 2021", dev("Windows 11 Pro", "OEM", "Windows 10 IoT Enterprise LTSC 2021", eu), []ID{DifferentProduct, NotAVolumeProduct}, nil}, j},
		{judgeCase{"volume server 2022 datacenter to standard", dev("Windows Server 2022 Datacenter", "Volume", "Windows Server 2022 Standard"), nil, []ID{NoSANeeded, DownEditionRight}}, j},
		{judgeCase{"volume server 2022 standard to 2019 standard", dev("Windows Server 2022 Standard", "Volume", "Windows Server 2019 Standard"), nil, []ID{DowngradeRight, NoSANeeded}}, j},
		{judgeCase{"volume office ltsc pro plus 2024 to pro plus 2019", dev("Office LTSC Professional Plus 2024", "Volume", "Office Professional Plus 2019"), nil, []ID{DowngradeRight, NoSANeeded}}, j},
		{judgeCase{"volume pro plus 2021 under open license, 2021 bought, to 2019", dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2019", agreement("OL1")), nil, []ID{DowngradeRight, NoSANeeded}}, j},
		// Home and Business lacks Access and Publisher, so the component sets differ too.
		{judgeCase{"retail home and business 2021 to office ltsc pro plus 2021", dev("Office Home and Business 2021", "Retail", "Office LTSC Professional Plus 2021"), []ID{DifferentProduct, DifferentComponents}, nil}, j},
		{judgeCase{"retail home and business 2021 to itself from volume media", dev("Office Home and Business 2021", "Retail", "Office Home and Business 2021"), []ID{NotAVolumeProduct}, nil}, j},
		{judgeCase{"microsoft 365 apps to itself, activation mak", dev("Microsoft 365 Apps for enterprise", "Volume", "Microsoft 365 Apps for enterprise"), nil, []ID{SubscriptionNote}}, j},
		{judgeCase{"lenovo 11 pro oem under csp, lenovo recovery image", dev("Windows 11 Pro", "OEM", "Windows 11 Pro", agreement("CSP1"), make_("LENOVO"), oemMedia("Lenovo")), nil, oemNotes}, j},
		{judgeCase{"oem 10 pro with upgrade, done, to 11 enterprise", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, done), nil, eaNotes}, j},

		// Revision 3: Software Assurance's new-version rights, SA from the program, the
		// version an Enterprise Upgrade covers. Dates made available: Server 2022 2021-08-18,
		// 2025 2024-11-01; Office LTSC 2021 2021-09-16, 2024 2024-09-16; Windows 11 2021-10-04,
		// Windows 11 Enterprise LTSC 2024 2024-10-01.
		{judgeCase{"oem server 2022 standard with sa to 2025 standard", dev("Windows Server 2022 Standard", "OEM", "Windows Server 2025 Standard", saDevice), nil, []ID{NewVersionRight}}, j},
		// 2024-11-01 > 2024-06-30: made available after SA ended.
		{judgeCase{"volume server 2019 standard, sa until 2024-06-30, to 2025 standard", dev("Windows Server 2019 Standard", "Volume", "Windows Server 2025 Standard", saUntil(2024, 6, 30)), []ID{DifferentVersion}, nil}, j},
		{judgeCase{"volume office pro plus 2019 with sa to ltsc pro plus 2024", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2024", saDevice), nil, []ID{NewVersionRight}}, j},
		// The suites differ in components too (Home and Business has no Access), as for the
		// retail Home and Business 2021 row above; the SA is not applied to an OEM licence.
		{judgeCase{"oem home and business 2019 with sa to ltsc pro plus 2024", dev("Office Home and Business 2019", "OEM", "Office LTSC Professional Plus 2024", saDevice), []ID{DifferentProduct, DifferentComponents}, nil}, j},
		// 2021-08-18 <= 2024-06-30: made available while SA was active; the right stays after it.
		{judgeCase{"volume server 2019 standard, sa until 2024-06-30, to 2022 standard", dev("Windows Server 2019 Standard", "Volume", "Windows Server 2022 Standard", saUntil(2024, 6, 30)), nil, []ID{NewVersionRight}}, j},
		// 2021-10-04 <= 2023-06-30; an SA end before the wave (2027-01-15) is not user-sa-expired.
		{judgeCase{"oem 10 pro, upgrade, sa until 2023-06-30 under mpsa, to 11 enterprise", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, saUntil(2023, 6, 30), agreement("MPSA1"), wave(2027, 1, 15)), nil, []ID{SupportUnchanged}}, j},
		// 2024-10-01 > 2023-06-30.
		{judgeCase{"the same device to 11 enterprise ltsc 2024", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise LTSC 2024", eu, saUntil(2023, 6, 30), agreement("MPSA1"), wave(2027, 1, 15)), []ID{DifferentVersion}, nil}, j},
		{judgeCase{"volume pro plus 2019, sa blank, under ea, to ltsc 2021", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021"), nil, []ID{NewVersionRight, SAFromProgram}}, j},
		{judgeCase{"volume pro plus 2019, sa blank, under mpsa, to ltsc 2021", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021", agreement("MPSA1")), []ID{DifferentVersion}, nil}, j},
		// 2024-10-01 > 2021-06-30.
		{judgeCase{"oem 10 pro, upgrade covers until 2021-06-30, to 11 enterprise ltsc 2024", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise LTSC 2024", eu, upgradeUntil(2021, 6, 30)), []ID{DifferentVersion}, nil}, j},
		{judgeCase{"oem 10 pro, upgrade, no date, no sa, under mpsa, to 11 enterprise", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, agreement("MPSA1")), nil, []ID{SupportUnchanged, NoSANeeded, UpgradeAssumed}}, j},
		{judgeCase{"oem 10 pro, upgrade, sa yes, to 11 enterprise ltsc 2024", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise LTSC 2024", eu, saDevice), nil, []ID{SupportUnchanged}}, j},
		{judgeCase{"server 2022 standard evaluation to 2022 standard", dev("Windows Server 2022 Standard", "Volume", "Windows Server 2022 Standard", evaluation), []ID{DifferentProduct}, nil}, j},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, tt.j, tt.d, tt.reasons, tt.notes) })
	}
}

// TestMoreCases are cases beyond the table: the two ways, coverage, the
// academic programs and what the audit found.
func TestMoreCases(t *testing.T) {
	j := testJudge()
	tests := []judgeCase{
		{"volume 10 enterprise with sa to 11 enterprise (the most common migration)", dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice), nil, []ID{QualifyingAssumed}},
		{"enterprise-wide agreement covers like sa", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", agreement("EW1")), nil, []ID{SupportUnchanged}},
		// rev 4: the upgrade (no date, SA blank, EA) covers by the program's SA; Windows 10
		// Enterprise is earlier than the device's Windows 11: the Enterprise licence's downgrade right.
		{"oem 11 pro with upgrade to 10 enterprise: full downgrade rights", dev("Windows 11 Pro", "OEM", "Windows 10 Enterprise", eu), nil, []ID{DowngradeRight, SupportUnchanged, SAFromProgram}},
		// rev 3: LTSC 2021 (2021-11-16) was made available after Windows 11 (2021-10-04): the EA's SA.
		{"oem 11 pro with upgrade to 10 enterprise ltsc 2021", dev("Windows 11 Pro", "OEM", "Windows 10 Enterprise LTSC 2021", eu), nil, []ID{SupportUnchanged, SAFromProgram}},
		{"oem 8.1 pro with upgrade to 11 pro: the enterprise license runs pro", dev("Windows 8.1 Pro", "OEM", "Windows 11 Pro", eu), nil, []ID{SupportUnchanged, DownEditionRight, SAFromProgram}},
		{"oem 8.1 pro without upgrade to 11 pro", dev("Windows 8.1 Pro", "OEM", "Windows 11 Pro"), []ID{DifferentVersion}, nil},
		// rev 4: the Education upgrade's version rests on School's SA (no date given).
		{"home under a school agreement qualifies for education", dev("Windows 11 Home", "OEM", "Windows 11 Education", eu, agreement("SCH1")), nil, []ID{SupportUnchanged, SAFromProgram}},
		{"home under a school agreement without the education upgrade", dev("Windows 11 Home", "OEM", "Windows 11 Education", agreement("SCH1")), []ID{EnterpriseNotCovered}, nil},
		{"education target outside academic programs is a different product", dev("Windows 11 Pro", "OEM", "Windows 11 Education", eu), []ID{DifferentProduct}, nil},
		{"oem education to education under a school agreement: its own rights", dev("Windows 11 Education", "OEM", "Windows 11 Education", agreement("SCH1")), nil, oemNotesList()},
		{"no windows license at all to enterprise", dev("Windows 10 Pro", "None", "Windows 11 Enterprise", eu), []ID{NoQualifyingOS}, nil},
		{"no windows license at all to pro", dev("Windows 10 Pro", "None", "Windows 10 Pro"), []ID{NoQualifyingOS}, nil},
		{"iot enterprise oem with upgrade to enterprise", dev("Windows 10 IoT Enterprise", "OEM", "Windows 10 Enterprise", eu), []ID{NoQualifyingOS}, nil},
		{"enterprise multi-session from volume media", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise multi-session", eu), []ID{DifferentProduct, NotAVolumeProduct}, nil},
		{"server 2022 azure edition from volume media", dev("Windows Server 2022 Datacenter", "Volume", "Windows Server 2022 Datacenter: Azure Edition"), []ID{DifferentProduct, NotAVolumeProduct}, nil},
		{"oem office from its own recovery media", dev("Office Home and Business 2021", "OEM", "Office Home and Business 2021", oemMedia("Dell")), nil, oemNotesList()},
		{"oem media under csp: no program check", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", agreement("CSP1"), oemMedia("Dell")), nil, oemNotesList()},
		{"volume media under csp", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", agreement("CSP1")), []ID{ProgramNotEligible}, nil},
		{"open license: a kms key of the agreement proves the purchase", dev("Visio Professional 2019", "Volume", "Visio Professional 2019", agreement("OL2")), nil, []ID{NoSANeeded}},
		{"open license: nothing recorded", dev("Project Professional 2021", "Volume", "Project Professional 2021", agreement("OL2")), []ID{OpenLicenseNotBought}, nil},
		{"open license: professional plus bought covers standard", dev("Office Standard 2019", "Volume", "Office Standard 2019", agreement("OL1")), nil, []ID{NoSANeeded}},
		{"volume standard to professional plus is a higher edition", dev("Office Standard 2019", "Volume", "Office Professional Plus 2019"), []ID{DifferentProduct, DifferentComponents}, nil},
		// rev 3: under MPSA, whose licences include no SA (under EA the program's SA allows it).
		{"volume professional plus to a later version", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021", agreement("MPSA1")), []ID{DifferentVersion}, nil},
		{"volume license, another language is permitted", dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", lang("de-DE")), nil, []ID{NoSANeeded}},
		{"subscription to another subscription", dev("Microsoft 365 Apps for enterprise", "Volume", "Visio Plan 2"), []ID{DifferentProduct}, nil},
		{"perpetual suite to a subscription", dev("Office Professional Plus 2019", "Volume", "Microsoft 365 Apps for enterprise"), []ID{DifferentProduct}, nil},
		{"volume_mak 10 pro to 8.1 pro: the volume pro upgrade's full downgrade rights", dev("Windows 10 Pro", "Volume", "Windows 8.1 Pro", wave(2027, 1, 15)), nil, []ID{DowngradeRight, NoSANeeded, QualifyingAssumed}},
		{"volume 10 pro, qualifying os 10 pro, to 7 professional in 2027", dev("Windows 10 Pro", "Volume", "Windows 7 Professional", qualifying("Windows 10 Pro")), []ID{DowngradeExpired}, nil},
		{"oem 10 pro n to 11 pro n", dev("Windows 10 Pro N", "OEM", "Windows 11 Pro N"), nil, []ID{SupportUnchanged, NoSANeeded, FreeUpgrade}},
		// rev 3.
		// rev 4: subscription-ended replaces different-version for this cause.
		{"eas subscription ended before the wave: no licence, same version", dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", agreement("EAS1"), saUntil(2026, 6, 30)), []ID{SubscriptionEnded}, nil},
		{"eas subscription current at the wave", dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", agreement("EAS1"), saUntil(2027, 6, 30)), nil, []ID{NoSANeeded}},
		// rev 4: subscription-ended replaces enterprise-not-covered for this cause.
		{"eas subscription ended: no windows enterprise licence", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", eu, agreement("EAS1"), saUntil(2026, 6, 30)), []ID{SubscriptionEnded}, nil},
		{"oem office standard 2016 de-de to standard 2016 en-us: every rule on every path", dev("Office Standard 2016", "OEM", "Office Standard 2016", licLang("de-DE"), lang("en-US")), []ID{DifferentProduct, DifferentLanguage}, nil},
		{"retail office with sa: the sa is not applied", dev("Office Professional Plus 2019", "Retail", "Office Professional Plus 2019", saDevice), []ID{DifferentProduct}, nil},
		{"volume datacenter 2019 with sa to 2022 standard", dev("Windows Server 2019 Datacenter", "Volume", "Windows Server 2022 Standard", saDevice), nil, []ID{DownEditionRight, NewVersionRight}},
		{"volume datacenter 2019 without sa under mpsa to 2022 standard", dev("Windows Server 2019 Datacenter", "Volume", "Windows Server 2022 Standard", agreement("MPSA1")), []ID{DifferentVersion}, nil},
		{"volume 8.1 pro image with sa to 10 pro", dev("Windows 8.1 Pro", "Volume", "Windows 10 Pro", saDevice), nil, []ID{QualifyingAssumed, NewVersionRight}},
		{"an explicit no wins over the program", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021", saNo), []ID{DifferentVersion}, nil},
		{"sa no and an upgrade under ea: the upgrade's version assumed", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, saNo), nil, []ID{SupportUnchanged, NoSANeeded, UpgradeAssumed}},
		{"the upgrade's date wins over the program", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2022, 1, 1)), nil, []ID{SupportUnchanged, NoSANeeded}},
		// rev 4, item 1: the device's own Windows 11 Pro licence says nothing of the upgrade's
		// version; nothing else does either (MPSA, no SA, no date): assumed.
		{"an upgrade's version is assumed even at the device's own version", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", eu, agreement("MPSA1")), nil, []ID{SupportUnchanged, NoSANeeded, UpgradeAssumed}},
		{"windows 11 enterprise evaluation with sa", dev("Windows 11 Enterprise", "Volume", "Windows 11 Enterprise", saDevice, evaluation), []ID{NoQualifyingOS}, nil},
		{"windows 11 enterprise evaluation with sa and a qualifying os", dev("Windows 11 Enterprise", "Volume", "Windows 11 Enterprise", saDevice, evaluation, qualifying("Windows 11 Pro")), nil, []ID{SupportUnchanged}},
		{"windows 10 pro evaluation to 10 pro", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", evaluation), []ID{NoQualifyingOS}, nil},
		{"oem 10 home to 11 home is not in the upgrade rows", dev("Windows 10 Home", "OEM", "Windows 11 Home", oemMedia("Dell")), []ID{OEMMediaVersion, DifferentVersion}, nil},
		{"oem 10 enterprise ltsc 2019 to ltsc 2021 without coverage", dev("Windows 10 IoT Enterprise LTSC 2019", "OEM", "Windows 10 IoT Enterprise LTSC 2021", oemMedia("Dell")), []ID{DifferentVersion, OEMMediaVersion}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, j, tt.d, tt.reasons, tt.notes) })
	}
}

func oemNotesList() []ID { return []ID{SupportUnchanged, NoSANeeded} }

func check(t *testing.T, j *Judge, d *planner.Device, reasons, notes []ID) {
	t.Helper()
	v, ev := j.Evaluate(d)
	want := func(ids []ID, list []ID) []ID {
		out := []ID{}
		for _, id := range list { // in docs/rules.md's order
			for _, w := range ids {
				if w == id {
					out = append(out, id)
				}
			}
		}
		return out
	}
	if got, w := v.Reasons(), want(reasons, Rules); !reflect.DeepEqual(got, w) {
		t.Errorf("reasons = %v, want %v", got, w)
	}
	if got, w := v.Notes(), want(notes, Notes); !reflect.DeepEqual(got, w) {
		t.Errorf("notes = %v, want %v", got, w)
	}
	if v.Eligible != (len(reasons) == 0) {
		t.Errorf("eligible = %v with reasons %v", v.Eligible, reasons)
	}
	// Every finding is explained in words with its source; reasons say how to fix them.
	for _, f := range j.Explain(v, ev) {
		if f.Text == "" || f.Section == "" || (v.Fails(f.ID) && f.Fix == "") {
			t.Errorf("finding %s is not fully explained: %+v", f.ID, f)
		}
		if strings.Contains(f.Text+f.Fix, "%!") || strings.Contains(f.Text+f.Fix, "(no product given)") {
			t.Errorf("finding %s has a formatting error: %s / %s", f.ID, f.Text, f.Fix)
		}
	}
}

// TestRevision4Cases is docs/rules.md's case table, revision 4, row by row
// (the as-of date is 2026-11-27 and the wave 2027-01-18 unless a row says
// otherwise: the day judged is the wave's), then the items of the section
// "Revision 4" that the table does not show.
func TestRevision4Cases(t *testing.T) {
	j := testJudge()
	tests := []judgeCase{
		// Open License: 2019 bought (licenses_bought), SA until 2022-06-30 on the row; LTSC
		// 2021 made available 2021-09-16 <= 2022-06-30: the 2019 licence with SA counts as
		// bought for 2021 (item 10). No 2021 key: unmatched (capacity, not the rule).
		{"open license pro plus 2019 with sa to ltsc 2021", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021", agreement("OL3"), saUntil(2022, 6, 30)), nil, []ID{NewVersionRight}},
		// Item 1: the upgrade covers up to 2021-06-30; Windows 11 Enterprise was made
		// available 2021-10-04, later; the device's own Windows 11 Pro says nothing of it.
		{"oem 11 pro, upgrade covers until 2021-06-30, mpsa, to 11 enterprise", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2021, 6, 30), agreement("MPSA1")), []ID{DifferentVersion}, nil},
		// A Volume row names the media: no Enterprise licence is said (MPSA gives no SA).
		{"volume 11 enterprise, sa blank, mpsa, nothing else", dev("Windows 11 Enterprise", "Volume", "Windows 11 Enterprise", agreement("MPSA1")), []ID{EnterpriseNotCovered}, nil},
		// The upgrade with no date, no SA, MPSA: assumed; the qualifying OS under the
		// Volume image assumed too.
		{"volume 11 enterprise, upgrade, no date, mpsa", dev("Windows 11 Enterprise", "Volume", "Windows 11 Enterprise", eu, agreement("MPSA1")), nil, []ID{NoSANeeded, QualifyingAssumed, UpgradeAssumed}},
		// Item 2: the upgrade's date (2020-12-31) is before Windows 11 (2021-10-04), but
		// the user's SA per User runs to 2027-12-31, past the wave 2027-01-18: covered.
		{"oem 10 pro, upgrade until 2020-12-31, user sa until 2027-12-31", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2020, 12, 31), userSA(2027, 12, 31)), nil, []ID{SupportUnchanged}},
		// Item 3: the firmware key names the licence under the Preview build: Windows 11
		// Pro OEM, the same product as the target.
		{"windows 11 pro insider preview, firmware pro key, to 11 pro", dev("Windows 11 Pro", "OEM", "Windows 11 Pro", evaluation, qualifying("[4.0] Professional OEM:DM")), nil, []ID{SupportUnchanged, NoSANeeded}},
		// Item 4: EAS; the upgrade's date 2026-03-31 is before the day judged (2027-01-18):
		// the subscription's licence ended.
		{"oem 11 pro, upgrade covers until 2026-03-31, eas", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2026, 3, 31), agreement("EAS1")), []ID{SubscriptionEnded}, nil},
		// Campus is a subscription: SA until 2026-06-30 < 2027-01-18.
		{"volume pro plus 2021, sa until 2026-06-30, campus", dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021", agreement("CAMPUS1"), saUntil(2026, 6, 30)), []ID{SubscriptionEnded}, nil},
		// Item 5: OEM Server 2022 runs 2019 (two versions back).
		{"oem server 2022 standard to 2019 standard", dev("Windows Server 2022 Standard", "OEM", "Windows Server 2019 Standard"), nil, []ID{DowngradeRight, SupportUnchanged, NoSANeeded}},
		// 2025 reaches 2022 and 2019, not 2016.
		{"oem server 2025 standard to 2016 standard", dev("Windows Server 2025 Standard", "OEM", "Windows Server 2016 Standard"), []ID{DifferentVersion}, nil},
		// Item 8's purchase set (To Buy, below); the verdict as in rev 1.
		{"oem 10 home to 11 enterprise, no upgrade", dev("Windows 10 Home", "OEM", "Windows 11 Enterprise"), []ID{NoQualifyingOS, EnterpriseNotCovered}, nil},

		// More of the section.
		// Item 2: SA per device on top of an old upgrade covers (SA Yes: every version).
		{"upgrade until 2020-12-31 and sa per device yes", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2020, 12, 31), saDevice), nil, []ID{SupportUnchanged}},
		// enterprise_wide on top of an old upgrade covers.
		{"upgrade until 2020-12-31 under an enterprise-wide ea", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2020, 12, 31), agreement("EW1")), nil, []ID{SupportUnchanged}},
		// No path covers: the upgrade is too old and the user's SA ends before the wave.
		{"upgrade too old and user sa ended", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2020, 12, 31), userSA(2026, 12, 31)), []ID{DifferentVersion, UserSAExpired}, nil},
		// The qualifying OS is still required on every path.
		{"user sa covers, but a home licence", dev("Windows 10 Home", "OEM", "Windows 11 Enterprise", userSA(2027, 12, 31)), []ID{NoQualifyingOS}, nil},
		// Item 4: the same EAS date in SA Per Device ends the licence too; a buy-out keeps it
		// (EAS2: bought out), covering the versions made available until 2026-03-31.
		{"eas sa per device until 2026-03-31 to 11 enterprise", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", eu, saUntil(2026, 3, 31), agreement("EAS1")), []ID{SubscriptionEnded}, nil},
		{"eas bought out, upgrade until 2026-03-31", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", eu, upgradeUntil(2026, 3, 31), agreement("EAS2")), nil, []ID{SupportUnchanged, NoSANeeded}},
		// User SA keeps user-sa-expired in a subscription program.
		{"eas, user sa ended", dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", userSA(2026, 12, 31), agreement("EAS1")), []ID{UserSAExpired}, nil},
		// Item 5: OEM Datacenter runs Standard of its own version, and of one two back.
		{"oem server 2022 datacenter to 2022 standard", dev("Windows Server 2022 Datacenter", "OEM", "Windows Server 2022 Standard"), nil, []ID{DownEditionRight, SupportUnchanged, NoSANeeded}},
		{"oem server 2022 datacenter to 2019 standard", dev("Windows Server 2022 Datacenter", "OEM", "Windows Server 2019 Standard"), nil, []ID{DownEditionRight, DowngradeRight, SupportUnchanged, NoSANeeded}},
		// Volume media still need a program with reimaging rights.
		{"oem server 2022 standard to 2019 under csp", dev("Windows Server 2022 Standard", "OEM", "Windows Server 2019 Standard", agreement("CSP1")), []ID{ProgramNotEligible}, nil},
		// Item 10: without SA covering 2021, the 2019 purchase does not count for it.
		{"open license pro plus 2019, sa until 2021-06-30, to ltsc 2021", dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021", agreement("OL3"), saUntil(2021, 6, 30)), []ID{OpenLicenseNotBought, DifferentVersion}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, j, tt.d, tt.reasons, tt.notes) })
	}
}
