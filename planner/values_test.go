package planner

import (
	"encoding/json"
	"testing"
	"unsafe"
)

func TestManufacturers(t *testing.T) {
	for _, pair := range [][2]string{{"Dell Inc.", "Dell"}, {"DELL", "dell inc"}, {"HP", "Hewlett-Packard"}, {"HP Inc.", "hewlett packard"},
		{"LENOVO", "Lenovo"}, {"Microsoft Corporation", "Microsoft"}, {"ASUSTeK COMPUTER INC.", "ASUS"}} {
		if !SameManufacturer(pair[0], pair[1]) {
			t.Errorf("%q and %q should match", pair[0], pair[1])
		}
	}
	if SameManufacturer("Dell Inc.", "HP") {
		t.Error("Dell and HP match")
	}
}

// TestParseProgram: the program is a closed vocabulary: short and long
// names, the programs that grant no rights by name, and nothing else.
func TestParseProgram(t *testing.T) {
	for in, w := range map[string]Program{"EA": ProgramEA, "Enterprise Agreement": ProgramEA, "open value": ProgramOpenValue,
		"Open Value Subscription": ProgramOpenValueSubscription, "Select Plus": ProgramSelectPlus, "MPSA": ProgramMPSA,
		"Microsoft Products and Services Agreement": ProgramMPSA, "Enrollment for Education Solutions": ProgramEES, "EAS": ProgramEAS} {
		if got, ok := ParseProgram(in); !ok || got != w || !got.GrantsReimaging() {
			t.Errorf("ParseProgram(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"CSP", "Microsoft Customer Agreement", "SPLA", "other", "Retail"} {
		if p, ok := ParseProgram(in); !ok || p.GrantsReimaging() {
			t.Errorf("ParseProgram(%q) = %q, %v", in, p, ok)
		}
	}
	for _, in := range []string{"Enterprse Agreement", "EA3", ""} {
		if p, ok := ParseProgram(in); ok {
			t.Errorf("ParseProgram(%q) = %q: a typo became a program", in, p)
		}
	}
	for _, s := range ProgramSpellings {
		if _, ok := ParseProgram(s); !ok {
			t.Errorf("the spelling %q is not read", s)
		}
	}
}

// TestDateIsCivil: a Date is a calendar day in four bytes; JSON writes it
// as YYYY-MM-DD (it used to embed time.Time), and reads it back.
func TestDateIsCivil(t *testing.T) {
	d := NewDate(2026, 11, 27)
	b, err := json.Marshal(struct {
		D, Z Date
	}{D: d})
	if err != nil || string(b) != `{"D":"2026-11-27","Z":""}` {
		t.Fatalf("json: %s, %v", b, err)
	}
	var back struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2026-11-27"}`), &back); err != nil || !back.D.Equal(d) {
		t.Fatalf("unmarshal: %v, %v", back.D, err)
	}
	if unsafe.Sizeof(d) != 4 {
		t.Errorf("a Date takes %d bytes", unsafe.Sizeof(d))
	}
	// Arithmetic across a leap day and the year's end, and the zero date first.
	if got := NewDate(2028, 2, 28).AddDays(2); got.String() != "2028-03-01" {
		t.Errorf("2028-02-28 + 2 days = %s", got)
	}
	if n := NewDate(2027, 1, 1).DaysSince(NewDate(2026, 12, 25)); n != 7 {
		t.Errorf("days = %d", n)
	}
	if !(Date{}).Before(NewDate(1, 1, 1)) || !(Date{}).IsZero() || NewDate(1, 1, 1).IsZero() {
		t.Error("the zero date is not first, or 0001-01-01 is zero")
	}
	if NewDate(9999, 12, 31).String() != "9999-12-31" || NewDate(1899, 12, 30).String() != "1899-12-30" {
		t.Error("range")
	}
}
