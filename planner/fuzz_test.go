package planner

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

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
