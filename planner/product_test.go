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
