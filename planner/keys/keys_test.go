package keys

import (
	"fmt"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner/problem"
)

// TestParseCount: counts as exports and spreadsheets write them; a decimal
// that is not whole, a negative or an absurd count is an error, never a
// different number (47.0/63.0 once became 470/630).
func TestParseCount(t *testing.T) {
	good := map[string]int{"47": 47, " 47": 47, "1,234": 1234, "1.234": 1234, "47.0": 47, "25.00": 25, "25,0": 25,
		"12,345,678": 12345678, "1.234.567": 1234567, "1,234.00": 1234, "0": 0, "1\u00a0234": 1234}
	for in, want := range good {
		if n, err := ParseCount(in); err != nil || n != want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{"25,5", "47.5", "-3", "1,23", "1e5", "99999999999999999999", "100000001", "", "1.234,5,6", "x",
		",-9,", "1,-234", "+5"} { // ",-9," found by FuzzParseCount
		if n, err := ParseCount(in); err == nil {
			t.Errorf("ParseCount(%q) = %d, want an error", in, n)
		}
	}
	if u, a, err := ParseUsedAvailable(" 47.0/63.0"); err != nil || u != 47 || a != 63 {
		t.Errorf("47.0/63.0 = %d/%d, %v", u, a, err)
	}
}

// TestCILXHostile: a deeply nested document is an error naming the line and
// the setting, not a stack overflow; a key with a character keys never have
// is a problem, not silently dropped; lists of products under a key survive
// the streaming.
func TestCILXHostile(t *testing.T) {
	deep := "<SoftwareLicensingData>" + strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000) + "</SoftwareLicensingData>"
	var ps problem.Problems
	ks := ReadCILX("deep.cilx", strings.NewReader(deep), Options{}, &ps)
	if len(ks) != 0 || len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, "elements nested more than 64 deep") ||
		!strings.Contains(ps.Errors[0].Message, "inputs.limits.xml_depth") {
		t.Errorf("deep: %v", ps.Errors)
	}
	doc := `<VolumeActivationManagementToolData><SoftwareLicensingData><ProductKeys>
<ProductKey><KeyValue>7XN4B-JKC2Q-TYG8M-W3RPD-VF6!T</KeyValue><KeyType>Mak</KeyType><RemainingActivations>3</RemainingActivations></ProductKey>
<ProductKey><KeyDescription>Win 10 RTM Enterprise Volume:MAK</KeyDescription><KeyValue>D9HGK-2WMXT-B6QYR-7CFJP-3GVF7</KeyValue><KeyType>Mak</KeyType>
  <RemainingActivations>5</RemainingActivations></ProductKey>
</ProductKeys></SoftwareLicensingData></VolumeActivationManagementToolData>`
	ps = problem.Problems{}
	ks = ReadCILX("k.cilx", strings.NewReader(doc), Options{}, &ps)
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Error(), `k.cilx: ProductKey (line 2): not a product key: character '!' is not used in product keys: "XXXXX-XXXXX-XXXXX-XXXXX-VF6!T"`) {
		t.Errorf("bad key: %v", ps.Errors)
	}
	if len(ks) != 1 || len(ks[0].Products) != 1 || len(ks[0].Products[0].Covers) != 2 || ks[0].Remaining != 5 {
		t.Errorf("keys: %+v", ks)
	}
	// XXE and the billion laughs: encoding/xml fetches no external entity
	// and expands none but XML's own, so both are a problem, quickly.
	for name, doc := range map[string]string{
		"xxe.cilx": `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><SoftwareLicensingData><ProductKeyInfo><KeyValue>&x;</KeyValue></ProductKeyInfo></SoftwareLicensingData>`,
		"lol.cilx": `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><SoftwareLicensingData><P>&c;&c;&c;&c;</P></SoftwareLicensingData>`,
	} {
		ps = problem.Problems{}
		ks = ReadCILX(name, strings.NewReader(doc), Options{}, &ps)
		if len(ks) != 0 || len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, "invalid character entity") {
			t.Errorf("%s: %d keys, %v", name, len(ks), ps.Errors)
		}
	}
}

