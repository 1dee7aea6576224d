package redact

import (
	"math/rand/v2"
	"testing"
)

func TestMaskKeys(t *testing.T) {
	for in, want := range map[string]string{
		"key 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T here":                              "key XXXXX-XXXXX-XXXXX-XXXXX-VF68T here",
		"7xn4bjkc2qtyg8mw3rpdvf68t":                                           "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"7XN4B JKC2Q TYG8M W3RPD VF68T":                                       "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		`"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T","MAK"`:                               `"XXXXX-XXXXX-XXXXX-XXXXX-VF68T","MAK"`,
		"AAAAAAAAAAAAAAAAAAAAAAAAA":                                           "AAAAAAAAAAAAAAAAAAAAAAAAA", // no digits: not a key
		"Windows 10/11 Enterprise, 47/63":                                     "Windows 10/11 Enterprise, 47/63",
		"XXXXX-XXXXX-XXXXX-XXXXX-VF68T":                                       "XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"short 7XN4B-JKC2Q":                                                   "short 7XN4B-JKC2Q",
		"two 7XN4B-JKC2Q-TYG8M-W3RPD-VF68T and D9HGK-2WMXT-B6QYR-7CFJP-3GVF7": "two XXXXX-XXXXX-XXXXX-XXXXX-VF68T and XXXXX-XXXXX-XXXXX-XXXXX-3GVF7",
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

// TestMayHoldKeyMissesNoKey: the quick test before the regular expression
// never says no where the expression finds a key: random text made of key
// characters, separators and others, 200,000 times.
func TestMayHoldKeyMissesNoKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alnum, seps, other = "ABCDEFGHJK0123456789abcdez", "- _.\t\n", ",;'()"
	matched := 0
	for i := 0; i < 200_000; i++ {
		var b []byte
		for len(b) < 25+rng.IntN(20) {
			switch x := rng.IntN(10); {
			case x < 6: // runs of about a group
				for n := 3 + rng.IntN(4); n > 0; n-- {
					b = append(b, alnum[rng.IntN(len(alnum))])
				}
			case x < 9:
				b = append(b, seps[rng.IntN(len(seps))])
			default:
				b = append(b, other[rng.IntN(len(other))])
			}
		}
		s := string(b)
		if keyShape.MatchString(s) {
			matched++
			if !mayHoldKey(s) {
				t.Fatalf("mayHoldKey(%q) = false, but the expression matches %q", s, keyShape.FindString(s))
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of the random texts hold a key: the test proves little", matched)
	}
	// And it says no to a sentence of five-letter words.
	if mayHoldKey("Check every other rules: these apply first, never mind the notes") {
		t.Error("a sentence looks like a key")
	}
}
