package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
)

// bothWays has, for every rule and note, a device that fires it and a near
// miss — as alike as possible — that does not.
var bothWays = []struct {
	name        string
	id          ID
	fires, near *planner.Device
	asOf        planner.Date // the judge's as-of date when not the usual one
}{
	{"program without reimaging rights", ProgramNotEligible,
		dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, agreement("CSP1")), dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu), planner.Date{}},
	{"agreement missing from the configuration", ProgramNotEligible,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", agreement("999")), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", agreement("EA1")), planner.Date{}},
	{"open value with none of the product bought", OpenLicenseNotBought,
		dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", agreement("OV1")), dev("Visio Standard 2019", "Volume", "Visio Standard 2019", agreement("OV1")), planner.Date{}},
	{"pro to education outside academic programs", DifferentProduct,
		dev("Windows 10 Pro", "OEM", "Windows 10 Education"), dev("Windows 10 Pro", "OEM", "Windows 10 Pro"), planner.Date{}},
	{"oem office to commercial licensing office", DifferentProduct,
		dev("Office Professional Plus 2019", "Retail", "Office Professional Plus 2019"), dev("Office Professional Plus 2019", "Retail", "Office Professional Plus 2019", oemMedia("Dell"), oemImaged(true)), planner.Date{}},
	{"custom professional plus with a component the license lacks", DifferentComponents,
		dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", comps([]string{"Word", "Excel"}, "Word", "Access")),
		dev("Office Professional Plus 2019", "Volume", "Office Professional Plus 2019", comps([]string{"Word", "Excel"}, "excel", "word")), planner.Date{}},
	{"n edition to the full edition", DifferentComponents,
		dev("Windows 10 Pro N", "OEM", "Windows 10 Pro"), dev("Windows 10 Pro N", "OEM", "Windows 10 Pro N"), planner.Date{}},
	{"german license, english image", DifferentLanguage,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", licLang("de-DE"), lang("en-US")), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", licLang("de-DE")), planner.Date{}},
	{"oem 8.1 pro to 10 pro", DifferentVersion,
		dev("Windows 8.1 Pro", "OEM", "Windows 10 Pro"), dev("Windows 10 Pro", "OEM", "Windows 11 Pro"), planner.Date{}},
	{"firmware home key under a volume enterprise image", NoQualifyingOS,
		dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice, qualifying("[4.0] CoreSingleLanguage OEM:DM")),
		dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice, qualifying("[4.0] ProfessionalEducation OEM:DM")), planner.Date{}},
	{"pro to enterprise with nothing", EnterpriseNotCovered,
		dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise"), dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", saDevice), planner.Date{}},
	{"user sa ends the day before the wave", UserSAExpired,
		dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", userSA(2027, 1, 17)), dev("Windows 11 Pro", "OEM", "Windows 11 Enterprise", userSA(2027, 1, 18)), planner.Date{}},
	{"oem media, device not imaged with it", OEMMediaOtherDevice,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia("Dell"), oemImaged(false)), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia("Dell Inc."), oemImaged(true)), planner.Date{}},
	{"modified oem media", OEMMediaVersion,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", modifiedOEMMedia), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia("")), planner.Date{}},
	{"oem media of another version", OEMMediaVersion,
		dev("Windows 11 Pro", "OEM", "Windows 10 Pro", oemMedia("Dell")), dev("Windows 11 Pro", "OEM", "Windows 11 Pro", oemMedia("Dell")), planner.Date{}},
	{"retail media on an oem device", RetailMediaReuse,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", retailMedia), dev("Windows 10 Pro", "Retail", "Windows 10 Pro", retailMedia), planner.Date{}},
	{"oem downgrade the day after support ended", DowngradeExpired,
		dev("Windows 11 Pro", "OEM", "Windows 10 Pro", wave(2025, 10, 15)), dev("Windows 11 Pro", "OEM", "Windows 10 Pro", wave(2025, 10, 14)), planner.NewDate(2025, 6, 1)},
	{"iot enterprise from volume media", NotAVolumeProduct,
		dev("Windows 10 IoT Enterprise LTSC 2021", "OEM", "Windows 10 IoT Enterprise LTSC 2021"),
		dev("Windows 10 IoT Enterprise LTSC 2021", "OEM", "Windows 10 IoT Enterprise LTSC 2021", oemMedia("Dell")), planner.Date{}},
	{"a product not in the catalogue", UnrecognisedProduct,
		unrecognised(dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu), "Win 11 Ent"), dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu), planner.Date{}},
	{"downgrade by the oem license terms", DowngradeRight,
		dev("Windows 10 Pro", "OEM", "Windows 8.1 Pro", wave(2022, 12, 1)), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", wave(2022, 12, 1)), planner.NewDate(2022, 6, 1)},
	{"32 to 64 bit", ArchitectureChange,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX86, planner.ArchX64)), dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX64, planner.ArchX64)), planner.Date{}},
	{"32 to 64 bit while the edition changes too", ArchitectureChange,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", arch(planner.ArchX86, planner.ArchX64)), dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", eu, arch(planner.ArchX86, planner.ArchX64)), planner.Date{}},
	{"oem license keeps support unchanged", SupportUnchanged,
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro"), dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021"), planner.Date{}},
	// rev 4: the upgrade's own date says which versions it covers (Windows 10 Enterprise,
	// 2015-07-29 <= 2022-01-01), no SA needed; SA per device on the near miss.
	{"eligible without sa", NoSANeeded,
		dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", eu, upgradeUntil(2022, 1, 1)), dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise", saDevice), planner.Date{}},
	// rev 4: EAS, SA per device ended 2026-06-30, before the as-of date (2026-11-27); the
	// near miss runs to 2027-06-30, past the wave.
	{"a subscription's licence ended", SubscriptionEnded,
		dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021", agreement("EAS1"), saUntil(2026, 6, 30)),
		dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021", agreement("EAS1"), saUntil(2027, 6, 30)), planner.Date{}},
	{"datacenter license, standard image", DownEditionRight,
		dev("Windows Server 2019 Datacenter", "Volume", "Windows Server 2019 Standard"), dev("Windows Server 2019 Standard", "Volume", "Windows Server 2019 Standard"), planner.Date{}},
	{"volume enterprise image with sa, qualifying os blank", QualifyingAssumed,
		dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice), dev("Windows 10 Enterprise", "Volume", "Windows 11 Enterprise", saDevice, qualifying("Windows 10 Pro")), planner.Date{}},
	{"oem 10 pro for workstations to 11", FreeUpgrade,
		dev("Windows 10 Pro for Workstations", "OEM", "Windows 11 Pro for Workstations"), NewJudgeWithout(dev("Windows 10 Pro for Workstations", "OEM", "Windows 11 Pro for Workstations")), planner.Date{}},
	// Server 2022 was made available on 2021-08-18.
	{"a later version made available while sa was active", NewVersionRight,
		dev("Windows Server 2019 Standard", "Volume", "Windows Server 2022 Standard", saUntil(2021, 8, 18)),
		dev("Windows Server 2019 Standard", "Volume", "Windows Server 2022 Standard", saUntil(2021, 8, 17)), planner.Date{}},
	// Windows 11 was made available on 2021-10-04.
	{"an upgrade with nothing said of its version", UpgradeAssumed,
		dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, agreement("MPSA1")),
		dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu, agreement("MPSA1"), upgradeUntil(2021, 10, 4)), planner.Date{}},
	{"a blank sa column under ea", SAFromProgram,
		dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021"),
		dev("Office Professional Plus 2019", "Volume", "Office LTSC Professional Plus 2021", saDevice), planner.Date{}},
	{"microsoft 365 apps to itself", SubscriptionNote,
		dev("Microsoft 365 Apps for enterprise", "Volume", "Microsoft 365 Apps for enterprise"), dev("Microsoft 365 Apps for enterprise", "Volume", "Office Professional Plus 2019"), planner.Date{}},
}

