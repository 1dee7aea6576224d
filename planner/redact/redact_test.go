package redact

import (
	"math/rand/v2"
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
