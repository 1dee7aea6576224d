package redact

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

// ContainsKey reports whether s holds anything MaskKeys would mask: a
// product key, whole or with a typo, anywhere in the text.
func ContainsKey(s string) bool { return MaskKeys(s) != s }

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
// key is 25 letters and digits in groups of five, with at most one
// separator between groups and none inside one. Most text (a JSON line, a
// report line, a sentence of English, whose words are rarely of five
// letters five times running) has no such run.
func mayHoldKey(s string) bool {
	if len(s) < 25 {
		return false
	}
	n := 0          // letters and digits since the run began
	prevSep := true // the previous byte ended a run or was a separator
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			n++
			prevSep = false
			if n >= 25 {
				return true
			}
		case c == '-' || c == ' ' || c == '_' || c == '.' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			if prevSep || n%5 != 0 {
				n = 0 // a separator inside a group, or two in a row: a key can only begin after it
			}
			prevSep = true
		default:
			n, prevSep = 0, true
		}
	}
	return false
}
