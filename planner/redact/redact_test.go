package redact

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestMaskKeys(t *testing.T) {
	for in, want := range map[string]string{
		"key 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T here": "key XXXXX-XXXXX-XXXXX-XXXXX-VF68T here",
		"7xn4bjkc2qtyg8mw3rpdvf68t":              "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B JKC2Q TYG8M W3RPD VF68T":          "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		`"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T","MAK"`:  `"XXXXX-XXXXX-XXXXX-XXXXX-VF68T","MAK"`,
		"AAAAAAAAAAAAAAAAAAAAAAAAA":              "AAAAAAAAAAAAAAAAAAAAAAAAA", // A is no key character
		// A commit or SHA-256 is a hash, not a key, though 25 of its digits
		// may spell a key's grammar: this commit's was masked on CI, and the
		// version line no longer named it. A key glued to a short hex word is.
		"commit 7704a85002243fa33c99f3d47929bc222cfe2646":                                       "commit 7704a85002243fa33c99f3d47929bc222cfe2646",
		"SHA-256 2222233333444446666677777888889999bbbbbcccccdddddfffff22222333334444466666777": "SHA-256 2222233333444446666677777888889999bbbbbcccccdddddfffff22222333334444466666777",
		"id ab7XN4BJKC2QTYG8MW3RPDVF68T":                                                        "id aXXXXX-XXXXX-XXXXX-XXXXX-DVF68T", // the b taken for a typo: masked all the same
		"Windows 10/11 Enterprise, 47/63":                                                       "Windows 10/11 Enterprise, 47/63",
		"XXXXX-XXXXX-XXXXX-XXXXX-VF68T":                                                         "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"short 7XN4B-JKC2Q":                                                                     "short 7XN4B-JKC2Q",
		"two 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T and D9HGK-2WMXT-B6QYR-7CFJP-3GVF7":                   "two XXXXX-XXXXX-XXXXX-XXXXX-VF68T and XXXXX-XXXXX-XXXXX-XXXXX-3GVF7",
		// Issue 19, finding 2: five-character words before the key used to be
		// taken for its first groups, and the whole key printed after them.
		"Order 12345 Batch 67890 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T": "Order 12345 Batch 67890 XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B/JKC2Q/TYG8M/W3RPD/VF68T":                         "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B|JKC2Q|TYG8M|W3RPD|VF68T":                         "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B\u2013JKC2Q\u2014TYG8M\u2012W3RPD\u2011VF68T":     "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B\u00a0JKC2Q\tTYG8M:W3RPD,VF68T":                   "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B+JKC2Q\\TYG8M   W3RPD - VF68T":                    "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"ref:7XN4BJKC2QTYG8MW3RPDVF68T;":                        "ref:XXXXX-XXXXX-XXXXX-XXXXX-VF68T;",
		"x7XN4B-JKC2Q-TYG8M-W3RPD-VF68T":                        "xXXXXX-XXXXX-XXXXX-XXXXX-VF68T", // wherever it starts
		"7XN4B-JKC2Q-TYG8M-W3RPD-VF6BT":                         "XXXXX-XXXXX-XXXXX-XXXXX-VF6BT",
		"7XN4B-JKC2Q-TYG0M-W3RPD-VF68T":                         "XXXXX-XXXXX-XXXXX-XXXXX-VF68T", // one typo (0 for 8)
	} {
		if got := MaskKeys(in); got != want {
			t.Errorf("MaskKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain text\n":                          "plain text\n",
		"PC\x1b[31mRED":                         `PC\x1b[31mRED`,
		"evil\u202etxt.exe":                     `evil\u202etxt.exe`,
		"M\xfcller":                             `M\xfcller`,
		"Müller-PC":                             "Müller-PC",
		"key 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T\x07": `key XXXXX-XXXXX-XXXXX-XXXXX-VF68T\x07`,
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SanitizeHeader("a\r\nBcc: x"); got != `a\x0d\nBcc: x` {
		t.Errorf("SanitizeHeader = %q", got)
	}
}

// TestNoKeySurvivesAnyChannel (issue 28): keys split by every class of
// character — invisible, control, separator, a line break inside a cell —
// are found whatever the text went through first: escaped (EscapeText, as
// the workbook and terminals show it), put on one line (OneLine, as the
// readers keep a cell), quoted (%q, as a problem quotes a cell), written as
// JSON; and masking first leaves nothing for those to reveal.
func TestNoKeySurvivesAnyChannel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	channels := map[string]func(string) string{
		"as is": func(s string) string { return s }, "EscapeText": EscapeText, "OneLine": OneLine,
		"quoted": strconv.Quote, "Sanitize": Sanitize, "SanitizeHeader": SanitizeHeader,
		"JSON": func(s string) string { b, _ := json.Marshal(s); return string(b) },
	}
	for i := 0; i < 5000; i++ {
		text, keys := RandomTextWithKeys(rng)
		for name, channel := range channels {
			for _, out := range []string{MaskKeys(channel(text)), channel(MaskKeys(text)), Sanitize(channel(text))} {
				for _, k := range keys {
					if Survives(out, k) {
						t.Fatalf("%s: key %s survives in %q (from %q)", name, k, out, text)
					}
				}
			}
		}
	}
}

// BenchmarkMaskHostile (issue 28, finding 5): a long word of hexadecimal
// digits — where a key's grammar matches at many places, and each match
// used to measure the whole word again — and long runs of invisible
// separators: time in proportion to the length (scripts/bombs.sh holds the
// command to its bound on such inputs).
func BenchmarkMaskHostile(b *testing.B) {
	for name, s := range map[string]string{
		"hex-2MB":        strings.Repeat("7704a85002243fa33c99f3d47929bc222cfe2646", 50_000),
		"separators-2MB": strings.Repeat("BBBBB"+strings.Repeat("\\u200b", 60), 5_500),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for i := 0; i < b.N; i++ {
				MaskKeys(s)
			}
		})
	}
}

// TestNoKeySurvives is the masking property (issue 19): for random text with
// keys embedded anywhere, with any separators or none, no 25-character key
// survives MaskKeys; and masking twice changes nothing more.
func TestNoKeySurvives(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20_000; i++ {
		text, keys := RandomTextWithKeys(rng)
		got := MaskKeys(text)
		for _, k := range keys {
			if Survives(got, k) {
				t.Fatalf("key %s survives in %q (from %q)", k, got, text)
			}
		}
		if again := MaskKeys(got); again != got {
			t.Fatalf("masking again changed %q into %q", got, again)
		}
	}
	// And plain text is left as it is.
	for _, s := range []string{"Check every other rules: these apply first, never mind the notes",
		"NW-LT-0101,Windows 11 Enterprise,W1 Finance,2026-12-07,row 42", "MAKPLAN OK - 1 pool covers 10 MAK activations to make"} {
		if got := MaskKeys(s); got != s {
			t.Errorf("MaskKeys(%q) = %q", s, got)
		}
	}
}

// FuzzMaskKeys: whatever text surrounds random keys, none survives masking
// (the masking property, as a fuzz target).
func FuzzMaskKeys(f *testing.F) {
	f.Add("Order 12345 Batch 67890 ", uint64(1))
	f.Add("", uint64(2))
	f.Add("DDDDD DDDDD ", uint64(3))
	f.Fuzz(func(t *testing.T, around string, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 7))
		text, keys := RandomTextWithKeys(rng)
		text = around + text + around
		got := MaskKeys(text)
		for _, k := range keys {
			if Survives(got, k) {
				t.Fatalf("key %s survives in %q", k, got)
			}
		}
	})
}
