package rules

import (
	"reflect"
	"strings"
	"testing"
	gotime "time"

	"github.com/makplan/makplan/planner"
)

var (
	asOf     = planner.NewDate(2026, 11, 27)
	waveDate = planner.NewDate(2027, 1, 18)
)

func testJudge() *Judge {
	return NewJudge([]planner.Agreement{
		{Number: "EA1", Program: planner.ProgramEA},
		{Number: "OV1", Program: planner.ProgramOpenValue, Bought: []planner.Purchase{
			{Product: planner.ParseProduct("Office Professional Plus 2019"), Count: 0},
			{Product: planner.ParseProduct("Office Professional Plus 2021"), Count: 3}}},
		{Number: "CSP1", Program: planner.ParseProgram("CSP")},
	}, Builtin(), asOf)
}

type opt func(*planner.Device)

func dev(licensed, channel, target string, opts ...opt) *planner.Device {
	ch, err := planner.ParseChannel(channel)
	if err != nil {
		panic(err)
	}
	d := &planner.Device{
		Name: "PC", Manufacturer: "Dell", Channel: ch, Agreement: "EA1", Media: planner.MediaVolume,
		Activation: planner.ActivationMAK, Wave: "W2", WaveDate: waveDate,
		Licensed: planner.Image{Prod: ptr(planner.ParseProduct(licensed)), Language: "en-US", Arch: planner.ArchX64},
		Target:   planner.ImageOf(planner.ParseProduct(target)),
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

func ptr(p planner.Product) *planner.Product { return &p }

func eu(d *planner.Device)       { d.EnterpriseUpgrade = true }
func saDevice(d *planner.Device) { d.SAPerDevice = true }
func userSA(y, m, day int) opt {
	return func(d *planner.Device) { d.UserSAUntil = planner.NewDate(y, gotime.Month(m), day) }
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
func targetComps(c ...string) opt        { return func(d *planner.Device) { d.Target.Components = c } }
func retailMedia(d *planner.Device)      { d.Media = planner.MediaRetail }
func modifiedOEMMedia(d *planner.Device) { oemMedia("")(d); d.Modified = true }
func oemImaged(yes bool) opt {
	return func(d *planner.Device) { d.HasOEMFlag, d.OEMImaged = true, yes }
}
func oemMedia(oem string) opt {
	return func(d *planner.Device) { d.Media, d.MediaOEM = planner.MediaOEM, planner.NormalizeManufacturer(oem) }
}

func TestBriefCases(t *testing.T) {
	j := testJudge()
	tests := []struct {
		name    string
		d       *planner.Device
		reasons []ID
		notes   []ID
	}{
		{"server standard to essentials", dev("Windows Server 2012 R2 Standard", "Volume", "Windows Server 2012 R2 Essentials"), []ID{DifferentProduct}, nil},
		{"oem pro to enterprise without upgrade", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise"), []ID{EnterpriseNotCovered}, nil},
		{"oem pro to enterprise with user sa past the wave", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", userSA(2027, 12, 31)), nil, []ID{SupportUnchanged}},
		{"oem pro to enterprise with user sa ending before the wave", dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", userSA(2027, 1, 10)), []ID{UserSAExpired}, nil},
		{"office 365 proplus to professional plus 2016", dev("Office 365 ProPlus", "Volume", "Office Professional Plus 2016"), []ID{DifferentProduct}, nil},
		{"oem office standard to professional plus", dev("Office Standard 2016", "OEM", "Office Professional Plus 2016"), []ID{DifferentProduct, DifferentComponents}, nil},
		{"english to mui", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", lang(planner.MUI)), []ID{DifferentLanguage}, nil},
		{"english to french", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", lang("fr-FR")), []ID{DifferentLanguage}, nil},
		{"server 2012 r2 to 2012 without a server downgrade row", dev("Windows Server 2012 R2 Standard", "Volume", "Windows Server 2012 Standard"), []ID{DifferentVersion}, nil},
		{"oem 8.1 pro to 10 enterprise without upgrade", dev("Windows 8.1 Pro", "OEM", "Windows 10 Enterprise"), []ID{DifferentVersion, EnterpriseNotCovered}, nil},
		{"oem 10 pro to 7 professional", dev("Windows 10 Pro", "OEM", "Windows 7 Professional"), nil, []ID{DowngradeRight, SupportUnchanged, NoSANeeded}},
		{"oem 10 pro x86 to x64 from volume media", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX86, planner.ArchX64)), nil, []ID{ArchitectureChange, SupportUnchanged, NoSANeeded}},
		{"oem pro reimaged from retail media", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", retailMedia), []ID{RetailMediaReuse}, nil},
		{"oem 10 pro with enterprise upgrade to 11 enterprise", dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu), nil, []ID{SupportUnchanged, NoSANeeded}},
		{"volume enterprise with nothing else", dev("Windows 10 Enterprise", "Volume", "Windows 10 Enterprise"), []ID{NoQualifyingOS}, nil},
		{"hp recovery image on a dell", dev("Windows 10 Pro", "OEM", "Windows 10 Pro", make_("Dell Inc."), oemMedia("HP")), []ID{OEMMediaOtherDevice}, nil},
		{"professional plus 2019 under open value with none bought", dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", agreement("OV1")), []ID{OpenLicenseNotBought}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { check(t, j, tt.d, tt.reasons, tt.notes) })
	}
}

func check(t *testing.T, j *Judge, d *planner.Device, reasons, notes []ID) {
	t.Helper()
	v := j.Judge(d)
	if reasons == nil {
		reasons = []ID{}
	}
	if notes == nil {
		notes = []ID{}
	}
	if got := v.Reasons(); !reflect.DeepEqual(got, reasons) {
		t.Errorf("reasons = %v, want %v", got, reasons)
	}
	if got := v.Notes(); !reflect.DeepEqual(got, notes) {
		t.Errorf("notes = %v, want %v", got, notes)
	}
	if v.Eligible != (len(reasons) == 0) {
		t.Errorf("eligible = %v with reasons %v", v.Eligible, reasons)
	}
	// Every finding is explained in words with its section; reasons say how to fix them.
	for _, f := range j.Explain(d, v) {
		if f.Text == "" || f.Section == "" || (v.Fails(f.ID) && f.Fix == "") {
			t.Errorf("finding %s is not fully explained: %+v", f.ID, f)
		}
		if strings.Contains(f.Text, "%!") {
			t.Errorf("finding %s has a formatting error: %s", f.ID, f.Text)
		}
	}
}

// TestEachRuleBothWays: for every rule and note, a case that fires it and a
// near miss that does not.
func TestEachRuleBothWays(t *testing.T) {
	j := testJudge()
	tests := []struct {
		name        string
		id          ID
		fires, near *planner.Device
	}{
		{"program without reimaging rights", ProgramNotEligible,
			dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, agreement("CSP1")), dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu)},
		{"agreement missing from the configuration", ProgramNotEligible,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", agreement("999")), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", agreement("EA1"))},
		{"open value with none of the product bought", OpenLicenseNotBought,
			dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", agreement("OV1")), dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021", agreement("OV1"))},
		{"pro to education", DifferentProduct,
			dev("Windows 10 Pro", "OEM", "Windows 10 Education"), dev("Windows 10 Pro", "OEM", "Windows 10 Pro")},
		{"home cannot carry an enterprise upgrade", DifferentProduct,
			dev("Windows 10 Home", "OEM", "Windows 10 Enterprise", eu), dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", eu)},
		{"custom professional plus without access", DifferentComponents,
			dev("Office Professional Plus 2019", "OEM", "Office Professional Plus 2019", targetComps("Word", "Excel", "PowerPoint", "Outlook", "OneNote", "Publisher", "Skype for Business")),
			dev("Office Professional Plus 2019", "OEM", "Office Professional Plus 2019", comps([]string{"Word", "Excel"}, "excel", "word"))},
		{"german licence, english image", DifferentLanguage,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", licLang("de-DE"), lang("en-US")), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", licLang("de-DE"))},
		{"oem 10 pro to 11 pro", DifferentVersion,
			dev("Windows 10 Pro", "OEM", "Windows 11 Pro"), dev("Windows 10 Pro", "OEM", "Windows 8.1 Pro")},
		{"volume pro without a qualifying os", NoQualifyingOS,
			dev("Windows 10 Pro", "Volume", "Windows 10 Pro"), dev("Windows 10 Pro", "Retail", "Windows 10 Pro")},
		{"pro to enterprise with nothing", EnterpriseNotCovered,
			dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise"), dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", saDevice)},
		{"user sa ends the day before the wave", UserSAExpired,
			dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", userSA(2027, 1, 17)), dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", userSA(2027, 1, 18))},
		{"oem media, device not imaged with it", OEMMediaOtherDevice,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia("Dell"), oemImaged(false)), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia("Dell Inc."), oemImaged(true))},
		{"modified oem media", OEMMediaVersion,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", modifiedOEMMedia), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia(""))},
		{"oem media of another version", OEMMediaVersion,
			dev("Windows 11 Pro", "OEM", "Windows 10 Pro", oemMedia("Dell")), dev("Windows 11 Pro", "OEM", "Windows 11 Pro", oemMedia("Dell"))},
		{"retail media on an oem device", RetailMediaReuse,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", retailMedia), dev("Windows 10 Pro", "Retail", "Windows 10 Pro", retailMedia)},
		{"downgrade by the oem eula", DowngradeRight,
			dev("Windows 10 Pro", "OEM", "Windows 8.1 Pro"), dev("Windows 10 Pro", "OEM", "Windows 10 Pro")},
		{"32 to 64 bit", ArchitectureChange,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX86, planner.ArchX64)), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX64, planner.ArchX64))},
		{"32 to 64 bit while the edition changes too", ArchitectureChange,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX86, planner.ArchX64)), dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", eu, arch(planner.ArchX86, planner.ArchX64))},
		{"oem licence keeps support unchanged", SupportUnchanged,
			dev("Windows 10 Pro", "OEM", "Windows 10 Pro"), dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021")},
		{"eligible without sa", NoSANeeded,
			dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu), dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", saDevice)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fires, near := j.Judge(tt.fires), j.Judge(tt.near)
			if !fires.Fails(tt.id) && !fires.Noted(tt.id) {
				t.Errorf("%s did not fire: reasons %v notes %v", tt.id, fires.Reasons(), fires.Notes())
			}
			if near.Fails(tt.id) || near.Noted(tt.id) {
				t.Errorf("%s fired on the near miss: reasons %v notes %v", tt.id, near.Reasons(), near.Notes())
			}
		})
	}
}

