package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaskKeys hides every product key in s but its last five characters:
// XXXXX-XXXXX-XXXXX-XXXXX-VF68T. A key is found by its grammar, wherever it
// starts: 25 characters of the product-key alphabet (BCDFGHJKMPQRTVWXY,
// 2346789 and N, in any case; one other letter or digit inside is taken
// for a typo) in five groups of five, the groups run together or apart by
// a run of characters that are no letter or digit — dashes and spaces of
// every kind, tabs, slashes, bars, colons, line breaks, and the invisible
// ones: format, control and separator characters (a zero-width space, a
// bidirectional mark, a byte-order mark, U+2028), bytes that are no UTF-8 —
// and the escapes text shows them as (\n, \t, \x01, \u200b), so that a
// key split by one is found whether the text was escaped yet or not. What
// was masked is scanned again until nothing more is found. It takes time
// in proportion to the text. Masking is the first thing done to text from
// an input, before it is escaped, quoted, put on one line or cut short; and
// every message, problem, alert, workbook cell and history record passes
// through it again before it is printed or written (docs/robustness.md).
func MaskKeys(s string) string {
	for pass := 0; pass < 4; pass++ {
		out, changed := maskOnce(s)
		if !changed || out == s {
			return s
		}
		s = out
	}
	return s
}

// ContainsKey reports whether s holds a product key MaskKeys would mask.
func ContainsKey(s string) bool { return MaskKeys(s) != s }

