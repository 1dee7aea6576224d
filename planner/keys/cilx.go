package keys

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// CILX field names, matched case-insensitively on local names, as child
// elements or attributes: the ProductKey element of a VAMT 3.x export
// (docs/plan-columns.md, "VAMT"). The product comes from SupportedSku, then
// KeyDescription; SupportedEditions names an edition without its version
// and is never read for it.
var (
	cilxKey         = []string{"keyvalue", "productkey"}
	cilxType        = []string{"keytype"}
	cilxTypeName    = []string{"keytypename"}
	cilxRemaining   = []string{"remainingactivations"}
	cilxDescription = []string{"keydescription"}
	cilxSku         = []string{"supportedsku"}
	cilxUpdated     = []string{"lastupdate"}
)

// cilxRoot is the root element of a VAMT 3.x export.
const cilxRoot = "VolumeActivationManagementToolData"

// node is an element of the document, with local names only.
type node struct {
	name     string
	attrs    map[string]string
	text     strings.Builder
	children []*node
	line     int
	pruned   bool // its children were dropped: not a leaf field
}

// ReadCILX reads a VAMT 3.x .cilx export (root
// VolumeActivationManagementToolData, keys under
// SoftwareLicensingData/ProductKeys/ProductKey) namespace-agnostically:
// any element that carries a whole product key in KeyValue is a key. MAKs
// are read; GVLK, CSVLK, retail and OEM keys are skipped with one count
// line; a MAK VAMT never refreshed online is a problem of its own that does
// not stop the other keys. When no key is found the problem lists the
// element names that were seen, so the format can be learnt from it.
//
// The document is read as a stream: an element is judged when it ends, and
// only what a key element may need stays in memory (leaf fields and small
// lists of them); nesting deeper than Options.MaxDepth is an error, not a
// stack overflow.
func ReadCILX(name string, r io.Reader, opt Options, ps *problem.Problems) []planner.Key {
	var out []planner.Key
	seen := map[string]bool{}
	before := len(ps.Errors)
	gap := opt.Limits.LineLength
	if gap <= 0 {
		gap = sheet.DefaultLineLength
	}
	// encoding/xml holds a whole token in memory, and a VAMT export's
	// longest token is a product description.
	r = &sheet.RunLimiter{R: r, Sep: '<', Max: gap, Fail: func(int) error {
		return fmt.Errorf("a text, attribute or comment runs on for more than %s without markup; the file is read no further (inputs.limits.line_length_mb raises the limit)", wording.SizeText(int64(gap)))
	}}
	skipped := map[string]int{}
	var skippedOrder []string
	keysSeen := 0
	rootName, err := streamXML(r, opt.maxDepth(), func(n *node) bool {
		seen[n.name] = true
		k, isKey, skip := cilxKeyOf(name, n, opt, ps)
		if isKey {
			keysSeen++
		}
		if skip != "" {
			if skipped[skip] == 0 {
				skippedOrder = append(skippedOrder, skip)
			}
			skipped[skip]++
		}
		if isKey && !k.Key.IsZero() {
			out = append(out, k)
		}
		return isKey
	})
	if err != nil {
		ps.Add(problem.Problem{File: name, Message: "not readable as a VAMT .cilx (XML) file: " + err.Error()})
		return nil
	}
	if !strings.EqualFold(rootName, cilxRoot) {
		ps.Warn(problem.Problem{File: name, Message: fmt.Sprintf("root element is %q, not %s (a VAMT 3.x export); read anyway", rootName, cilxRoot)})
	}
	if len(skippedOrder) > 0 {
		var parts []string
		total := 0
		for _, t := range skippedOrder {
			parts = append(parts, fmt.Sprintf("%d %s", skipped[t], t))
			total += skipped[t]
		}
		msg := fmt.Sprintf("skipped %s that %s no MAK (%s): only a MAK's activations are counted",
			wording.Plural(total, "key", "keys"), map[bool]string{true: "is", false: "are"}[total == 1], strings.Join(parts, ", "))
		if len(out) == 0 && len(ps.Errors) == before {
			ps.Add(problem.Problem{File: name, Message: fmt.Sprintf(
				"no MAK in the file: its %s no MAK (%s); makplan counts MAK activations: add the MAKs to VAMT's Product Keys, refresh their data online and export again",
				wording.Plural(total, "key is", "keys are"), strings.Join(parts, ", "))})
		} else {
			ps.Warn(problem.Problem{File: name, Message: msg})
		}
		return out
	}
	if keysSeen == 0 && len(ps.Errors) == before {
		names := make([]string, 0, len(seen))
		for s := range seen {
			names = append(names, s)
		}
		sort.Strings(names)
		msg := fmt.Sprintf("no product keys found: expected ProductKey elements with a whole key in KeyValue (VAMT 3.x: %s/SoftwareLicensingData/ProductKeys/ProductKey); the elements seen are: %s",
			cilxRoot, strings.Join(names, ", "))
		if strings.EqualFold(rootName, cilxRoot) || strings.EqualFold(rootName, "SoftwareLicensingData") {
			msg = "no product keys found: VAMT's Export-VamtData leaves the keys out unless it is given -IncludeProductKeys; export again (Get-VamtProduct | Export-VamtData -OutputFile keys.cilx -IncludeProductKeys) and read that. The elements seen are: " + strings.Join(names, ", ")
		}
		ps.Add(problem.Problem{File: name, Message: msg})
	}
	return out
}

