package redact

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// keyChars is the product-key alphabet.
const keyChars = "BCDFGHJKMPQRTVWXY2346789"

// keySeparators are what keys are written with between their groups.
// Since issue 28 also every kind of invisible or control character, and
// line breaks inside a cell: a key split by one must be found too.
var keySeparators = []string{"-", "", " ", "  ", "\t", "/", "|", ":", ",", "+", "\\", "\u00a0", "\u2013", "\u2014", "\u2011", " - ", "_", ".",
	"\u200b", "\u200e", "\u202e", "\ufeff", "\r", "\n", "\r\n", "\u2028", "\x01", "\x7f", "\u3000", "-\u200b-", "\u2066", "\x00", "\xff",
	"\f", "\v", "\a", "\b"}

// inFile says whether a separator can stand in a cell of a text file: a NUL
// makes it no text file, a byte that is no UTF-8 another encoding.
func inFile(sep string) bool { return !strings.ContainsAny(sep, "\x00") && utf8.ValidString(sep) }

// fillers are texts keys are found among.
var fillers = []string{"Order 12345 Batch 67890 ", "key: ", "(old) ", "W2 Sales ", "NW-LT-0101 ", "Ünïcödé ", "\u202e", "\n", "\"", "", "ABCDE", "x", "12345-", "DDDDD "}

// RandomTextWithKeys returns text with one to three random keys embedded
// anywhere, each written with random separators and case, and the keys'
// 25 characters: for the masking property's tests and fuzz targets.
func RandomTextWithKeys(rng *rand.Rand) (string, []string) { return randomText(rng, false) }

// RandomCellWithKeys is RandomTextWithKeys for the cells of an input file:
// no separator that would make it no text file or another encoding.
func RandomCellWithKeys(rng *rand.Rand) (string, []string) { return randomText(rng, true) }

// RandomSplitKey returns a random key written alone with a random separator
// that can stand in a cell (a line break, an invisible character …), and
// its 25 characters.
func RandomSplitKey(rng *rand.Rand) (string, string) {
	var k strings.Builder
	for i := 0; i < 25; i++ {
		k.WriteByte(keyChars[rng.IntN(len(keyChars))])
	}
	key := k.String()
	sep := keySeparators[rng.IntN(len(keySeparators))]
	for !inFile(sep) {
		sep = keySeparators[rng.IntN(len(keySeparators))]
	}
	return strings.Join([]string{key[0:5], key[5:10], key[10:15], key[15:20], key[20:25]}, sep), key
}

func randomText(rng *rand.Rand, cell bool) (string, []string) {
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
		for cell && !inFile(sep) {
			sep = keySeparators[rng.IntN(len(keySeparators))]
		}
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
// groups — the escapes text shows invisible characters as included — (a
// masked key keeps only its last five).
func Survives(text, key string) bool {
	var alnum strings.Builder
	for i := 0; i < len(text); {
		if e := anyEscapeAt(text, i); e > i {
			i = e
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isAlnum(r) {
			alnum.WriteString(strings.ToUpper(string(r)))
		}
		i += size
	}
	return strings.Contains(alnum.String(), key)
}

// anyEscapeAt is the end of an escape at pos in the widest sense — a
// backslash and any letter, with the hex digits of \x, \u and \U — or pos:
// the property's oracle reads through every escape any writer might make
// (%q's \a \b \f \v, JSON's, ours), not only those the masker knows, so
// that a writer's escape the masker misses is a failure, not a blind spot.
func anyEscapeAt(s string, pos int) int {
	if e := escapeAt(s, pos); e > pos {
		return e
	}
	if pos+1 < len(s) && s[pos] == '\\' && (s[pos+1] >= 'a' && s[pos+1] <= 'z' || s[pos+1] >= 'A' && s[pos+1] <= 'Z') {
		return pos + 2
	}
	return pos
}
