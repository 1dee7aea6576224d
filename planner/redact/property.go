package redact

import (
	"math/rand/v2"
	"strings"
)

// keyChars is the product-key alphabet.
const keyChars = "BCDFGHJKMPQRTVWXY2346789"

// keySeparators are what keys are written with between their groups.
var keySeparators = []string{"-", "", " ", "  ", "\t", "/", "|", ":", ",", "+", "\\", "\u00a0", "\u2013", "\u2014", "\u2011", " - ", "_", "."}

// fillers are texts keys are found among.
var fillers = []string{"Order 12345 Batch 67890 ", "key: ", "(old) ", "W2 Sales ", "NW-LT-0101 ", "Ünïcödé ", "\u202e", "\n", "\"", "", "ABCDE", "x", "12345-", "DDDDD "}

// RandomTextWithKeys returns text with one to three random keys embedded
// anywhere, each written with random separators and case, and the keys'
// 25 characters: for the masking property's tests and fuzz targets.
func RandomTextWithKeys(rng *rand.Rand) (string, []string) {
	var b strings.Builder
	var keys []string
	for n := 1 + rng.IntN(3); n > 0; n-- {
		b.WriteString(fillers[rng.IntN(len(fillers))])
		var k strings.Builder
		for i := 0; i < 25; i++ {
			k.WriteByte(keyChars[rng.IntN(len(keyChars))])
		}
		key := k.String()
		keys = append(keys, key)
		sep := keySeparators[rng.IntN(len(keySeparators))]
		for g := 0; g < 5; g++ {
			if g > 0 {
				b.WriteString(sep)
			}
			group := key[g*5 : g*5+5]
			if rng.IntN(3) == 0 {
				group = strings.ToLower(group)
			}
			b.WriteString(group)
		}
		b.WriteString(fillers[rng.IntN(len(fillers))])
	}
	return b.String(), keys
}

// Survives reports whether key (its 25 characters) can still be read in
// text: its characters in order, in any case, whatever stands between the
// groups (a masked key keeps only its last five).
func Survives(text, key string) bool {
	var alnum strings.Builder
	for _, r := range strings.ToUpper(text) {
		if isAlnum(r) {
			alnum.WriteRune(r)
		}
	}
	return strings.Contains(alnum.String(), key)
}
