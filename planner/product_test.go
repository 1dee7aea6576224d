package planner

import (
	"strings"
	"testing"
)

func TestParseProduct(t *testing.T) {
	tests := []struct {
		in, hint string
		family   Family
		name     string
	}{
		{"Windows 10 Pro", "", FamilyWindows, "Windows 10 Pro"},
		{"Microsoft Windows 10 Pro", "", FamilyWindows, "Windows 10 Pro"},
		{"Win 10 Pro", "", FamilyWindows, "Windows 10 Pro"},
		{"Windows(R), Professional edition", "10.0.19045", FamilyWindows, "Windows 10 Pro"},
		{"Windows(R), Professional edition", "10.0.22631", FamilyWindows, "Windows 11 Pro"},
		{"Windows(R), Professional edition", "", FamilyWindows, "Windows Pro"},
		{"Windows(R), Enterprise edition", "6.3.9600", FamilyWindows, "Windows 8.1 Enterprise"},
		{"Windows(R), EnterpriseS edition", "10.0.17763", FamilyWindows, "Windows 10 Enterprise LTSC"},
		{"Windows(R), ProfessionalWorkstation edition", "10.0.19045", FamilyWindows, "Windows 10 Pro for Workstations"},
		{"Windows(R), ServerStandard edition", "10.0.17763", FamilyServer, "Windows Server 2019 Standard"},
		{"Windows(R), ServerDatacenter edition", "6.3.9600", FamilyServer, "Windows Server 2012 R2 Datacenter"},
		{"Microsoft Windows 11 Enterprise", "", FamilyWindows, "Windows 11 Enterprise"},
		{"Windows 10/11 Enterprise", "", FamilyWindows, "Windows 10/11 Enterprise"},
		{"Windows 7 Professional", "", FamilyWindows, "Windows 7 Pro"},
		{"Windows Vista Business", "", FamilyWindows, "Windows Vista Business"},
		{"Windows 10 Pro Education", "", FamilyWindows, "Windows 10 Pro Education"},
		{"Windows 11 Pro for Workstations", "", FamilyWindows, "Windows 11 Pro for Workstations"},
		{"Windows 10 Enterprise LTSC 2019", "", FamilyWindows, "Windows 10 Enterprise LTSC"},
		{"Microsoft Windows Server 2019 Standard", "", FamilyServer, "Windows Server 2019 Standard"},
		{"Windows Server 2012 R2 Standard", "", FamilyServer, "Windows Server 2012 R2 Standard"},
		{"Windows Server 2012R2 Essentials", "", FamilyServer, "Windows Server 2012 R2 Essentials"},
		{"Windows Srv 2019 DataCtr/Std", "", FamilyServer, "Windows Server 2019 Datacenter/Standard"},
		{"Office Professional Plus 2019", "", FamilyOffice, "Office Professional Plus 2019"},
		{"Office 2019 Professional Plus", "", FamilyOffice, "Office Professional Plus 2019"},
		{"Office16_ProPlus2019VL", "", FamilyOffice, "Office Professional Plus 2019"},
		{"Office16_ProPlusVL_MAK", "", FamilyOffice, "Office Professional Plus 2016"},
		{"Office LTSC Professional Plus 2021", "", FamilyOffice, "Office Professional Plus 2021"},
		{"Microsoft Office Standard 2016", "", FamilyOffice, "Office Standard 2016"},
		{"Office Home & Business 2019", "", FamilyOffice, "Office Home and Business 2019"},
		{"Office 365 ProPlus", "", FamilyOffice, Subscription},
		{"Microsoft 365 Apps for enterprise", "", FamilyOffice, Subscription},
		{"Project Professional 2021", "", FamilyOffice, "Project Professional 2021"},
		{"Visio Standard 2019", "", FamilyOffice, "Visio Standard 2019"},
		{"Professional", "10.0.19045", FamilyWindows, "Windows 10 Pro"}, // Intune SkuFamily with OS version
		{"Microsoft Dynamics 365 Business Central", "", FamilyOther, "Microsoft Dynamics 365 Business Central"},
		{"SQL Server 2019 Standard", "", FamilyOther, "SQL Server 2019 Standard"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := ParseProductHint(tt.in, tt.hint)
			if p.Family != tt.family || p.Name() != tt.name {
				t.Errorf("ParseProductHint(%q, %q) = %s %q, want %s %q", tt.in, tt.hint, p.Family, p.Name(), tt.family, tt.name)
			}
		})
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		key, target string
		want        bool
	}{
		{"Windows 10/11 Enterprise", "Windows 11 Enterprise", true},
		{"Windows 10/11 Enterprise", "Microsoft Windows 10 Enterprise", true},
		{"Windows 10/11 Enterprise", "Windows 11 Pro", false},
		{"Windows 10/11 Enterprise", "Windows 8.1 Enterprise", false},
		{"Windows 10/11 Pro", "Windows 10 Pro", true},
		{"Office LTSC Professional Plus 2021", "Office Professional Plus 2021", true},
		{"Office LTSC Professional Plus 2021", "Office Professional Plus 2019", false},
		{"Office Professional Plus 2019", "Office Standard 2019", false},
		{"Windows Server 2022 Standard", "Windows Server 2022 Datacenter", false},
		{"Windows Srv 2019 DataCtr/Std", "Windows Server 2019 Standard", true},
		{"Some Unknown Product", "some unknown  product", true},
	}
	for _, tt := range tests {
		if got := Covers(ParseProduct(tt.key), ParseProduct(tt.target)); got != tt.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", tt.key, tt.target, got, tt.want)
		}
	}
}

