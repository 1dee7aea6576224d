package planner

import (
	"regexp"
	"strings"
)

// keyShape matches anything shaped like a product key: 25 letters and
// digits in five groups of five, with or without dashes (or other
// separators), in any case. It is wider than the key alphabet on purpose: a
// key with a typo is still a key to hide.
var keyShape = regexp.MustCompile(`(?i)\b[A-Z0-9]{5}([-\s_.]?)[A-Z0-9]{5}([-\s_.]?)[A-Z0-9]{5}([-\s_.]?)[A-Z0-9]{5}([-\s_.]?)[A-Z0-9]{5}\b`)

// MaskKeys hides every product-key-shaped run of s but its last five
// characters: XXXXX-XXXXX-XXXXX-XXXXX-VF68T. Every message, problem and
// alert passes through it before it is printed or written, so that a key
// can leak through no path — not only through values known to be keys
// (docs/robustness.md).
func MaskKeys(s string) string {
	if !mayHoldKey(s) {
		return s
	}
	return keyShape.ReplaceAllStringFunc(s, func(m string) string {
		var alnum []byte
		for i := 0; i < len(m); i++ {
			c := m[i]
			if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				alnum = append(alnum, c)
			}
		}
		if len(alnum) != 25 || !hasLetterAndDigit(alnum) {
			return m
		}
		return "XXXXX-XXXXX-XXXXX-XXXXX-" + strings.ToUpper(string(alnum[20:]))
	})
}

// hasLetterAndDigit tells a key (letters and digits mixed) from a long word
// or number that happens to be 25 characters.
func hasLetterAndDigit(b []byte) bool {
	letter, digit := false, false
	for _, c := range b {
		if c >= '0' && c <= '9' {
			digit = true
		} else {
			letter = true
		}
	}
	return letter && digit
}

// mayHoldKey is a quick linear test run before the regular expression: a
// key needs 25 letters and digits with at most single separators between
// them. Most text (a JSON line, a report line) has no such run.
func mayHoldKey(s string) bool {
	if len(s) < 25 {
		return false
	}
	n, seps := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			n++
			seps = 0
			if n >= 25 {
				return true
			}
		case (c == '-' || c == ' ' || c == '_' || c == '.') && seps == 0:
			seps++
		default:
			n, seps = 0, 0
		}
	}
	return false
}
