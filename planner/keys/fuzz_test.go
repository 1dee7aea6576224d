package keys

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
)

// sampleKeys are valid keys for the generated exports (samples/).
var sampleKeys = []string{
	"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "D9HGK-2WMXT-B6QYR-7CFJP-3GVF7", "W2KJF-9PXCD-TBHY4-GQ7MV-R3T8K",
	"C8GXR-HQW4P-3YKBT-DJ7F9-MV2HW", "QCH9W-YNBJ3-XTP7K-VDG2M-8RFKY",
}

// formatCount writes n as an export or a spreadsheet might.
func formatCount(n int, style uint8) string {
	plain := strconv.Itoa(n)
	group := func(sep string) string {
		var b strings.Builder
		for i, c := range plain {
			if i > 0 && (len(plain)-i)%3 == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	switch style % 7 {
	case 1:
		return group(",")
	case 2:
		return group(".")
	case 3:
		return group("\u00a0")
	case 4:
		return plain + ".0"
	case 5:
		return group(".") + ",00"
	case 6:
		return " " + plain + " "
	}
	return plain
}

// digitsOf returns the digits of s in order.
func digitsOf(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// FuzzParseCount: a count written in any of the exports' styles reads back
// as itself; any text gives a count made of its own digits (a fraction of
// zeros aside) or an error, never both and never a negative or an
// overflow.
func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"47", "47.0", "25,00", "1,234", "1.234", "25,5", "-3", "1e3", "12,34", "100000001", "0x10", "1.234,00", "9223372036854775808"} {
		f.Add(uint32(47), uint8(0), s)
	}
	f.Fuzz(func(t *testing.T, n uint32, style uint8, raw string) {
		want := int(n % (MaxCount + 1))
		s := formatCount(want, style)
		if got, err := ParseCount(s); err != nil || got != want {
			t.Fatalf("ParseCount(%q) = %d, %v; want %d", s, got, err, want)
		}
		got, err := ParseCount(raw)
		if err != nil {
			if got != 0 || err.Error() == "" {
				t.Fatalf("ParseCount(%q) = %d and %v", raw, got, err)
			}
			return
		}
		if got < 0 || got > MaxCount {
			t.Fatalf("ParseCount(%q) = %d, out of range", raw, got)
		}
		// The value is the text's digits: leading zeros, then the number,
		// then only the zeros of a decimal part.
		d := strings.TrimLeft(digitsOf(raw), "0")
		v := strconv.Itoa(got)
		if got == 0 {
			v = ""
		}
		if !strings.HasPrefix(d, v) || strings.Trim(d[len(v):], "0") != "" {
			t.Fatalf("ParseCount(%q) = %d, which is not the text's number", raw, got)
		}
	})
}

// FuzzRead: a VLSC export row with a used/available count in any style
// reads back as that key and those counts, with a warning when the used
// count is above the limit; arbitrary bytes, as CSV or .cilx, give keys or
// problems — never both for one row, and every problem says where.
func FuzzRead(f *testing.F) {
	f.Add(uint8(0), uint32(47), uint32(63), uint8(0), []byte("License ID,Parent Program,Product,Product Key,Type,MAK Activations-Used/Available\n1,2,Windows 10/11 Enterprise,7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK, 47/63\n"), false)
	f.Add(uint8(1), uint32(70), uint32(63), uint8(1), []byte(`<?xml version="1.0"?><SoftwareLicensingData><ProductKeys><ProductKey KeyValue="7XN4B-JKC2Q-TYG8M-W3RPD-VF68T" KeyType="Mak" RemainingActivations="x"/></ProductKeys></SoftwareLicensingData>`), true)
	f.Add(uint8(2), uint32(1234), uint32(5000), uint8(2), []byte(`<SoftwareLicensingData><a><b><c/></b></a>`), true)
	f.Add(uint8(3), uint32(0), uint32(0), uint8(5), []byte("Product Key,Remaining\n7XN4B-JKC2Q-TYG8M-W3RPD-VF6\x018T,3\nD9HGK-2WMXT-B6QYR-7CFJP-3GVF7,25,5\n"), false)
	f.Fuzz(func(t *testing.T, which uint8, used, limit uint32, style uint8, raw []byte, asXML bool) {
		key := sampleKeys[int(which)%len(sampleKeys)]
		u, l := int(used%100_000), int(limit%100_000)
		csv := "License ID,Parent Program,Product,Product Key,Type,MAK Activations-Used/Available\n" +
			fmt.Sprintf("63412587,91000001ZZS0001,Windows 10/11 Enterprise,%s,MAK,\"%s/%s\"\n", key, formatCount(u, style), formatCount(l, style))
		var ps problem.Problems
		ks := Read("keys.csv", strings.NewReader(csv), Options{}, &ps)
		if len(ps.Errors) != 0 || len(ks) != 1 {
			t.Fatalf("%q: %d keys, problems %v", csv, len(ks), ps.Errors)
		}
		k := ks[0]
		if k.Key.Full() != key || k.Used == nil || *k.Used != u || k.Limit == nil || *k.Limit != l || k.Remaining != max(0, l-u) {
			t.Fatalf("%q: read %s used %v limit %v remaining %d", csv, k.Key, k.Used, k.Limit, k.Remaining)
		}
		want := 0
		if u > l {
			want++
		}
		if ambiguousCount(formatCount(u, style)) || ambiguousCount(formatCount(l, style)) {
			want++ // "1.000": a thousand or one
		}
		if len(ps.Warnings) != want {
			t.Fatalf("%q: used %d, limit %d, warnings %v", csv, u, l, ps.Warnings)
		}

		name := "keys.csv"
		if asXML {
			name = "keys.cilx"
		}
		ps = problem.Problems{}
		ks = Read(name, bytes.NewReader(raw), Options{}, &ps)
		refused := map[problem.Source]bool{}
		for _, p := range ps.Errors {
			if p.File != name || p.Message == "" {
				t.Fatalf("problem without a place or a message: %+v", p)
			}
			if p.Row > 0 {
				refused[problem.Source{File: p.File, Sheet: p.Sheet, Row: p.Row}] = true
			}
		}
		for _, k := range ks {
			if k.Key.IsZero() || k.Remaining < 0 || len(k.Sources) != 1 {
				t.Fatalf("bad key record: %#v", k)
			}
			if src := k.Sources[0]; src.Row > 0 && refused[problem.Source{File: src.File, Sheet: src.Sheet, Row: src.Row}] {
				t.Fatalf("row %d both gave key %s and was refused: %v", src.Row, k.Key, ps.Errors)
			}
		}
		planner.MergeKeys(ks, &ps)
	})
}

// FuzzCILX: a .cilx that VAMT could write, with fuzzed descriptions and
// remaining counts, gives each key with its count, or a problem on the
// key's element for a count that is not one: never both, never neither.
func FuzzCILX(f *testing.F) {
	f.Add("Win 10 RTM Enterprise Volume:MAK", "10", "Office19_RTM19_ProPlus2019VL_MAK_AE", "25,00", uint8(0))
	f.Add("A & B <c>", "-1", "\x01", "1.5", uint8(1))
	f.Add("", "", "]]>", " 7 ", uint8(2))
	f.Fuzz(func(t *testing.T, desc1, rem1, desc2, rem2 string, layout uint8) {
		esc := func(s string) string {
			var b bytes.Buffer
			_ = xml.EscapeText(&b, []byte(s))
			return b.String()
		}
		type rec struct{ key, desc, rem string }
		recs := []rec{{sampleKeys[0], desc1, rem1}, {sampleKeys[1], desc2, rem2}}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<VolumeActivationManagementToolData VamtVersion="3.0.5.0"><SoftwareLicensingData><ProductKeys>` + "\n")
		for _, r := range recs {
			if layout%2 == 0 {
				fmt.Fprintf(&b, "<ProductKey>\n<KeyDescription>%s</KeyDescription><KeyType>Mak</KeyType><KeyValue>%s</KeyValue><LastUpdate>2026-11-20T09:12:44.113</LastUpdate><RemainingActivations>%s</RemainingActivations><SupportedSku>6755c7a7-4dfe-46f5-bce8-427be8e9dc62</SupportedSku></ProductKey>\n",
					esc(r.desc), r.key, esc(r.rem))
			} else {
				fmt.Fprintf(&b, "<ProductKey KeyValue=\"%s\" KeyType=\"7\" KeyDescription=\"%s\" RemainingActivations=\"%s\"/>\n", r.key, esc(r.desc), esc(r.rem))
			}
		}
		b.WriteString("</ProductKeys></SoftwareLicensingData></VolumeActivationManagementToolData>\n")
		doc := b.String()
		var ps problem.Problems
		ks := Read("keys.cilx", strings.NewReader(doc), Options{}, &ps)
		if len(ps.Errors) > 0 && strings.Contains(ps.Errors[0].Message, "not readable as a VAMT .cilx") {
			// Only text XML cannot carry (a control character, say) may make
			// the document unreadable.
			for _, r := range recs {
				if strings.ToValidUTF8(r.desc+r.rem, "") == r.desc+r.rem && !strings.ContainsFunc(r.desc+r.rem, func(c rune) bool {
					return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF
				}) {
					continue
				}
				return
			}
			t.Fatalf("a well-formed .cilx is refused: %v\n%s", ps.Errors, doc)
		}
		got := map[string]planner.Key{}
		for _, k := range ks {
			got[k.Key.Full()] = k
		}
		for _, r := range recs {
			k, read := got[r.key]
			n, err := ParseCount(r.rem)
			refused := false
			for _, p := range ps.Errors {
				refused = refused || strings.Contains(p.Message, "XXXXX-XXXXX-XXXXX-XXXXX-"+r.key[24:]) && p.File == "keys.cilx" && strings.Contains(p.Column, "line")
			}
			switch {
			case read && refused:
				t.Fatalf("key %s both read and refused: %v", r.key, ps.Errors)
			case !read && !refused:
				t.Fatalf("key %s neither read nor refused (count %q): %v\n%s", r.key, r.rem, ps.Errors, doc)
			case read && (err != nil || k.Remaining != n):
				t.Fatalf("key %s: remaining %d from %q (ParseCount: %d, %v)", r.key, k.Remaining, r.rem, n, err)
			}
		}
	})
}
