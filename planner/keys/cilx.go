package keys

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
)

// CILX field names, matched case-insensitively on local names. VAMT's schema
// for product keys is not publicly documented, so every plausible spelling is
// accepted, as attributes or as child elements.
var (
	cilxKey       = []string{"productkey", "keyvalue", "key", "value"}
	cilxType      = []string{"keytype", "channel", "type"}
	cilxRemaining = []string{"remainingactivations", "remainingactivationcount", "remainingcount", "remaining"}
	cilxProducts  = []string{"description", "supportedproducts", "supportededitions", "edition", "productname", "keydescription"}
	cilxLimit     = []string{"activationlimit", "maxactivationcount", "maxactivations", "limit"}
)

// node is an element of the document, with local names only.
type node struct {
	name     string
	attrs    map[string]string
	text     strings.Builder
	children []*node
	line     int
}

// ReadCILX reads a VAMT .cilx export (root SoftwareLicensingData) namespace-
// agnostically: any element that carries a whole product key in a key field
// (attribute or child element) is a key. When none is found the error lists
// the element names that were seen, so the format can be learnt from it.
func ReadCILX(name string, r io.Reader, opt Options, ps *planner.Problems) []planner.Key {
	root, err := parseXML(r)
	if err != nil {
		ps.Add(planner.Problem{File: name, Message: "not readable as a VAMT .cilx (XML) file: " + err.Error()})
		return nil
	}
	if !strings.EqualFold(root.name, "SoftwareLicensingData") {
		ps.Warn(planner.Problem{File: name, Message: fmt.Sprintf("root element is %q, not SoftwareLicensingData; read anyway", root.name)})
	}
	var out []planner.Key
	seen := map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		seen[n.name] = true
		if k, ok := cilxKeyOf(name, n, opt, ps); ok {
			out = append(out, k)
			return
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(root)
	if len(out) == 0 {
		names := make([]string, 0, len(seen))
		for s := range seen {
			names = append(names, s)
		}
		sort.Strings(names)
		ps.Add(planner.Problem{File: name, Message: fmt.Sprintf(
			"no product keys found: expected an element with a whole product key in one of %s; the elements seen are: %s",
			strings.Join(cilxKey, "/"), strings.Join(names, ", "))})
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

func cilxKeyOf(file string, n *node, opt Options, ps *planner.Problems) (planner.Key, bool) {
	raw, ok := n.field(cilxKey)
	if !ok {
		return planner.Key{}, false
	}
	pk, err := planner.ParseProductKey(raw)
	if err != nil {
		return planner.Key{}, false // a partial key (inventory) or another value
	}
	src := planner.Source{File: file, Line: n.line}
	k := planner.Key{Key: pk, AsOf: opt.AsOf, Sources: []planner.Source{src}}
	typ, hasType := n.field(cilxType)
	k.Type = ParseKeyType(typ, hasType)
	for _, p := range n.fields(cilxProducts) {
		k.Products = append(k.Products, keyProduct(p))
	}
	rem, hasRem := n.field(cilxRemaining)
	if !hasRem {
		if k.Type == planner.KeyMAK {
			ps.Add(planner.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf(
				"key %s has no remaining activation count: expected one of %s", pk, strings.Join(cilxRemaining, "/"))})
			return planner.Key{}, false
		}
		return k, true
	}
	c, err := parseCount(rem)
	if err != nil {
		ps.Add(planner.Problem{File: file, Column: fmt.Sprintf("%s (line %d)", n.name, n.line), Message: fmt.Sprintf("key %s: %v", pk, err)})
		return planner.Key{}, false
	}
	k.Remaining = c
	if l, ok := n.field(cilxLimit); ok {
		if lim, err := parseCount(l); err == nil {
			k.Limit = &lim
			if u := lim - c; u >= 0 {
				k.Used = &u
			}
		}
	}
	return k, true
}

// parseXML builds the element tree. encoding/xml never fetches external
// entities; depth and size are bounded by the caller's file.
func parseXML(r io.Reader) (*node, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-16") || strings.EqualFold(label, "utf-8") {
			return in, nil
		}
		return nil, fmt.Errorf("unsupported XML encoding %q", label)
	}
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			n := &node{name: t.Name.Local, attrs: map[string]string{}, line: line}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("the file has no XML element")
	}
	return root, nil
}
