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
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// CILX field names, matched case-insensitively on local names. VAMT's schema
// for product keys is not publicly documented, so every plausible spelling is
// accepted, as attributes or as child elements.
var (
	cilxKey       = []string{"productkey", "keyvalue", "key", "value"}
	cilxType      = []string{"productkeytype", "keytype", "channel", "type"}
	cilxRemaining = []string{"remainingactivations", "remainingactivationcount", "remainingcount", "remaining"}
	cilxProducts  = []string{"description", "supportedproducts", "supportededitions", "edition", "productname", "keydescription"}
	cilxLimit     = []string{"activationlimit", "maxactivationcount", "maxactivations", "limit"}
	cilxUpdated   = []string{"lastupdate", "lastupdated", "lastrefresh"}
)

// node is an element of the document, with local names only.
type node struct {
	name     string
	attrs    map[string]string
	text     strings.Builder
	children []*node
	line     int
	pruned   bool // its children were dropped: not a leaf field
}

// ReadCILX reads a VAMT .cilx export (root SoftwareLicensingData) namespace-
// agnostically: any element that carries a whole product key in a key field
// (attribute or child element) is a key. When none is found the error lists
// the element names that were seen, so the format can be learnt from it.
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
	rootName, err := streamXML(r, opt.maxDepth(), func(n *node) bool {
		seen[n.name] = true
		k, isKey := cilxKeyOf(name, n, opt, ps)
		if isKey && !k.Key.IsZero() {
			out = append(out, k)
		}
		return isKey
	})
	if err != nil {
		ps.Add(problem.Problem{File: name, Message: "not readable as a VAMT .cilx (XML) file: " + err.Error()})
		return nil
	}
	if !strings.EqualFold(rootName, "SoftwareLicensingData") {
		ps.Warn(problem.Problem{File: name, Message: fmt.Sprintf("root element is %q, not SoftwareLicensingData; read anyway", rootName)})
	}
	if len(out) == 0 && len(ps.Errors) == before {
		names := make([]string, 0, len(seen))
		for s := range seen {
			names = append(names, s)
		}
		sort.Strings(names)
		msg := fmt.Sprintf("no product keys found: expected an element with a whole product key in one of %s; the elements seen are: %s",
			strings.Join(cilxKey, "/"), strings.Join(names, ", "))
		if strings.EqualFold(rootName, "SoftwareLicensingData") {
			msg = "no product keys found: VAMT's Export-VamtData leaves the keys out unless it is given -IncludeProductKeys; export again (Export-VamtData -Outfile keys.cilx -IncludeProductKeys) and read that. The elements seen are: " + strings.Join(names, ", ")
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

// fields returns every value of a field that may repeat (several products).
func (n *node) fields(names []string) []string {
	var out []string
	for _, want := range names {
		for k, v := range n.attrs {
			if strings.EqualFold(k, want) {
				out = append(out, splitProducts(v)...)
			}
		}
		for _, c := range n.children {
			if !strings.EqualFold(c.name, want) {
				continue
			}
			if len(c.children) == 0 {
				out = append(out, splitProducts(c.text.String())...)
			}
			for _, g := range c.children { // <SupportedProducts><Product>…</Product></SupportedProducts>
				if len(g.children) == 0 {
					out = append(out, splitProducts(g.text.String())...)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

// cilxKeyOf reads a key from element n: ok is true when n is a key
// element (its key field holds a key, or an attempt at one, reported when
// broken); the key is zero when it could not be used.
func cilxKeyOf(file string, n *node, opt Options, ps *problem.Problems) (planner.Key, bool) {
	raw, ok := n.field(cilxKey)
	if !ok {
		return planner.Key{}, false
	}
	pk, err := planner.ParseProductKey(raw)
	if err != nil {
		if !looksLikeKey(raw) {
			return planner.Key{}, false // a partial key (inventory) or another value
		}
		ps.Add(problem.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf(
			"%v: %q", err, maskAttempt(raw))})
		return planner.Key{}, true
	}
	src := problem.Source{File: file, Line: n.line}
	k := planner.Key{Key: pk, Sources: []problem.Source{src}}
	if s, ok := n.field(cilxUpdated); ok && s != "" && !n.isNil(cilxUpdated) {
		d, err := parseStamp(s, opt.DateOrder)
		if err != nil {
			ps.Add(problem.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf(
				"key %s: %v (LastUpdate: the day VAMT last refreshed the counts)", pk, err)})
			return planner.Key{}, true
		}
		k.AsOf, k.DatedBy = d, planner.DatedInFile
	}
	typ, hasType := n.field(cilxType)
	k.Type = ParseKeyType(typ, hasType)
	for _, p := range n.fields(cilxProducts) {
		k.Products = append(k.Products, keyProduct(p))
	}
	classifyESU(&k)
	rem, hasRem := n.field(cilxRemaining)
	if !hasRem {
		if k.Type == planner.KeyMAK {
			ps.Add(problem.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf(
				"key %s has no remaining activation count: expected one of %s", pk, strings.Join(cilxRemaining, "/"))})
			return planner.Key{}, false
		}
		return k, true
	}
	c, err := ParseCount(rem)
	if err != nil {
		ps.Add(problem.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf("key %s: %v", pk, err)})
		return planner.Key{}, false
	}
	k.Remaining = c
	if l, ok := n.field(cilxLimit); ok {
		if lim, err := ParseCount(l); err == nil {
			k.Limit = &lim
			if u := lim - c; u >= 0 {
				k.Used = &u
			}
		}
	}
	return k, true
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
