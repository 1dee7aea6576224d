package wording

// MaxSuggestLength is the longest name, in characters, that a "did you
// mean" is worked out for (docs/robustness.md).
const MaxSuggestLength = 64

// Closest returns the candidate closest to s by edit distance over
// normalised text (for header names: "Curent OS" → "Current OS"), or ""
// when none is a likely typo of it: at most two edits, and one per four letters.
//
// A name longer than MaxSuggestLength gets no suggestion: no one types such
// a name, and the edit distance costs the product of the lengths.
func Closest(s string, candidates []string, norm func(string) string) string {
	if len(s) > 4*MaxSuggestLength {
		return ""
	}
	ns := norm(s)
	if ns == "" || len([]rune(ns)) > MaxSuggestLength {
		return ""
	}
	best, bestD := "", 0
	for _, c := range candidates {
		nc := norm(c)
		d := EditDistance(ns, nc)
		if d > 2 || d*4 > max(len(nc), 4) {
			continue
		}
		if best == "" || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
