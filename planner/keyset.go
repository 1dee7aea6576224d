package planner

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner/problem"
)

// MergeKeys merges key records into one Key per product key, in the order each
// key was first seen. Rows of one export that repeat a key (one per product it
// covers) add their products and agreements. Records of a key with different
// snapshot dates are snapshots over time: the newest gives the key's counts,
// the older ones are kept in Earlier (evidence of what was used in between,
// docs/history.md) — unless they contradict the newer (more used earlier than
// later), which is a warning. Records of one date that give different counts
// are a warning too, and the lower remaining count is used, the cautious choice.
func MergeKeys(records []Key, ps *problem.Problems) []Key {
	var out []Key
	at := map[ProductKey]int{}
	for _, r := range records {
		i, seen := at[r.Key]
		if !seen {
			at[r.Key] = len(out)
			r.Products = append([]KeyProduct(nil), r.Products...)
			r.Sources = append([]problem.Source(nil), r.Sources...)
			r.Earlier = append([]Counts(nil), r.Earlier...)
			out = append(out, r)
			continue
		}
		k := &out[i]
		for _, p := range r.Products {
			if j := productIndex(k.Products, p); j < 0 {
				k.Products = append(k.Products, p)
			} else if p.VLSC {
				k.Products[j].VLSC = true
			}
		}
		for _, a := range r.Agreements {
			k.Agreements = appendUnique(k.Agreements, a)
		}
		for _, a := range r.LicenseIDs {
			k.LicenseIDs = appendUnique(k.LicenseIDs, a)
		}
		if k.Organization == "" {
			k.Organization = r.Organization
		}
		if k.Type != r.Type {
			ps.Warn(r.Sources[0].At("", "key %s is %s here but %s in %s; %s is kept", r.Key, r.Type, k.Type, k.Sources[0].File, k.Type))
		}
		kFrom := k.Sources[k.countsFrom]
		k.Sources = append(k.Sources, r.Sources...)
		if !k.IsMAK() {
			if k.Limit == nil && r.Limit != nil {
				k.Limit, k.Used = r.Limit, r.Used
			}
			continue
		}
		rc, kc := r.Counts(), k.Counts()
		// take makes this export's counts the key's.
		take := func() {
			k.Limit, k.Used, k.Remaining, k.AsOf, k.DatedBy = r.Limit, r.Used, r.Remaining, r.AsOf, r.DatedBy
			k.countsFrom = len(k.Sources) - len(r.Sources)
		}
		// disagree warns that two days' counts do not fit together, older
		// first, and says whether this export's are the newer.
		disagree := func(why string) (newest bool) {
			older, newer, olderAt, newerAt := rc, kc, where(r.Sources[0]), where(kFrom)
			if kc.AsOf.Before(rc.AsOf) {
				older, newer, olderAt, newerAt = kc, rc, newerAt, olderAt
			}
			ps.Warn(problem.Problem{File: r.Sources[0].File, Message: fmt.Sprintf("key %s: %s gives %s as of %s, but the newer %s gives %s as of %s: %s",
				r.Key, olderAt, older, older.AsOf, newerAt, newer, newer.AsOf, why)})
			return newer == rc
		}
		switch {
		case rc.Same(kc) && r.AsOf.Equal(k.AsOf):
			if k.Limit == nil && r.Limit != nil {
				k.Limit, k.Used = r.Limit, r.Used
			}
		case r.AsOf.Equal(k.AsOf):
			where := where(kFrom)
			if kFrom.File == r.Sources[0].File {
				where = fmt.Sprintf("row %d", kFrom.Row)
			}
			ps.Warn(r.Sources[0].At("", "key %s shows %s here but %s on %s, both as of %s; the lower remaining count is used",
				r.Key, counts(r), counts(*k), where, r.AsOf))
			if r.Remaining < k.Remaining {
				take()
			}
		case Contradicts(rc, kc):
			if disagree("activations are never given back, so one of the two is misdated; the newer is used and the older is not taken as evidence") {
				take()
			}
		case moreRemainingLater(rc, kc):
			disagree("more remaining later, and no limit in the exports says why (a limit raised in between?); the newer is used")
			fallthrough
		case r.AsOf.After(k.AsOf):
			if !r.AsOf.After(k.AsOf) {
				k.Earlier = addEarlier(k.Earlier, rc)
				break
			}
			k.Earlier = addEarlier(k.Earlier, kc)
			take()
		default:
			k.Earlier = addEarlier(k.Earlier, rc)
		}
	}
	return out
}