// maskOnce masks the keys found in one pass, left to right.
func maskOnce(s string) (string, bool) {
	if !mayHoldKey(s) {
		return s, false
	}
	var b strings.Builder
	last, changed := 0, false
	hexA, hexZ := 0, 0 // the last word of hexadecimal digits measured: s[hexA:hexZ]
	for i := 0; i < len(s); {
		end, last5, ok := keyAt(s, i)
		if ok && allHex(s[i:end]) {
			if i < hexA || i >= hexZ {
				hexA, hexZ = hexWord(s, i)
			}
			ok = !isHash(s, hexA, hexZ)
		}
		if !ok {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		if !changed {
			b.Grow(len(s))
			changed = true
		}
		b.WriteString(s[last:i])
		b.WriteString(MaskedPrefix)
		b.WriteString(last5)
		i, last = end, end
	}
	if !changed {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// keyAt reports whether a key starts at byte i of s, and returns where it
// ends and its last five characters, upper-cased. A key followed by more
// groups of five runs on through them (text that happens to look like a
// key's first groups must not shift the window off the real key): the whole
// run is masked but its last group. On the letter of an escape (the n of
// \n) a key starts only when none starts just after it.
func keyAt(s string, i int) (end int, last5 string, ok bool) {
	if i > 0 && s[i-1] == '\\' && i+1 < len(s) && strings.IndexByte("nrtxuU", s[i]) >= 0 {
		if _, _, ok := keyFrom(s, i+1); ok {
			return 0, "", false
		}
	}
	return keyFrom(s, i)
}

func keyFrom(s string, i int) (end int, last5 string, ok bool) {
	typos := 0
	pos := i
	var tail [5]byte
	for g := 0; ; g++ {
		next, group, ok := groupAt(s, pos, g > 0, g > 0 && g < 5, &typos)
		if !ok {
			if g < 5 {
				return 0, "", false
			}
			return pos, string(tail[:]), true
		}
		if g >= 4 {
			tail = group
		}
		pos = next
	}
}

// maxSeparator bounds the run of separators between two groups of a key,
// in characters (an escape counts as one): a run this long is no key's.
const maxSeparator = 64

// groupAt reads a group of five key characters at pos, after a run of
// separators when sep. typos counts the other letters and digits taken for
// typos: one in a key, in its second to fifth groups (mayTypo), so that a
// word before a key is not taken for its first group; a group of five
// capital X is a key masked already, no group. What reads as an escape
// (\n, \xfd) may be a backslash before a group: both are tried.
func groupAt(s string, pos int, sep, mayTypo bool, typos *int) (int, [5]byte, bool) {
	if !sep {
		return readGroup(s, pos, mayTypo, typos)
	}
	var alt [4]int // where a group may start instead: after a backslash taken for an escape
	nalt := 0
	for n := 0; pos < len(s); n++ {
		if e := escapeAt(s, pos); e > pos {
			if n == maxSeparator {
				return 0, [5]byte{}, false
			}
			if nalt < len(alt) {
				alt[nalt] = pos + 1
				nalt++
			}
			pos = e
			continue
		}
		r, size := utf8.DecodeRuneInString(s[pos:])
		if isAlnum(r) {
			break
		}
		if n == maxSeparator {
			return 0, [5]byte{}, false
		}
		pos += size // invalid UTF-8 is a separator too: it is shown escaped
	}
	if end, group, ok := readGroup(s, pos, mayTypo, typos); ok {
		return end, group, true
	}
	for a := nalt - 1; a >= 0; a-- {
		if end, group, ok := readGroup(s, alt[a], mayTypo, typos); ok {
			return end, group, true
		}
	}
	return 0, [5]byte{}, false
}

// readGroup reads five key characters at pos (groupAt).
func readGroup(s string, pos int, mayTypo bool, typos *int) (int, [5]byte, bool) {
	var group [5]byte
	start := pos
	t := *typos
	for c := 0; c < 5; c++ {
		if pos >= len(s) {
			return 0, group, false
		}
		r, size := rune(s[pos]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[pos:])
		}
		switch {
		case isKeyChar(r):
		case isAlnum(r) && mayTypo && t == 0:
			t++ // a key with a typo is still a key to hide
		default:
			return 0, group, false
		}
		switch {
		case r >= 'a' && r <= 'z':
			group[c] = byte(r - 'a' + 'A')
		case r < utf8.RuneSelf:
			group[c] = byte(r)
		default:
			group[c] = '?'
		}
		pos += size
	}
	if s[start:pos] == "XXXXX" {
		return 0, group, false
	}
	*typos = t
	return pos, group, true
}

// escapeAt returns the end of the escape that starts at pos — \n, \r, \t, \a, \b, \f, \v,
// \xHH, \uHHHH, \UHHHHHHHH, as OneLine, EscapeText, Go's %q and JSON
// write control and invisible characters — or pos when none does.
func escapeAt(s string, pos int) int {
	if pos+1 >= len(s) || s[pos] != '\\' {
		return pos
	}
	digits := 0
	switch s[pos+1] {
	case 'n', 'r', 't', 'a', 'b', 'f', 'v': // %q writes \a \b \f \v too, JSON \b \f
		return pos + 2
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return pos
	}
	if pos+2+digits > len(s) || !allHex(s[pos+2:pos+2+digits]) {
		return pos
	}
	return pos + 2 + digits
}

// isKeyChar reports whether r is of the product-key alphabet
// (BCDFGHJKMPQRTVWXY2346789, and the N of Windows 8 and later keys), in any case.
func isKeyChar(r rune) bool {
	switch {
	case r >= '2' && r <= '9':
		return r != '5'
	case r >= 'a' && r <= 'z':
		r -= 'a' - 'A'
	}
	if r < 'A' || r > 'Z' {
		return false
	}
	switch r {
	case 'A', 'E', 'I', 'L', 'O', 'S', 'U', 'Z':
		return false
	}
	return true
}

func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// minHash is the shortest hexadecimal hash that is not taken for a key:
// MD5's 32 digits (SHA-1 and git commits 40, SHA-256 64).
const minHash = 32

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// hexWord returns the run of hexadecimal digits around byte i.
func hexWord(s string, i int) (a, z int) {
	a, z = i, i
	for a > 0 && isHex(s[a-1]) {
		a--
	}
	for z < len(s) && isHex(s[z]) {
		z++
	}
	return a, z
}

// isHash reports whether the hexadecimal word s[a:z] is as long as a hash
// (a commit, an input's SHA-256) and stands alone. 25 of its digits can
// spell a key's grammar (2–9 and B, C, D, F are key characters, and one
// other is taken for a typo), but a product key made of those characters
// only is about 1 in 300 million, and a hash masked is a version line that
// no longer names its commit. A match within it (no separator) is left.
func isHash(s string, a, z int) bool {
	return z-a >= minHash && (a == 0 || !isAlnumByte(s[a-1])) && (z == len(s) || !isAlnumByte(s[z]))
}

func isAlnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

// mayHoldKey is a quick test before the scan: a key needs 24 characters of
// the key alphabet at least. Most short texts have fewer.
func mayHoldKey(s string) bool {
	if len(s) < 25 {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if isKeyChar(rune(s[i])) {
			n++
			if n >= 24 {
				return true
			}
		}
	}
	return false
}

// MaskedPrefix stands for the first twenty characters of a masked key: the
// one spelling of a masked key (planner.ProductKey.Masked, MaskLast5).
const MaskedPrefix = "XXXXX-XXXXX-XXXXX-XXXXX-"