// field finds a value by attribute or direct child element.
func (n *node) field(names []string) (string, bool) {
	for _, want := range names {
		for k, v := range n.attrs {
			if strings.EqualFold(k, want) {
				return strings.TrimSpace(v), true
			}
		}
		for _, c := range n.children {
			if strings.EqualFold(c.name, want) && len(c.children) == 0 {
				return strings.TrimSpace(c.text.String()), true
			}
		}
	}
	return "", false
}

// isNil reports whether the field's child element is marked xsi:nil="true"
// (VAMT's LastUpdate before the key was refreshed online).
func (n *node) isNil(names []string) bool {
	for _, want := range names {
		for _, c := range n.children {
			if strings.EqualFold(c.name, want) && strings.EqualFold(strings.TrimSpace(c.attrs["nil"]), "true") {
				return true
			}
		}
	}
	return false
}

// cilxKeyTypes maps VAMT's KeyType, as its enum name or its number in
// VAMT's database (KeyTypeName in brackets), to the name said of a skipped
// key; MAK is read.
var cilxKeyTypes = map[string]string{
	"7": "MAK", "mak": "MAK", "makproxy": "MAK",
	"6": "GVLK", "gvlk": "GVLK", "5": "CSVLK", "csvlk": "CSVLK", "kmshost": "CSVLK",
	"1": "retail", "retail": "retail",
	"2": "OEM", "3": "OEM", "4": "OEM", "12": "OEM", "oemdm": "OEM", "oemnonslp": "OEM", "oemslp": "OEM", "oemcoa": "OEM", "oem": "OEM",
	"13": "AVMA", "avma": "AVMA", "0": "unknown", "unknown": "unknown",
	"8": "evaluation", "9": "evaluation", "10": "evaluation", "11": "evaluation",
}

// cilxKeyType reads a ProductKey's type: KeyType (a name or a number),
// else KeyTypeName, else the channel its description ends with
// ("… Volume:MAK").
func cilxKeyType(n *node, descMAK bool, desc string) string {
	for _, names := range [][]string{cilxType, cilxTypeName} {
		if v, ok := n.field(names); ok && v != "" {
			t := strings.ToLower(strings.Join(strings.Fields(v), ""))
			if name, ok := cilxKeyTypes[t]; ok {
				return name
			}
			return strings.TrimSpace(v)
		}
	}
	if descMAK {
		return "MAK"
	}
	if desc == "" {
		return "MAK" // no type and no description: a key with a count is a MAK
	}
	return "unknown"
}

