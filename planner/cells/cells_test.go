package cells

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/makplan/makplan/planner"
)

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
	want := map[string]planner.Arch{"64-bit": planner.ArchX64, "x64": planner.ArchX64, "AMD64": planner.ArchX64, "x86_64": planner.ArchX64, "32-bit": planner.ArchX86,
		"x86": planner.ArchX86, "i386": planner.ArchX86, "ARM64": planner.ArchARM64, "ARM 64-bit Processor": planner.ArchARM64, "": ""}
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
		"English": "en-US", "French": "fr-FR", "MUI": planner.MUI, "Multilingual": planner.MUI, "en-US + MUI pack": planner.MUI, "": ""}
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
	want := map[string]planner.Channel{"OEM": planner.ChannelOEM, "OEM:DM": planner.ChannelOEM, "OEM:SLP": planner.ChannelOEM, "OEM:NONSLP": planner.ChannelOEM,
		"Retail": planner.ChannelRetail, "FPP": planner.ChannelRetail, "Volume": planner.ChannelVolume, "Volume:MAK": planner.ChannelVolume,
		"Volume:GVLK": planner.ChannelVolume, "Windows(R) Operating System, VOLUME_MAK channel": planner.ChannelVolume,
		"Windows(R) Operating System, OEM_DM channel": planner.ChannelOEM, "Windows(R) Operating System, RETAIL channel": planner.ChannelRetail,
		"None": planner.ChannelNone, "": ""}
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
	media := map[string]planner.Media{"Volume": planner.MediaVolume, "VLSC": planner.MediaVolume, "Commercial Licensing": planner.MediaVolume,
		"OEM": planner.MediaOEM, "OEM recovery": planner.MediaOEM, "Retail": planner.MediaRetail, "FPP": planner.MediaRetail}
	for in, w := range media {
		if got, _, err := ParseMedia(in); err != nil || got != w {
			t.Errorf("ParseMedia(%q) = %q, %v; want %q", in, got, err, w)
		}
	}
	if m, mod, _ := ParseMedia("OEM recovery (modified)"); m != planner.MediaOEM || !mod {
		t.Errorf("modified OEM media read as %q, %v", m, mod)
	}
	act := map[string]planner.Activation{"MAK": planner.ActivationMAK, "Volume:MAK": planner.ActivationMAK, "MAK Proxy": planner.ActivationMAK,
		"KMS": planner.ActivationKMS, "Volume:GVLK": planner.ActivationKMS, "AD-based": planner.ActivationADBA, "Active Directory": planner.ActivationADBA}
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
	// Issue 19, finding 9: a five-digit year is past 9999, not two digits.
	for _, in := range []string{"10000-01-01", "01/02/10000", "1.2.20270"} {
		if _, err := ParseDateIn(in, false, DMY); err == nil || !strings.Contains(err.Error(), "a year past 9999") {
			t.Errorf("ParseDate(%q): %v, want a year past 9999", in, err)
		}
	}
}

// FuzzParseDate: a date written as the inputs write it (ISO, day/month or
// month/day with the matching inputs.date_order, a month name, an Excel
// serial in either epoch) reads back as itself; any text gives a date that
// reads back from its ISO form, or an error and no date: never both.
func FuzzParseDate(f *testing.F) {
	f.Add(uint16(2027), uint8(1), uint8(18), uint8(0), "03/04/27")
	f.Add(uint16(1904), uint8(2), uint8(29), uint8(5), "46000")
	f.Add(uint16(2100), uint8(12), uint8(31), uint8(3), "31.02.2027")
	f.Add(uint16(1900), uint8(3), uint8(1), uint8(4), "2027-13-01")
	f.Fuzz(func(t *testing.T, y uint16, m, d, style uint8, raw string) {
		want := time.Date(1900+int(y)%300, time.Month(1+int(m)%12), 1+int(d)%31, 0, 0, 0, 0, time.UTC)
		if want.Day() != 1+int(d)%31 {
			want = want.AddDate(0, 0, -want.Day()) // the last day of the month instead
		}
		var s string
		var order DateOrder
		date1904 := false
		switch style % 7 {
		case 0:
			s = want.Format("2006-01-02")
		case 1:
			s, order = want.Format("02/01/2006"), "DMY"
		case 2:
			s, order = want.Format("01/02/2006"), "MDY"
		case 3:
			s, order = want.Format("2006.01.02"), "YMD"
		case 4:
			s = want.Format("2 January 2006")
		case 5, 6: // Excel serials count from 1899-12-30 (1900 system, after February 1900) or 1904-01-01
			epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
			if style%7 == 6 {
				epoch, date1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC), true
			}
			if want.Before(time.Date(1904, 1, 2, 0, 0, 0, 0, time.UTC)) {
				return // the serials of the first days differ between the systems and Lotus's leap year
			}
			s = fmt.Sprint((want.Unix() - epoch.Unix()) / 86400) // not Sub: a Duration holds 292 years
		}
		got, err := ParseDateIn(s, date1904, order)
		if err != nil || !got.Time().Equal(want) {
			t.Fatalf("ParseDateIn(%q, %v, %q) = %v, %v; want %s", s, date1904, order, got, err, want.Format("2006-01-02"))
		}

		for _, ord := range []DateOrder{"", "DMY", "MDY", "YMD"} {
			got, err := ParseDateIn(raw, false, ord)
			switch {
			case err != nil && !got.IsZero():
				t.Fatalf("ParseDateIn(%q, %q) = %v and %v", raw, ord, got, err)
			case err != nil && err.Error() == "":
				t.Fatalf("ParseDateIn(%q, %q): an error without a message", raw, ord)
			case err == nil && !got.IsZero():
				back, err := ParseDateIn(got.String(), false, "")
				if err != nil || !back.Equal(got) {
					t.Fatalf("ParseDateIn(%q, %q) = %s, which reads back as %v, %v", raw, ord, got, back, err)
				}
			case err == nil && got.IsZero() && strings.TrimSpace(raw) != "":
				t.Fatalf("ParseDateIn(%q, %q): no date and no error", raw, ord)
			}
		}
	})
}
