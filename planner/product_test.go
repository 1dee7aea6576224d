package planner

import (
	"strings"
	"testing"
)

func TestLookupProduct(t *testing.T) {
	tests := []struct{ in, hint, want string }{
		{"Windows 10 Pro", "", "Windows 10 Pro"},
		{"Microsoft Windows 10 Pro", "", "Windows 10 Pro"},
		{"Win 10 Pro", "", "Windows 10 Pro"},
		{"Windows(R), Professional edition", "10.0.19045", "Windows 10 Pro"},
		{"Windows(R), Professional edition", "10.0.22631", "Windows 11 Pro"},
		{"Windows(R), Enterprise edition", "6.3.9600", "Windows 8.1 Enterprise"},
		{"Windows(R), EnterpriseS edition", "10.0.17763", "Windows 10 Enterprise LTSC 2019"},
		{"Microsoft Windows 10 Enterprise LTSC", "10.0.19044", "Windows 10 Enterprise LTSC 2021"},
		{"Windows(R), ProfessionalWorkstation edition", "10.0.19045", "Windows 10 Pro for Workstations"},
		{"Windows(R), ServerStandard edition", "10.0.17763", "Windows Server 2019 Standard"},
		{"Windows(R), ServerDatacenter edition", "6.3.9600", "Windows Server 2012 R2 Datacenter"},
		{"Windows(R), ServerTurbine edition", "10.0.20348", "Windows Server 2022 Datacenter: Azure Edition"},
		{"Professional", "10.0.19045", "Windows 10 Pro"}, // Intune's SkuFamily with its OS version
		{"Windows 7 Pro", "", "Windows 7 Professional"},
		{"Windows Vista Business", "", "Windows Vista Business"},
		{"Windows 11 Pro N", "", "Windows 11 Pro N"},
		{"Windows 10 Pro N for Workstations", "", "Windows 10 Pro N for Workstations"},
		{"Windows 10 Enterprise 2016 LTSB", "", "Windows 10 Enterprise 2016 LTSB"},
		{"Windows 10 Enterprise LTSB 2016", "", "Windows 10 Enterprise 2016 LTSB"},
		{"Windows 10 IoT Enterprise LTSC 2021", "", "Windows 10 IoT Enterprise LTSC 2021"},
		{"Windows 8.1", "", "Windows 8.1"},
		{"Windows Server 2012R2 Essentials", "", "Windows Server 2012 R2 Essentials"},
		{"Windows Srv 2019 Std", "", "Windows Server 2019 Standard"},
		{"Office 2019 Professional Plus", "", "Office Professional Plus 2019"},
		{"Office16_ProPlus2019VL", "", "Office Professional Plus 2019"},
		{"Office 16, Office16ProPlusVL_MAK edition", "", "Office Professional Plus 2016"},
		{"Office 21, Office21ProPlus2021VL_MAK_AE edition", "", "Office LTSC Professional Plus 2021"},
		{"Office LTSC Professional Plus 2021", "", "Office LTSC Professional Plus 2021"},
		{"Office Professional Plus 2021", "", "Office Professional Plus 2021"}, // the retail suite; Volume rows mean the LTSC one (VolumeForm)
		{"Office Standard 2021", "", "Office LTSC Standard 2021"},              // only the LTSC suite exists
		{"Office Home & Business 2019", "", "Office Home and Business 2019"},
		{"Office 365 ProPlus", "", "Microsoft 365 Apps for enterprise"},
		{"Office16O365ProPlusR_Subscription1", "", "Microsoft 365 Apps for enterprise"},
		{"Visio LTSC Professional 2021", "", "Visio LTSC Professional 2021"},
	}
	for _, tt := range tests {
		p, err := LookupProduct(tt.in, tt.hint)
		if err != nil || p.Name != tt.want {
			t.Errorf("LookupProduct(%q, %q) = %v, %v; want %s", tt.in, tt.hint, p, err, tt.want)
		}
	}
	if p, _ := LookupProduct("Office Professional Plus 2021", ""); p.VolumeForm().Name != "Office LTSC Professional Plus 2021" {
		t.Errorf("the Volume form of the retail suite is %v", p.VolumeForm())
	}
}