// cilxKeyOf reads a key from element n: isKey is true when n is a key
// element (its KeyValue holds a key, or an attempt at one, reported when
// broken); the key is zero when it is not used, and skip names its type
// when it is a key of another kind than MAK.
func cilxKeyOf(file string, n *node, opt Options, ps *problem.Problems) (k planner.Key, isKey bool, skip string) {
	raw, ok := n.field(cilxKey)
	if !ok {
		return planner.Key{}, false, ""
	}
	pk, err := planner.ParseProductKey(raw)
	if err != nil {
		if !looksLikeKey(raw) {
			return planner.Key{}, false, "" // a partial key (inventory) or another value
		}
		ps.Add(problem.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf(
			"%v: %q", err, maskAttempt(raw))})
		return planner.Key{}, true, ""
	}
	at := func(format string, args ...any) problem.Problem {
		return problem.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf(format, args...)}
	}
	desc, _ := n.field(cilxDescription)
	desc = redact.OneLine(desc)
	named, descMAK, _ := planner.KeyDescriptionName(desc)
	if typ := cilxKeyType(n, descMAK, desc); typ != "MAK" {
		return planner.Key{}, true, typ
	}
	k = planner.Key{Key: pk, Type: planner.KeyMAK, Sources: []problem.Source{{File: file, Line: n.line}}}
	// The product: the activation ID, else the description.
	sku, _ := n.field(cilxSku)
	if product, ok := planner.ProductOfActivationID(sku); ok {
		k.Products = append(k.Products, keyProduct(product))
	} else if desc != "" {
		kp := keyProduct(named)
		kp.Name = desc // what capacity.key_covers names
		k.Products = append(k.Products, kp)
	} else {
		ps.Warn(at("key %s has neither a known activation ID (SupportedSku %s) nor a KeyDescription: no device can be matched to it; capacity.key_covers can say what it covers", pk, redact.Quote(sku)))
	}
	classifyESU(&k, problem.Source{File: file, Line: n.line}, ps)
	rem, hasRem := n.field(cilxRemaining)
	refreshed := false
	if s, ok := n.field(cilxUpdated); ok && s != "" && !n.isNil(cilxUpdated) {
		d, err := parseStamp(s, opt.DateOrder)
		if err != nil {
			ps.Add(at("key %s: %v (LastUpdate: the day VAMT last refreshed the counts)", pk, err))
			return planner.Key{}, true, ""
		}
		k.AsOf, k.DatedBy = d, planner.DatedInFile
		refreshed = true
	}
	what := pk.String()
	if desc != "" {
		what += " (" + desc + ")"
	}
	switch {
	case !hasRem || strings.TrimSpace(rem) == "":
		ps.Add(at("key %s has no RemainingActivations: VAMT writes it for every MAK; export again", what))
		return planner.Key{}, true, ""
	case strings.TrimSpace(rem) == "-1":
		why := "VAMT has never refreshed it online (RemainingActivations -1, no LastUpdate)"
		if refreshed {
			why = "VAMT has no count for it (RemainingActivations -1)"
		}
		ps.Add(at("key %s: never refreshed: %s; in VAMT, select the key under Product Keys, choose Refresh product key data online, and export again", what, why))
		return planner.Key{}, true, ""
	}
	c, err := ParseCount(rem)
	if err != nil {
		ps.Add(at("key %s: RemainingActivations: %v", what, err))
		return planner.Key{}, true, ""
	}
	k.Remaining = c
	return k, true, ""
}

// DefaultMaxDepth is how deeply a .cilx may nest elements (a VAMT export
// nests five or six); inputs.limits.xml_depth changes it.
const DefaultMaxDepth = 64

// maxRetained bounds the elements held at once: a VAMT export has a few
// thousand computers and keys, not millions.
const maxRetained = 500_000

func (o Options) maxDepth() int {
	if o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultMaxDepth
}

// streamXML reads the document and calls done for every element when it
// ends, with its attributes and the children kept for it; done says whether
// the element was a record (a key) that is finished with. What stays for
// the parent: leaf elements (possible fields) and small lists of leaves
// (<SupportedProducts><Product>…</Product></SupportedProducts>); other
// subtrees are dropped. encoding/xml never fetches external entities and
// expands none but XML's own.
func streamXML(r io.Reader, maxDepth int, done func(*node) bool) (string, error) {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-16") || strings.EqualFold(label, "utf-8") {
			return in, nil
		}
		return nil, fmt.Errorf("unsupported XML encoding %q", label)
	}
	var stack []*node
	rootName := ""
	retained := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rootName, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			if len(stack) >= maxDepth {
				return rootName, fmt.Errorf("line %d: elements nested more than %d deep; a VAMT export nests a few (inputs.limits.xml_depth raises the limit)", line, maxDepth)
			}
			n := &node{name: t.Name.Local, attrs: map[string]string{}, line: line}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.attrs[a.Name.Local] = a.Value
			}
			if rootName == "" {
				rootName = n.name
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			retained -= len(n.children)
			if len(stack) == 0 {
				done(n)
				continue
			}
			if done(n) || !keep(n) {
				stack[len(stack)-1].pruned = true // what it held is gone: no longer a leaf
				continue
			}
			{
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
				retained++
				if retained > maxRetained {
					return rootName, fmt.Errorf("line %d: more than %d elements to hold at once; not a VAMT export", n.line, maxRetained)
				}
			}
		case xml.CharData:
			if len(stack) > 0 {
				if top := stack[len(stack)-1]; top.text.Len() < 1<<16 {
					top.text.Write(t)
				}
			}
		}
	}
	if rootName == "" {
		return "", errors.New("the file has no XML element")
	}
	return rootName, nil
}

// keep says whether an ended element may be a field of its parent: a leaf,
// or a short list of leaves.
func keep(n *node) bool {
	if len(n.children) == 0 {
		return !n.pruned
	}
	if len(n.children) > 64 {
		return false
	}
	for _, c := range n.children {
		if len(c.children) > 0 {
			return false
		}
	}
	return true
}
