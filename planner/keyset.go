package planner

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner/problem"
)

// MergeKeys merges key records into one Key per product key, in the order each
// key was first seen. Rows of one export that repeat a key (one per product it
// covers) add their products and agreements. When two files give different
// counts for a key, the newer snapshot (AsOf) wins; on the same date the lower
// remaining count wins, the cautious choice. Every disagreement is a warning.
func MergeKeys(records []Key, ps *problem.Problems) []Key {
	var out []Key
	at := map[ProductKey]int{}
	for _, r := range records {
		i, seen := at[r.Key]
		if !seen {
			at[r.Key] = len(out)
			r.Products = append([]KeyProduct(nil), r.Products...)
			r.Sources = append([]problem.Source(nil), r.Sources...)
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
		sameFile := k.Sources[0].File == r.Sources[0].File
		k.Sources = append(k.Sources, r.Sources...)
		if k.Type != KeyMAK || r.Remaining == k.Remaining {
			if k.Limit == nil && r.Limit != nil {
				k.Limit, k.Used = r.Limit, r.Used
			}
			continue
		}
		if sameFile {
			ps.Warn(r.Sources[0].At("", "key %s shows %s here but %s on row %d; the lower remaining count is used",
				r.Key, counts(r), counts(*k), k.Sources[k.countsFrom].Row))
			if r.Remaining < k.Remaining {
				k.Limit, k.Used, k.Remaining = r.Limit, r.Used, r.Remaining
				k.countsFrom = len(k.Sources) - len(r.Sources)
			}
			continue
		}
		newer := r.AsOf.After(k.AsOf) || (r.AsOf.Equal(k.AsOf) && r.Remaining < k.Remaining)
		// k's counts come from the source that last set them.
		kFrom := k.Sources[k.countsFrom]
		choice := "the snapshot of " + k.AsOf.String() + " from " + kFrom.File
		if newer {
			choice = "the snapshot of " + r.AsOf.String() + " from " + r.Sources[0].File
			if r.AsOf.Equal(k.AsOf) {
				choice = "the lower count, from " + r.Sources[0].File
			}
		} else if r.AsOf.Equal(k.AsOf) {
			choice = "the lower count, from " + kFrom.File
		}
		ps.Warn(problem.Problem{File: r.Sources[0].File, Message: fmt.Sprintf("key %s: %s gives %s as of %s, %s gives %s as of %s; using %s",
			r.Key, where(r.Sources[0]), counts(r), r.AsOf, where(kFrom), counts(*k), k.AsOf, choice)})
		if newer {
			k.Limit, k.Used, k.Remaining, k.AsOf = r.Limit, r.Used, r.Remaining, r.AsOf
			k.countsFrom = len(k.Sources) - len(r.Sources)
		}
	}
	return out
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
			err := &ProductError{Name: kp.Name}
			ps.Warn(k.Sources[0].At("", "key %s: %v; no device can be matched to it (capacity.key_covers can say what it covers)", k.Key, err.Suggested()))
		}
	}
}

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
