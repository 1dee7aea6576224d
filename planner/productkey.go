package planner

import (
	"errors"
	"fmt"
	"github.com/makplan/makplan/planner/redact"
	"strings"
)

// keyAlphabet is the set of characters a Microsoft product key may contain,
// besides at most one N (Windows 8 and later keys).
const keyAlphabet = "BCDFGHJKMPQRTVWXY2346789"

// KeyChars are the characters a product key may hold: the alphabet and N.
const KeyChars = keyAlphabet + "N"

// ProductKey is a syntactically valid 25-character product key. Its String,
// GoString, MarshalText and MarshalJSON forms are masked, so a key cannot leak
// through %v, logs or JSON; only Full gives the whole key, and only the makadd
// email asks for it.
type ProductKey struct {
	full string // normalised, 29 characters with dashes
}

// ErrKeySyntax is wrapped by every ParseProductKey error.
var ErrKeySyntax = errors.New("not a product key")

// ParseProductKey trims and upper-cases s, accepts it with or without dashes,
// and checks the alphabet, the five groups of five and at most one N. It is a
// syntax check only: it cannot tell whether Microsoft issued the key.
func ParseProductKey(s string) (ProductKey, error) {
	raw := strings.ToUpper(strings.TrimSpace(s))
	compact := strings.ReplaceAll(raw, "-", "")
	if len(compact) != 25 {
		return ProductKey{}, fmt.Errorf("%w: expected 25 characters in five groups of five, got %d", ErrKeySyntax, len(compact))
	}
	if strings.Contains(raw, "-") && (len(raw) != 29 || raw[5] != '-' || raw[11] != '-' || raw[17] != '-' || raw[23] != '-') {
		return ProductKey{}, fmt.Errorf("%w: dashes must separate five groups of five characters", ErrKeySyntax)
	}
	ns := 0
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		if c == 'N' {
			ns++
			continue
		}
		if strings.IndexByte(keyAlphabet, c) < 0 {
			return ProductKey{}, fmt.Errorf("%w: character %q is not used in product keys", ErrKeySyntax, rune(c))
		}
	}
	if ns > 1 {
		return ProductKey{}, fmt.Errorf("%w: at most one N is allowed, found %d", ErrKeySyntax, ns)
	}
	return ProductKey{full: compact[0:5] + "-" + compact[5:10] + "-" + compact[10:15] + "-" + compact[15:20] + "-" + compact[20:25]}, nil
}

// IsZero reports whether k holds no key.
func (k ProductKey) IsZero() bool { return k.full == "" }

// Full returns the whole key. Only the makadd request email may print it.
func (k ProductKey) Full() string { return k.full }

// Last5 returns the partial product key that inventory tools expose.
func (k ProductKey) Last5() string {
	if k.full == "" {
		return ""
	}
	return k.full[24:]
}

// Masked returns the key as XXXXX-XXXXX-XXXXX-XXXXX-VF68T.
func (k ProductKey) Masked() string {
	if k.full == "" {
		return ""
	}
	return maskedPrefix + k.Last5()
}

// maskedPrefix stands for the first twenty characters of a masked key.
const maskedPrefix = redact.MaskedPrefix

// String returns the masked key.
func (k ProductKey) String() string { return k.Masked() }

// GoString returns the masked key, so %#v does not leak it either.
func (k ProductKey) GoString() string { return "planner.ProductKey(" + k.Masked() + ")" }

// MarshalText returns the masked key.
func (k ProductKey) MarshalText() ([]byte, error) { return []byte(k.Masked()), nil }

// MarshalJSON returns the masked key as a JSON string.
func (k ProductKey) MarshalJSON() ([]byte, error) { return []byte(`"` + k.Masked() + `"`), nil }

// Less orders keys by their full text; used for deterministic tie-breaks.
func (k ProductKey) Less(o ProductKey) bool { return k.full < o.full }

// KeyRef is what a plan's Key column names: a full key or only the last five
// characters (the partial product key that inventories report).
type KeyRef struct {
	Full    ProductKey // set when the cell held a whole key
	Partial string     // the last five characters, always set when the ref is set
}

// ParseKeyRef accepts a full product key or its last five characters.
func ParseKeyRef(s string) (KeyRef, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == "" {
		return KeyRef{}, nil
	}
	if len(t) == 5 {
		for i := 0; i < 5; i++ {
			if t[i] != 'N' && strings.IndexByte(keyAlphabet, t[i]) < 0 {
				return KeyRef{}, fmt.Errorf("%w: character %q is not used in product keys (expected a whole key or its last five characters)", ErrKeySyntax, rune(t[i]))
			}
		}
		return KeyRef{Partial: t}, nil
	}
	k, err := ParseProductKey(t)
	if err != nil {
		return KeyRef{}, fmt.Errorf("%w (expected a whole key or its last five characters)", err)
	}
	return KeyRef{Full: k, Partial: k.Last5()}, nil
}

// IsZero reports whether no key was named.
func (r KeyRef) IsZero() bool { return r.Partial == "" }

// Matches reports whether key k is the one the reference names.
func (r KeyRef) Matches(k ProductKey) bool {
	if !r.Full.IsZero() {
		return r.Full == k
	}
	return r.Partial == k.Last5()
}

// String returns the masked form.
func (r KeyRef) String() string {
	if r.Partial == "" {
		return ""
	}
	return MaskLast5(r.Partial)
}

// MaskLast5 writes a key known only by its last five characters (the
// history's, a request's) as every masked key is written:
// XXXXX-XXXXX-XXXXX-XXXXX-VF68T.
func MaskLast5(last5 string) string { return maskedPrefix + last5 }