// TestNamesAreNeverGuessed: another vendor's product, a Microsoft product the
// catalogue does not model, a typo, a name that could be several products.
func TestNamesAreNeverGuessed(t *testing.T) {
	tests := []struct{ in, suggestion, candidates string }{
		{"Win 11 Ent", "Windows 11 Enterprise", ""},
		{"Windows 11 Enterprize", "Windows 11 Enterprise", ""},
		{"Windows Server 2019 Standart", "Windows Server 2019 Standard", ""},
		{"Acrobat Pro", "", ""},
		{"Storage Server 2016", "", ""},
		{"Office16MondoVL_KMS_Client", "", ""},
		{"SQL Server 2019 Standard", "", ""},
		{"Windows 3.11 for Workgroups", "", ""},
		{"Windows(R), Professional edition", "", "Windows XP Professional"},
		{"Microsoft Windows 10 Enterprise LTSC", "", "Windows 10 Enterprise 2015 LTSB"},
		{"Windows Srv 2019 DataCtr/Std", "", "Windows Server 2019 Datacenter"},
	}
	for _, tt := range tests {
		p, err := LookupProduct(tt.in, "")
		pe, ok := err.(*ProductError)
		if p != nil || !ok {
			t.Errorf("LookupProduct(%q) = %v, %v; want a ProductError", tt.in, p, err)
			continue
		}
		pe.Suggested()
		if pe.Suggestion != tt.suggestion {
			t.Errorf("%q: suggestion %q, want %q", tt.in, pe.Suggestion, tt.suggestion)
		}
		if tt.candidates != "" && (len(pe.Candidates) < 2 || pe.Candidates[0].Name != tt.candidates) {
			t.Errorf("%q: candidates %v, want several starting with %s", tt.in, pe.Candidates, tt.candidates)
		}
	}
}

// TestKeyCoverage: a key covers exactly the products its export names.
func TestKeyCoverage(t *testing.T) {
	tests := []struct {
		key, target string
		want        bool
	}{
		{"Windows 10/11 Enterprise", "Windows 11 Enterprise", true},
		{"Windows 10/11 Enterprise", "Microsoft Windows 10 Enterprise", true},
		{"Windows 10/11 Enterprise", "Windows 11 Enterprise N", false},
		{"Windows 10/11 Enterprise", "Windows 10 Enterprise LTSC 2019", false},
		{"Windows 10/11 Enterprise", "Windows 11 Pro", false},
		{"Windows 10/11 Enterprise", "Windows 8.1 Enterprise", false},
		{"Windows 10/11 Enterprise N", "Windows 11 Enterprise N", true},
		{"Windows 10 Enterprise LTSC 2019", "Windows 10 Enterprise LTSC 2019", true},
		{"Windows 10 Enterprise LTSC 2019", "Windows 10 Enterprise LTSC 2021", false},
		{"Windows 10/11 Pro", "Windows 10 Pro", true},
		{"Office LTSC Professional Plus 2021", "Office Professional Plus 2021", true}, // a Volume target is the LTSC suite
		{"Office Professional Plus 2021", "Office LTSC Professional Plus 2021", true}, // as VAMT may name the key
		{"Office LTSC Professional Plus 2021", "Office Professional Plus 2019", false},
		{"Office Professional Plus 2019", "Office Standard 2019", false},
		{"Windows Server 2022 Standard", "Windows Server 2022 Datacenter", false},
		{"Windows Srv 2019 DataCtr/Std", "Windows Server 2019 Standard", true},
	}
	for _, tt := range tests {
		kp, err := NewKeyProduct(tt.key)
		if err != nil {
			t.Fatal(err)
		}
		target, err := LookupProduct(tt.target, "")
		if err != nil {
			t.Fatal(err)
		}
		k := Key{Type: KeyMAK, Products: []KeyProduct{kp}}
		if got := k.Covers(target.VolumeForm()); got != tt.want {
			t.Errorf("%q covers %q = %v, want %v", tt.key, tt.target, got, tt.want)
		}
	}
	kp, _ := NewKeyProduct("Windows 10/11 Enterprise")
	if err := kp.Widen([]string{"Windows 10/11 Enterprise N"}); err != nil || len(kp.Covers) != 4 {
		t.Errorf("widened: %v, %v", kp.Covers, err)
	}
}

// TestCatalogueInvariants: names are unique and read back as themselves;
// every Windows edition has its edition ID where Windows has one.
func TestCatalogueInvariants(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Catalogue() {
		if seen[p.Name] {
			t.Errorf("%s is in the catalogue twice", p.Name)
		}
		seen[p.Name] = true
		if q, err := LookupProduct(p.Name, ""); q != p {
			t.Errorf("%q reads as %v, %v", p.Name, q, err)
		}
		if strings.Contains(p.Name, "  ") || strings.TrimSpace(p.Name) != p.Name {
			t.Errorf("%q is badly spaced", p.Name)
		}
	}
	if len(seen) < 200 {
		t.Errorf("only %d products", len(seen))
	}
}