func TestUnknownProductKeepsText(t *testing.T) {
	p := ParseProduct("  Contoso Widget Suite 7 ")
	if p.Known() || p.Name() != "Contoso Widget Suite 7" {
		t.Fatalf("got known=%v name=%q, want unknown with the text kept", p.Known(), p.Name())
	}
}

func TestParseProductKey(t *testing.T) {
	good := map[string]string{
		"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T":   "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		" 7xn4b-jkc2q-tyg8m-w3rpd-vf68t ": "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4BJKC2QTYG8MW3RPDVF68T":       "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"D9HGK-2WMXT-B6QYR-7CFJP-3GVF7":   "XXXXX-XXXXX-XXXXX-XXXXX-3GVF7",
	}
	for in, masked := range good {
		k, err := ParseProductKey(in)
		if err != nil {
			t.Errorf("ParseProductKey(%q): %v", in, err)
			continue
		}
		if k.String() != masked || k.Masked() != masked || !strings.HasSuffix(k.Full(), masked[24:]) || len(k.Full()) != 29 {
			t.Errorf("ParseProductKey(%q) = %q / %q", in, k.String(), k.Full())
		}
	}
	bad := map[string]string{
		"7XN4B-JKC2Q-TYG8M-W3RPD":       "25 characters",
		"7XN4B-JKC2Q-TYG8M-W3RPD-VF6AT": "character 'A'",
		"7XN4B-JKC2Q-TYG8M-W3RPD-VF60T": "character '0'",
		"7XN4B-JKN2Q-TYG8M-W3RPD-VF68T": "at most one N",
		"7XN4BJ-KC2Q-TYG8M-W3RPD-VF68T": "dashes",
	}
	for in, want := range bad {
		if _, err := ParseProductKey(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseProductKey(%q) error = %v, want one saying %q", in, err, want)
		}
	}
}

func TestProductKeyNeverPrintsInFull(t *testing.T) {
	k, _ := ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	for _, s := range []string{sprintf("%v", k), sprintf("%s", k), sprintf("%+v", struct{ K ProductKey }{k}), sprintf("%#v", k), jsonOf(t, k), jsonOf(t, map[ProductKey]int{k: 1})} {
		if strings.Contains(s, "7XN4B") || strings.Contains(s, "W3RPD") {
			t.Errorf("key leaked: %s", s)
		}
	}
}

func TestKeyRef(t *testing.T) {
	k, _ := ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	other, _ := ParseProductKey("D9HGK-2WMXT-B6QYR-7CFJP-3GVF7")
	for _, in := range []string{"vf68t", "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T"} {
		r, err := ParseKeyRef(in)
		if err != nil || !r.Matches(k) || r.Matches(other) {
			t.Errorf("ParseKeyRef(%q) = %v, %v; matches the key %v, the other %v", in, r, err, r.Matches(k), r.Matches(other))
		}
	}
	if _, err := ParseKeyRef("VF6A"); err == nil {
		t.Error("ParseKeyRef(\"VF6A\") succeeded, want an error")
	}
}
