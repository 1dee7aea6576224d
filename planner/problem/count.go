package problem

import (
	"strconv"
	"strings"
)

// Count writes a whole number for people, with thousands separators:
// 1,048,576. Machine output (JSON, alert lines, performance data) never uses it.
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// Plural writes a count with its noun: "1 device", "2 devices", "1,024 devices".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Count(n) + " " + many
}