// TestAvailableDates: the day each version was made available, as
// docs/rules.md lists them (what SA and an Enterprise Upgrade cover is
// decided by them), and every perpetual product has one.
func TestAvailableDates(t *testing.T) {
	for name, want := range map[string]string{
		"Windows Server 2012 Standard": "2012-10-30", "Windows Server 2012 R2 Standard": "2013-11-25",
		"Windows Server 2016 Datacenter": "2016-10-15", "Windows Server 2019 Standard": "2018-11-13",
		"Windows Server 2022 Standard": "2021-08-18", "Windows Server 2025 Datacenter": "2024-11-01",
		"Office Professional Plus 2016": "2015-09-22", "Visio Professional 2019": "2018-09-24", "Project Standard 2016": "2015-09-22",
		"Office LTSC Professional Plus 2021": "2021-09-16", "Visio LTSC Standard 2021": "2021-09-16", "Project Professional 2021": "2021-10-05",
		"Office LTSC Standard 2024": "2024-09-16", "Visio LTSC Professional 2024": "2024-09-16", "Project Professional 2024": "2024-10-01",
		"Windows 10 Pro": "2015-07-29", "Windows 10 Enterprise 2016 LTSB": "2016-08-02", "Windows 10 Enterprise LTSC 2019": "2018-11-13",
		"Windows 10 Enterprise LTSC 2021": "2021-11-16", "Windows 11 Enterprise": "2021-10-04", "Windows 11 Enterprise LTSC 2024": "2024-10-01",
	} {
		p, err := LookupProduct(name, "")
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Available.String(); got != want {
			t.Errorf("%s made available %s, want %s", name, got, want)
		}
	}
	for _, p := range Catalogue() {
		if !p.Subscription && p.Available.IsZero() {
			t.Errorf("%s has no date it was made available", p.Name)
		}
	}
}

// TestInventoryNames: Click-to-Run names with their language suffix and
// build, service packs, Evaluation and Preview editions (docs/rules.md,
// "What an explanation shows").
func TestInventoryNames(t *testing.T) {
	tests := []struct {
		in, product, lang, build string
		eval                     bool
	}{
		{"Microsoft Office LTSC Professional Plus 2024 - en-us", "Microsoft Office LTSC Professional Plus 2024", "en-us", "", false},
		{"Microsoft Office LTSC Professional Plus 2024 - de-de - 16.0.19127.20302", "Microsoft Office LTSC Professional Plus 2024", "de-de", "16.0.19127.20302", false},
		{"Microsoft Visio LTSC Professional 2021 - sr-latn-rs", "Microsoft Visio LTSC Professional 2021", "sr-latn-rs", "", false},
		{"Microsoft Project Professional 2021 - 16.0.14332.20000", "Microsoft Project Professional 2021", "", "16.0.14332.20000", false},
		{"Office Standard 2010 with SP1", "Office Standard 2010", "", "", false},
		{"Windows Server 2022 Standard Evaluation", "Windows Server 2022 Standard", "", "", true},
		{"Windows 11 Pro Insider Preview", "Windows 11 Pro", "", "", true},
		{"Microsoft 365 Apps for enterprise - en-us - Current Channel (Preview)", "Microsoft 365 Apps for enterprise", "en-us", "", false},
		{"Windows 11 Pro (Release Preview)", "Windows 11 Pro", "", "", false},
		{"Windows 10 Pro", "Windows 10 Pro", "", "", false},
	}
	for _, tt := range tests {
		got := ParseInventoryName(tt.in)
		if got.Product != tt.product || got.Language != tt.lang || got.Build != tt.build || got.Evaluation != tt.eval {
			t.Errorf("ParseInventoryName(%q) = %+v", tt.in, got)
		}
	}
	for in, want := range map[string]string{
		"Microsoft Office LTSC Professional Plus 2024 - en-us":                    "Office LTSC Professional Plus 2024",
		"Microsoft Office LTSC Professional Plus 2024 - en-us - 16.0.19127.20302": "Office LTSC Professional Plus 2024",
		"Office Standard 2010 with SP1":                                           "Office Standard 2010",
		"4":                                                                       "", // skuNumber needs the OS Version
	} {
		p, err := LookupProduct(in, "")
		if want == "" {
			if err == nil {
				t.Errorf("%q read as %v without a version", in, p)
			}
			continue
		}
		if err != nil || p.Name != want {
			t.Errorf("LookupProduct(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	if p, err := LookupProduct("48", "10.0.22631"); err != nil || p.Name != "Windows 11 Pro" {
		t.Errorf("skuNumber 48 on 10.0.22631 = %v, %v", p, err)
	}
	if p, ev, err := LookupLicensed("Windows Server 2022 Standard Evaluation", ""); err != nil || !ev || p.Name != "Windows Server 2022 Standard" {
		t.Errorf("LookupLicensed(evaluation) = %v, %v, %v", p, ev, err)
	}
	if _, err := LookupProduct("Windows Server 2022 Standard Evaluation", ""); err == nil || !strings.Contains(err.Error(), "Evaluation or Preview edition") {
		t.Errorf("an evaluation target: %v", err)
	}
}
