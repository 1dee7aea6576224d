package planner

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
)

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

// mangle writes name as inventories do: bits pick upper or lower case per
// letter, extra spaces, a trademark sign, a "Microsoft" in front.
func mangle(name string, bits uint64) string {
	var b strings.Builder
	if bits&1 != 0 {
		b.WriteString("Microsoft ")
	}
	i := 0
	for _, r := range name {
		i++
		switch {
		case unicode.IsLetter(r) && bits>>(i%60)&1 != 0:
			r = unicode.ToUpper(r)
		case unicode.IsLetter(r):
			r = unicode.ToLower(r)
		case r == ' ' && bits&2 != 0:
			b.WriteString("  ")
		}
		b.WriteRune(r)
	}
	if bits&4 != 0 && strings.HasPrefix(name, "Windows ") {
		return strings.Replace(b.String(), "indows", "indows(R)", 1)
	}
	return "  " + b.String() + " "
}

// FuzzLookupProduct: every catalogue product's name and accepted spellings,
// in any case and spacing, look up as that product; any text names exactly
// one product, whose own name looks it up again, or is a *ProductError
// naming the text: never both, never neither.
func FuzzLookupProduct(f *testing.F) {
	f.Add(uint16(0), uint64(0), "Windows 10 Pro")
	f.Add(uint16(7), uint64(7), "Windows(R), Professional edition")
	f.Add(uint16(99), uint64(3), "Windows 10/11 Enterprise")
	f.Add(uint16(300), uint64(1), "Office16ProPlusVL_MAK")
	f.Add(uint16(12), uint64(2), "Windows 3.11 for Workgroups")
	f.Fuzz(func(t *testing.T, which uint16, bits uint64, raw string) {
		cat := Catalogue()
		p := cat[int(which)%len(cat)]
		names := append([]string{p.Name}, Spellings(p)...)
		name := names[int(bits>>8)%len(names)]
		hint := ""
		if p.Line == "Windows" && p.Version != "" {
			hint = p.Version
		}
		got, err := LookupProduct(mangle(name, bits), hint)
		if err != nil || got != p {
			t.Fatalf("LookupProduct(%q) = %v, %v; want %s", mangle(name, bits), got, err, p.Name)
		}

		got, err = LookupProduct(raw, "")
		var pe *ProductError
		switch {
		case got != nil && err != nil:
			t.Fatalf("LookupProduct(%q) = %s and %v", raw, got.Name, err)
		case got == nil && err == nil:
			t.Fatalf("LookupProduct(%q): no product and no error", raw)
		case err != nil && (!errors.As(err, &pe) || pe.Name != strings.TrimSpace(raw) || err.Error() == ""):
			t.Fatalf("LookupProduct(%q): %v does not name the text", raw, err)
		case got != nil:
			if again, err := LookupProduct(got.Name, ""); err != nil || again != got {
				t.Fatalf("LookupProduct(%q) = %s, whose name looks up as %v, %v", raw, got.Name, again, err)
			}
		}
	})
}
