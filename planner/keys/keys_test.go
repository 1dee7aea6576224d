package keys

import (
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
	doc := `<SoftwareLicensingData><ProductKeys>
<ProductKeyInfo><KeyValue>7XN4B-JKC2Q-TYG8M-W3RPD-VF6!T</KeyValue><KeyType>Mak</KeyType><RemainingActivationCount>3</RemainingActivationCount></ProductKeyInfo>
<ProductKeyInfo><KeyValue>D9HGK-2WMXT-B6QYR-7CFJP-3GVF7</KeyValue><KeyType>Mak</KeyType>
  <SupportedProducts><Product>Windows 10/11 Enterprise</Product><Product>Windows 10/11 Enterprise N</Product></SupportedProducts>
  <RemainingActivationCount>5</RemainingActivationCount></ProductKeyInfo>
</ProductKeys></SoftwareLicensingData>`
	ps = problem.Problems{}
	ks = ReadCILX("k.cilx", strings.NewReader(doc), Options{}, &ps)
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Error(), `k.cilx: ProductKeyInfo (line 2): not a product key: character '!' is not used in product keys: "XXXXX-XXXXX-XXXXX-XXXXX-VF6!T"`) {
		t.Errorf("bad key: %v", ps.Errors)
	}
	if len(ks) != 1 || len(ks[0].Products) != 2 || ks[0].Remaining != 5 {
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