// TestMaskAttempt: a key with a wrong character is hidden like a key.
func TestMaskAttempt(t *testing.T) {
	for in, want := range map[string]string{
		"7XN4B-JKC2Q-TYG8M-W3RPD-VF6!T": "XXXXX-XXXXX-XXXXX-XXXXX-VF6!T",
		" 7xn4bjkc2qtyg8mw3rpdvf68tt ":  "XXXXXXXXXXXXXXXXXXXXXf68tt", // 26 characters: 21 hidden
	} {
		if got := maskAttempt(in); got != want {
			t.Errorf("maskAttempt(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAmbiguousCountWarns (issue 19, finding 9): " 1.000/2.000" reads as
// 1000 used of 2000 (a thousands separator before three digits), but an
// export that writes decimals means 1 of 2: the reader warns, naming the
// cell; "1.234" (not zeros) and "47/63" do not warn.
func TestAmbiguousCountWarns(t *testing.T) {
	for _, c := range []struct {
		cells string
		warn  string
	}{
		{`MAK Activations-Used/Available` + "\n" + `7XN4B-JKC2Q-TYG8M-W3RPD-VF68T, 1.000/2.000`, `"1.000/2.000" read as 1000 used of 2000`},
		{`MAK Activations-Used/Available` + "\n" + `7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,"1,234/2,000"`, `"1,234/2,000" read as 1234 used of 2000`},
		{`MAK Activations-Used/Available` + "\n" + `7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,"1,234/5,678"`, ``},
		{`MAK Activations-Used/Available` + "\n" + `7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,47/63`, ``},
		// The admin center's words (issue 28): the same ambiguity.
		{`Activations or Seats` + "\n" + `7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,1.000 of 2.000`, `"1.000 of 2.000" read as 1000 used of 2000`},
		{`Remaining,Limit` + "\n" + `7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,"5,000",10`, `"5,000" read as 5000`},
	} {
		csv := "Product Key," + c.cells
		var ps problem.Problems
		ks := Read("keys.csv", strings.NewReader(csv), Options{}, &ps)
		if len(ks) != 1 || len(ps.Errors) != 0 {
			t.Errorf("%q: %d keys, %v", csv, len(ks), ps.Errors)
			continue
		}
		got := ""
		for _, w := range ps.Warnings {
			got += w.Error()
		}
		if c.warn == "" && got != "" || c.warn != "" && !strings.Contains(got, c.warn) || c.warn != "" && !strings.Contains(got, "keys.csv, row 2") {
			t.Errorf("%q: warnings %q, want %q", csv, got, c.warn)
		}
	}
}

// vamtKey writes a ProductKey element as VAMT 3.x exports it: the columns of
// VAMT's api.ProductKey view in their order (KeyDescription, KeyId, KeyType,
// KeyValue, LastUpdate, LastErrorCode, RemainingActivations, RowVer,
// SupportedEditions, SupportedSku, UserRemarks, KeyTypeName), a LastUpdate
// that is xsi:nil until the key is refreshed online. The keys are invented.
func vamtKey(desc, typ, key, updated, remaining, editions, sku, typeName string) string {
	last := `<LastUpdate xsi:nil="true" />`
	if updated != "" {
		last = "<LastUpdate>" + updated + "</LastUpdate>"
	}
	return `
      <ProductKey>
        <KeyDescription>` + desc + `</KeyDescription>
        <KeyId>03612-03790-000-000000-03-1033-19045.0000-3242026</KeyId>
        <KeyType>` + typ + `</KeyType>
        <KeyValue>` + key + `</KeyValue>
        ` + last + `
        <LastErrorCode>0</LastErrorCode>
        <RemainingActivations>` + remaining + `</RemainingActivations>
        <RowVer>AAAAAAAAB9E=</RowVer>
        <SupportedEditions>` + editions + `</SupportedEditions>
        <SupportedSku>` + sku + `</SupportedSku>
        <UserRemarks />
        <KeyTypeName>` + typeName + `</KeyTypeName>
      </ProductKey>`
}

func vamtExport(keys ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<VolumeActivationManagementToolData xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" VamtVersion="3.0.5.0" ServiceDataFileId="8c1a3c6e-2f7e-4d0a-9d1b-6a2f0e4b7c11">
  <SoftwareLicensingData TotalProducts="0" TotalProductKeys="` + fmt.Sprint(len(keys)) + `">
    <Products />
    <AvailableProducts />
    <VolumeActivationClients />
    <ProductKeys>` + strings.Join(keys, "") + `
    </ProductKeys>
  </SoftwareLicensingData>
</VolumeActivationManagementToolData>
`
}

// TestCILXRealShape (issue 24): VAMT 3.x's shape is read with no warning
// about its root; the product comes from SupportedSku, then KeyDescription,
// never from SupportedEditions ("Enterprise" names no version); LastUpdate
// dates the key; a MAK never refreshed online is a problem of its own that
// does not stop the others; GVLK, CSVLK and retail keys are skipped with
// one count line; KeyType may be VAMT's enum name or its number.
func TestCILXRealShape(t *testing.T) {
	doc := vamtExport(
		// SupportedSku known (Office 2019 ProPlus MAK): the table names it.
		vamtKey("Office19_RTM19_ProPlus2019VL_MAK_AE", "Mak", "C8GXR-HQW4P-3YKBT-DJ7F9-MV2HW", "2026-11-20T09:12:44.113", "25", "ProPlus2019Volume", "6755C7A7-4DFE-46F5-BCE8-427BE8E9DC62", "MAK"),
		// SupportedSku not in the table: the description names Windows 10/11 Enterprise.
		vamtKey("Win 10 RTM Enterprise Volume:MAK", "7", "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "2026-11-19T17:02:10", "10", "Enterprise", "0b9d4b1c-6f39-4c1e-9e0e-2f1d3a7c5b80", "MAK"),
		// Never refreshed online: -1 and a nil LastUpdate.
		vamtKey("Win 10 RTM Professional Volume:MAK", "Mak", "D9HGK-2WMXT-B6QYR-7CFJP-3GVF7", "", "-1", "Professional", "1d1bac85-7365-4fea-949a-96978ec91ae0", "MAK"),
		// Not MAKs: skipped and counted.
		vamtKey("Win 10 RTM Enterprise Volume:GVLK", "Gvlk", "NPPR9-FWDCX-D2C8J-H872K-2YT43", "", "-1", "Enterprise", "73111121-5638-40f6-bc11-f1d7b0d64300", "GVLK"),
		vamtKey("Windows Server 2019 RTM ServerStandard Volume:CSVLK", "Csvlk", "QCH9W-YNBJ3-XTP7K-VDG2M-8RFKY", "", "-1", "ServerStandard", "de32eafd-aaee-4662-9444-c1befb41bde2", "CSVLK"),
		vamtKey("Office19_ProPlus2019R_Retail", "1", "K3W8Q-7PYXN-GD2HJ-TBC9R-4MFVW", "", "-1", "ProPlus2019Retail", "b9a2c1e0-2f43-4b6e-8f2a-3c1d0e9f7a65", "Retail"),
	)
	var ps problem.Problems
	ks := ReadCILX("vamt.cilx", strings.NewReader(doc), Options{}, &ps)
	if len(ks) != 2 {
		t.Fatalf("%d keys, want the two refreshed MAKs: %+v\n%v", len(ks), ks, ps.Errors)
	}
	office, win := ks[0], ks[1]
	if office.Remaining != 25 || len(office.Products) != 1 || office.Products[0].Name != "Office Professional Plus 2019" ||
		len(office.Products[0].Covers) != 1 || office.Products[0].Covers[0].Name != "Office Professional Plus 2019" ||
		office.AsOf.String() != "2026-11-20" {
		t.Errorf("office key: %+v", office)
	}
	var covers []string
	for _, p := range win.Products[0].Covers {
		covers = append(covers, p.Name)
	}
	if win.Remaining != 10 || win.Products[0].Name != "Win 10 RTM Enterprise Volume:MAK" || strings.Join(covers, ", ") != "Windows 10 Enterprise, Windows 11 Enterprise" ||
		win.AsOf.String() != "2026-11-19" {
		t.Errorf("windows key: %+v covers %v", win, covers)
	}
	// line 36: the header takes 7 lines, each key 14 (the third key starts at 8+2*14).
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Error(), "vamt.cilx: ProductKey (line 36): key XXXXX-XXXXX-XXXXX-XXXXX-3GVF7 (Win 10 RTM Professional Volume:MAK): never refreshed") ||
		!strings.Contains(ps.Errors[0].Message, "Refresh product key data online") {
		t.Errorf("problems: %v", ps.Errors)
	}
	if len(ps.Warnings) != 1 || ps.Warnings[0].Message != "skipped 3 keys that are no MAK (1 GVLK, 1 CSVLK, 1 retail): only a MAK's activations are counted" {
		t.Errorf("warnings: %v", ps.Warnings)
	}
	for _, p := range append(ps.Errors, ps.Warnings...) {
		if strings.Contains(p.Error(), "NPPR9") || strings.Contains(p.Error(), "MV2HW-") {
			t.Errorf("a key unmasked: %v", p)
		}
	}

	// Bad input: every key GVLK or never refreshed is a problem, never an
	// empty pool that looks covered.
	for name, doc := range map[string]string{
		"gvlk.cilx":  vamtExport(vamtKey("Win 10 RTM Enterprise Volume:GVLK", "Gvlk", "NPPR9-FWDCX-D2C8J-H872K-2YT43", "", "-1", "Enterprise", "73111121-5638-40f6-bc11-f1d7b0d64300", "GVLK")),
		"stale.cilx": vamtExport(vamtKey("Win 10 RTM Enterprise Volume:MAK", "Mak", "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "", "-1", "Enterprise", "", "MAK")),
	} {
		ps = problem.Problems{}
		ks = ReadCILX(name, strings.NewReader(doc), Options{}, &ps)
		want := map[string]string{"gvlk.cilx": "no MAK in the file: its 1 key is no MAK (1 GVLK)", "stale.cilx": "never refreshed"}[name]
		if len(ks) != 0 || len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, want) {
			t.Errorf("%s: %d keys, %v; want a problem %q", name, len(ks), ps.Errors, want)
		}
	}
}

// TestSplitProducts (issue 24): VAMT PowerShell joins a key's products with
// ";" or ","; a name with a comma of its own stays whole.
func TestSplitProducts(t *testing.T) {
	for in, want := range map[string]string{
		"Windows 10/11 Enterprise, Windows 10/11 Enterprise N": "Windows 10/11 Enterprise|Windows 10/11 Enterprise N",
		"Windows 10 Pro;Windows 11 Pro":                        "Windows 10 Pro|Windows 11 Pro",
		"Office 16, Office16ProPlusVL_MAK edition":             "Office 16, Office16ProPlusVL_MAK edition",
		"Acme Suite, Windows 10 Pro":                           "Acme Suite, Windows 10 Pro",
		"Windows 10 Pro,":                                      "Windows 10 Pro,",
	} {
		if got := strings.Join(splitProducts(in), "|"); got != want {
			t.Errorf("splitProducts(%q) = %q, want %q", in, got, want)
		}
	}
	// A PowerShell CSV of VAMT's keys: the description and the SKU read
	// for the product, the comma list split.
	csv := "ProductKey,KeyType,KeyDescription,SupportedSku,RemainingActivationCount\n" +
		"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,Mak,Win 10 RTM Enterprise Volume:MAK,,10\n" +
		"C8GXR-HQW4P-3YKBT-DJ7F9-MV2HW,Mak,,6755c7a7-4dfe-46f5-bce8-427be8e9dc62,25\n" +
		"D9HGK-2WMXT-B6QYR-7CFJP-3GVF7,Mak,\"Windows 10 Education, Windows 11 Education\",,4\n"
	var ps problem.Problems
	ks := Read("vamt.csv", strings.NewReader(csv), Options{}, &ps)
	if len(ks) != 3 || len(ps.Errors) != 0 {
		t.Fatalf("%d keys, %v", len(ks), ps.Errors)
	}
	for i, want := range []string{"Windows 10 Enterprise, Windows 11 Enterprise", "Office Professional Plus 2019", "Windows 10 Education, Windows 11 Education"} {
		var got []string
		for _, kp := range ks[i].Products {
			for _, p := range kp.Covers {
				got = append(got, p.Name)
			}
		}
		if strings.Join(got, ", ") != want {
			t.Errorf("key %d covers %v, want %s", i, got, want)
		}
	}
}

// TestCILXWithProducts: Export-VamtData writes the products it has
// discovered beside the keys (its -Products parameter takes them from
// Get-VamtProduct), so a real export's Products element is seldom empty.
// Those are machines, not keys: the same keys are read, with no warning,
// whatever the Product records hold (their fields here follow VAMT's
// product view: no public export was found to copy).
func TestCILXWithProducts(t *testing.T) {
	key := vamtKey("Win 10 RTM Enterprise Volume:MAK", "Mak", "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "2026-11-19T17:02:10", "10", "Enterprise", "0b9d4b1c-6f39-4c1e-9e0e-2f1d3a7c5b80", "MAK")
	products := `<Products>
      <Product>
        <FullyQualifiedDomainName>NW-LT-0101.northwind.example</FullyQualifiedDomainName>
        <ProductName>Windows(R), Enterprise edition</ProductName>
        <ProductDescription>Windows(R) Operating System, VOLUME_MAK channel</ProductDescription>
        <ProductKeyTypeName>MAK</ProductKeyTypeName>
        <PartialProductKey>VF68T</PartialProductKey>
        <LicenseStatus>1</LicenseStatus>
        <RemainingActivations>3</RemainingActivations>
        <SKUID>73111121-5638-40f6-bc11-f1d7b0d64300</SKUID>
      </Product>
    </Products>`
	doc := strings.Replace(strings.Replace(vamtExport(key), "<Products />", products, 1), `TotalProducts="0"`, `TotalProducts="1"`, 1)
	var ps problem.Problems
	ks := ReadCILX("vamt.cilx", strings.NewReader(doc), Options{}, &ps)
	if len(ks) != 1 || ks[0].Remaining != 10 || ks[0].Key.Last5() != "VF68T" || len(ps.Errors) > 0 || len(ps.Warnings) > 0 {
		t.Fatalf("keys %+v, problems %v, warnings %v; want the one key, 10 remaining, nothing said", ks, ps.Errors, ps.Warnings)
	}
}