// NewJudgeWithout marks a near miss judged with rules.free_upgrade: false (see TestEachRuleBothWays).
func NewJudgeWithout(d *planner.Device) *planner.Device { d.Name = "no-free-upgrade"; return d }

// unrecognised turns d's target into a name that is not in the catalogue.
func unrecognised(d *planner.Device, target string) *planner.Device {
	d.Target = planner.Image{Text: target}
	return d
}

// TestEachRuleBothWays: for every rule and note, a case that fires it and a
// near miss that does not.
func TestEachRuleBothWays(t *testing.T) {
	j := testJudge()
	noUpgrade := NewJudge(testAgreements(), Builtin(false), asOf, testKeys())
	for _, tt := range bothWays {
		t.Run(tt.name, func(t *testing.T) {
			fj, nj := j, j
			if !tt.asOf.IsZero() {
				fj = NewJudge(testAgreements(), Builtin(true), tt.asOf, testKeys())
				nj = fj
			}
			if tt.near.Name == "no-free-upgrade" {
				nj = noUpgrade
			}
			fires, near := fj.Judge(tt.fires), nj.Judge(tt.near)
			if !fires.Fails(tt.id) && !fires.Noted(tt.id) {
				t.Errorf("%s did not fire: reasons %v notes %v", tt.id, fires.Reasons(), fires.Notes())
			}
			if near.Fails(tt.id) || near.Noted(tt.id) {
				t.Errorf("%s fired on the near miss: reasons %v notes %v", tt.id, near.Reasons(), near.Notes())
			}
		})
	}
}

// TestEveryIDHasCases fails when a rule or note ID has no both-ways case,
// or no catalog entry: a new ID must come with its tests and its words.
func TestEveryIDHasCases(t *testing.T) {
	for _, id := range append(append([]ID{}, Rules...), Notes...) {
		found := false
		for _, c := range bothWays {
			found = found || c.id == id
		}
		if !found {
			t.Errorf("%s has no both-ways case", id)
		}
		info, ok := Catalog[id]
		if !ok || info.Section == "" || info.Title == "" || (isRule(id) && info.Fix == "") {
			t.Errorf("%s has no complete catalog entry", id)
		}
		if got, ok := ParseID(string(id)); !ok || got != id {
			t.Errorf("ParseID(%s) = %v, %v", id, got, ok)
		}
	}
}

func isRule(id ID) bool {
	for _, r := range Rules {
		if r == id {
			return true
		}
	}
	return false
}

// TestEveryIDDocumented: docs/rules.md explains every rule and note.
func TestEveryIDDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range append(append([]ID{}, Rules...), Notes...) {
		if !strings.Contains(string(doc), "| `"+string(id)+"` |") {
			t.Errorf("docs/rules.md has no row for %s", id)
		}
	}
}
