package planner

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

func sprintf(f string, a ...any) string { return fmt.Sprintf(f, a...) }

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"Yes", "y", "TRUE", "1", "X", "x", " yes "} {
		if b, err := ParseBool(s); err != nil || !b {
			t.Errorf("ParseBool(%q) = %v, %v; want true", s, b, err)
		}
	}
	for _, s := range []string{"No", "n", "FALSE", "0", "", "-"} {
		if b, err := ParseBool(s); err != nil || b {
			t.Errorf("ParseBool(%q) = %v, %v; want false", s, b, err)
		}
	}
	if _, err := ParseBool("maybe"); err == nil || !strings.Contains(err.Error(), `"maybe"`) {
		t.Errorf("ParseBool(maybe) error = %v", err)
	}
}

func TestParseArch(t *testing.T) {
	want := map[string]Arch{"64-bit": ArchX64, "x64": ArchX64, "AMD64": ArchX64, "x86_64": ArchX64, "32-bit": ArchX86,
		"x86": ArchX86, "i386": ArchX86, "ARM64": ArchARM64, "ARM 64-bit Processor": ArchARM64, "": ""}
	for in, w := range want {
		if got, err := ParseArch(in); err != nil || got != w {
			t.Errorf("ParseArch(%q) = %q, %v; want %q", in, got, err, w)
		}
	}
	if _, err := ParseArch("128-bit"); err == nil {
		t.Error("ParseArch(128-bit) succeeded")
	}
}

func TestParseLanguage(t *testing.T) {
	want := map[string]string{"1033": "en-US", "1036": "fr-FR", "1031": "de-DE", "2057": "en-GB", "1033.0": "en-US",
		"en-US": "en-US", "en-us": "en-US", "EN_us": "en-US", "fr-FR": "fr-FR", "sr-latn-rs": "sr-Latn-RS",
		"English": "en-US", "French": "fr-FR", "MUI": MUI, "Multilingual": MUI, "en-US + MUI pack": MUI, "": ""}
	for in, w := range want {
		if got, err := ParseLanguage(in); err != nil || got != w {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q", in, got, err, w)
		}
	}
	for _, in := range []string{"9999", "Klingon language", "e"} {
		if got, err := ParseLanguage(in); err == nil {
			t.Errorf("ParseLanguage(%q) = %q, want an error", in, got)
		}
	}
}

func TestParseChannel(t *testing.T) {
	want := map[string]Channel{"OEM": ChannelOEM, "OEM:DM": ChannelOEM, "OEM:SLP": ChannelOEM, "OEM:NONSLP": ChannelOEM,
		"Retail": ChannelRetail, "FPP": ChannelRetail, "Volume": ChannelVolume, "Volume:MAK": ChannelVolume,
		"Volume:GVLK": ChannelVolume, "Windows(R) Operating System, VOLUME_MAK channel": ChannelVolume,
		"Windows(R) Operating System, OEM_DM channel": ChannelOEM, "Windows(R) Operating System, RETAIL channel": ChannelRetail,
		"None": ChannelNone, "": ""}
	for in, w := range want {
		if got, err := ParseChannel(in); err != nil || got != w {
			t.Errorf("ParseChannel(%q) = %q, %v; want %q", in, got, err, w)
		}
	}
	if _, err := ParseChannel("Bought at a market"); err == nil {
		t.Error("ParseChannel accepted nonsense")
	}
}

func TestParseMediaAndActivation(t *testing.T) {
	media := map[string]Media{"Volume": MediaVolume, "VLSC": MediaVolume, "Commercial Licensing": MediaVolume,
		"OEM": MediaOEM, "OEM recovery": MediaOEM, "Retail": MediaRetail, "FPP": MediaRetail}
	for in, w := range media {
		if got, _, err := ParseMedia(in); err != nil || got != w {
			t.Errorf("ParseMedia(%q) = %q, %v; want %q", in, got, err, w)
		}
	}
	if m, mod, _ := ParseMedia("OEM recovery (modified)"); m != MediaOEM || !mod {
		t.Errorf("modified OEM media read as %q, %v", m, mod)
	}
	act := map[string]Activation{"MAK": ActivationMAK, "Volume:MAK": ActivationMAK, "MAK Proxy": ActivationMAK,
		"KMS": ActivationKMS, "Volume:GVLK": ActivationKMS, "AD-based": ActivationADBA, "Active Directory": ActivationADBA}
	for in, w := range act {
		if got, err := ParseActivation(in); err != nil || got != w {
			t.Errorf("ParseActivation(%q) = %q, %v; want %q", in, got, err, w)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := map[string]string{
		"46363":               "2026-12-07", // Excel 1900 serial
		"46363.5":             "2026-12-07",
		"2026-12-07":          "2026-12-07",
		"2026-12-07T00:00:00": "2026-12-07",
		"7 Dec 2026":          "2026-12-07",
		"December 7, 2026":    "2026-12-07",
		"07.12.2026":          "2026-12-07",
		"25/03/2027":          "2027-03-25",
		"03/25/2027":          "2027-03-25",
		"04/04/2027":          "2027-04-04",
	}
	for in, w := range want {
		if got, err := ParseDate(in, false); err != nil || got.String() != w {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, got, err, w)
		}
	}
	if got, _ := ParseDate("44901", true); got.String() != "2026-12-07" {
		t.Errorf("1904-based serial 44901 = %s, want 2026-12-07", got)
	}
	for _, in := range []string{"03/04/27", "03/04/2027", "31/31/2027", "next week", "2027-02-30"} {
		if got, err := ParseDate(in, false); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", in, got)
		}
	}
	if _, err := ParseDate("03/04/27", false); !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("03/04/27: %v, want it called ambiguous", err)
	}
}

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

func TestParseProgram(t *testing.T) {
	for in, w := range map[string]Program{"EA": ProgramEA, "Enterprise Agreement": ProgramEA, "open value": ProgramOpenValue,
		"Open Value Subscription": ProgramOpenValueSubscription, "Select Plus": ProgramSelectPlus, "MPSA": ProgramMPSA} {
		if got := ParseProgram(in); got != w || !got.GrantsReimaging() {
			t.Errorf("ParseProgram(%q) = %q", in, got)
		}
	}
	if p := ParseProgram("CSP"); p.GrantsReimaging() {
		t.Error("CSP grants reimaging")
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