// moreRemainingLater reports whether counts of a key on two days show more
// remaining on the later day while no limits show it raised: the limits
// are unknown, or the same.
func moreRemainingLater(a, b Counts) bool {
	if b.AsOf.Before(a.AsOf) {
		a, b = b, a
	}
	if !a.AsOf.Before(b.AsOf) || b.Remaining <= a.Remaining {
		return false
	}
	return a.Limit == nil || b.Limit == nil || *a.Limit == *b.Limit
}

// addEarlier adds c to a key's earlier counts, oldest first, once per date.
func addEarlier(earlier []Counts, c Counts) []Counts {
	for i, e := range earlier {
		switch {
		case e.AsOf.Equal(c.AsOf):
			if c.Remaining < e.Remaining {
				earlier[i] = c
			}
			return earlier
		case c.AsOf.Before(e.AsOf):
			return append(earlier[:i], append([]Counts{c}, earlier[i:]...)...)
		}
	}
	return append(earlier, c)
}

// coversAny reports whether one of the key's product names is in the catalogue.
func (k *Key) coversAny() bool {
	for _, kp := range k.Products {
		if kp.Covers != nil {
			return true
		}
	}
	return false
}

func productIndex(list []KeyProduct, p KeyProduct) int {
	for i, q := range list {
		if q.Name == p.Name {
			return i
		}
	}
	return -1
}

// where names a record's place: "vlsc.csv, row 3", "vamt.cilx, line 19".
func where(s problem.Source) string {
	switch {
	case s.Row > 0:
		return fmt.Sprintf("%s, row %d", s.File, s.Row)
	case s.Line > 0:
		return fmt.Sprintf("%s, line %d", s.File, s.Line)
	}
	return s.File
}

func counts(k Key) string {
	if k.Limit != nil && k.Used != nil {
		return fmt.Sprintf("%d/%d used (%d remaining)", *k.Used, *k.Limit, k.Remaining)
	}
	return fmt.Sprintf("%d remaining", k.Remaining)
}

// CheckKeyProducts warns, once per name, about the product names of MAKs
// that are not in the catalogue: such a key can serve no device. It is a
// warning, not an error: a VLSC export lists every key of the organisation,
// products makplan does not model among them.
func CheckKeyProducts(keys []Key, ps *problem.Problems) {
	seen := map[string]bool{}
	named, more := 0, 0
	for _, k := range keys {
		if k.Type != KeyMAK || k.coversAny() {
			// A name not in the catalogue beside one that is (a VAMT
			// description beside VLSC's name) is only a description.
			continue
		}
		for _, kp := range k.Products {
			if kp.Covers != nil || seen[kp.Name] {
				continue
			}
			seen[kp.Name] = true
			if named == maxUnknownKeyProducts {
				more++
				continue
			}
			named++
			err := &ProductError{Name: kp.Name}
			ps.Warn(k.Sources[0].At("", "key %s: %v; no device can be matched to it (capacity.key_covers can say what it covers)", k.Key, err.Suggested()))
		}
	}
	if more > 0 {
		ps.Warn(problem.Problem{Message: fmt.Sprintf("and %d more product names of MAKs that are not in makplan's catalogue", more)})
	}
}

// maxUnknownKeyProducts bounds the key product names not in the catalogue
// that are named one by one (each with its closest name); the rest are counted.
const maxUnknownKeyProducts = 50

// WidenKeys applies capacity.key_covers: a key product named there (as the
// export names it, case and spacing aside) covers the listed products too.
// The names listed must be in the catalogue (the configuration checks them).
func WidenKeys(keys []Key, covers map[string][]string) {
	if len(covers) == 0 {
		return
	}
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	more := map[string][]string{}
	for name, list := range covers {
		more[norm(name)] = append(more[norm(name)], list...)
	}
	for i := range keys {
		for j := range keys[i].Products {
			kp := &keys[i].Products[j]
			if list, ok := more[norm(kp.Name)]; ok {
				_ = kp.Widen(list) // checked by the configuration
			}
		}
	}
}