// TestEveryIDIsTested keeps the two tables above complete.
func TestCatalogComplete(t *testing.T) {
	for _, id := range append(append([]ID{}, Rules...), Notes...) {
		info, ok := Catalog[id]
		if !ok || info.Section == "" || info.Title == "" {
			t.Errorf("%s has no catalog entry", id)
		}
		if got, ok := ParseID(string(id)); !ok || got != id {
			t.Errorf("ParseID(%s) = %v, %v", id, got, ok)
		}
	}
}

func TestDowngradeTableConfig(t *testing.T) {
	p := planner.ParseProduct
	tbl := Builtin().With(
		[]Downgrade{{License: p("Windows Server 2012 R2 Standard"), Channel: planner.ChannelVolume, Earlier: true}},
		[]Downgrade{{License: p("Windows 10 Pro"), Channel: planner.ChannelOEM, MayRun: p("Windows 7 Professional")}})
	j := testJudge()
	j.Downgrades = tbl
	if v := j.Judge(dev("Windows Server 2012 R2 Standard", "Volume", "Windows Server 2012 Standard")); !v.Eligible || !v.Noted(DowngradeRight) {
		t.Errorf("added server row not used: %v", v.Reasons())
	}
	if v := j.Judge(dev("Windows 10 Pro", "OEM", "Windows 7 Professional")); !v.Fails(DifferentVersion) {
		t.Errorf("removed row still used: %v", v.Notes())
	}
	if len(tbl) != len(Builtin()) {
		t.Errorf("table has %d rows, want %d (one removed, one added)", len(tbl), len(Builtin()))
	}
}
