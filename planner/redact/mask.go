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
// up to four characters that are no letter or digit — dashes of every kind,
// spaces, no-break spaces, tabs, slashes, bars, colons, commas, plus signs,
// backslashes. What was masked is scanned again until nothing more is
// found. Every message, problem, alert, workbook cell and history record
// passes through it before it is printed or written, so that a key can leak
// through no path — not only through values known to be keys
// (docs/robustness.md).
func MaskKeys(s string) string {
	for pass := 0; pass < 4; pass++ {
		out, changed := maskOnce(s)
		if !changed {
			return s
		}
		if out == s {
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
	for i := 0; i < len(s); {
		end, last5, ok := keyAt(s, i)
		if ok && inHash(s, i, end) {
			ok = false
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
		b.WriteString("XXXXX-XXXXX-XXXXX-XXXXX-")
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
// run is masked but its last group.
func keyAt(s string, i int) (end int, last5 string, ok bool) {
	typos := 0
	pos := i
	var tail string
	for g := 0; ; g++ {
		next, group, ok := groupAt(s, pos, g > 0, g > 0 && g < 5, &typos)
		if !ok {
			if g < 5 {
				return 0, "", false
			}
			return pos, tail, true
		}
		if g >= 4 {
			tail = group
		}
		pos = next
	}
}

// groupAt reads a group of five key characters at pos, after up to four
// separators when sep. typos counts the other letters and digits taken for
// typos: one in a key, in its second to fifth groups (mayTypo), so that a
// word before a key is not taken for its first group; a group of five
// capital X is a key masked already, no group.
func groupAt(s string, pos int, sep, mayTypo bool, typos *int) (int, string, bool) {
	if sep {
		for n := 0; pos < len(s); n++ {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if isAlnum(r) {
				break
			}
			if n == 4 || r == utf8.RuneError && size <= 1 {
				return 0, "", false
			}
			pos += size
		}
	}
	var group [5]byte
	start := pos
	t := *typos
	for c := 0; c < 5; c++ {
		if pos >= len(s) {
			return 0, "", false
		}
		r, size := utf8.DecodeRuneInString(s[pos:])
		switch {
		case isKeyChar(r):
		case isAlnum(r) && mayTypo && t == 0:
			t++ // a key with a typo is still a key to hide
		default:
			return 0, "", false
		}
		if r < utf8.RuneSelf {
			group[c] = byte(unicode.ToUpper(r))
		} else {
			group[c] = '?'
		}
		pos += size
	}
	if s[start:pos] == "XXXXX" {
		return 0, "", false
	}
	*typos = t
	return pos, string(group[:]), true
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

// inHash reports whether s[i:end], a match without separators, lies in a
// word of hexadecimal digits as long as a hash (a commit, an input's
// SHA-256): 25 of its digits can spell a key's grammar (2–9 and B, C, D,
// F are key characters, and one other is taken for a typo), but a product
// key made of those characters only is about 1 in 300 million, and a hash
// masked is a version line that no longer names its commit.
func inHash(s string, i, end int) bool {
	hex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	for k := i; k < end; k++ {
		if !hex(s[k]) {
			return false
		}
	}
	a, z := i, end
	for a > 0 && hex(s[a-1]) {
		a--
	}
	for z < len(s) && hex(s[z]) {
		z++
	}
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
