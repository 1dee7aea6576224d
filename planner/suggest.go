package planner

import (
	"sort"
	"strings"

	"github.com/makplan/makplan/planner/wording"
)

// Suggest returns the catalogue name closest to name — a likely typo or
// abbreviation of it ("Win 11 Ent" → "Windows 11 Enterprise") — or "" when
// no product is close: every word of name must be a catalogue word, the
// start of one ("ent"), or one or two letters away from one. It only
// suggests; a name is never read as its suggestion.
//
// A name longer than wording.MaxSuggestLength gets no suggestion.
func Suggest(name string) string {
	if len([]rune(name)) > wording.MaxSuggestLength {
		return ""
	}
	var in []string
	for _, w := range words(name) {
		if w != "/" {
			in = append(in, w)
		}
	}
	if len(in) == 0 {
		return ""
	}
	c := theCatalogue()
	keys := make([]string, 0, len(c.exact))
	for k := range c.exact {
		keys = append(keys, k)
	}
	sort.Strings(keys) // ties go the same way on every run
	var best *Product
	bestScore := 0.0
	for _, k := range keys {
		score, ok := closeness(in, strings.Fields(k))
		if !ok {
			continue
		}
		if p := c.exact[k]; best == nil || score < bestScore {
			best, bestScore = p, score
		}
	}
	if best == nil {
		return ""
	}
	return best.Name
}

// closeness scores how far the words in are from a product's words cand:
// 0 for the same word, a little for an abbreviation, more per edited letter,
// and a quarter for each product word that in does not mention. ok is false
// when some word of in is like no word of cand.
func closeness(in, cand []string) (score float64, ok bool) {
	used := make([]bool, len(cand))
	for _, w := range in {
		best, at := 1.0, -1
		for i, c := range cand {
			var cost float64
			switch {
			case w == c:
				cost = 0
			case len(w) >= 2 && strings.HasPrefix(c, w):
				cost = 0.3
			default:
				d := wording.EditDistance(w, c)
				if d > maxEdits(c) {
					continue
				}
				cost = 0.4 * float64(d)
			}
			if cost < best {
				best, at = cost, i
			}
		}
		if at < 0 {
			return 0, false
		}
		used[at] = true
		score += best
	}
	for _, u := range used {
		if !u {
			score += 0.25
		}
	}
	return score, true
}

// maxEdits is how many letters a word may differ by and still be taken for
// a typo of w: none for short words (versions, N), more for long ones.
func maxEdits(w string) int {
	switch n := len([]rune(w)); {
	case n <= 2:
		return 0
	case n <= 5:
		return 1
	default:
		return 2
	}
}
