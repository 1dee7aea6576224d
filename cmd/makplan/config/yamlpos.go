package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// The YAML file is read twice: by viper for its values, and here for where
// each key is written, so that errors can name the line.

type nodeKind int

const (
	scalarNode nodeKind = iota
	mapNode
	seqNode
)

// yamlNode is a YAML value with its line.
type yamlNode struct {
	kind  nodeKind
	line  int
	value string   // scalars
	pairs []yamlKV // maps, in file order
	items []*yamlNode
}

type yamlKV struct {
	key   string
	line  int
	value *yamlNode
}

func (n *yamlNode) describe() string {
	switch n.kind {
	case mapNode:
		return "a section of settings"
	case seqNode:
		return "a list"
	}
	if n.value == "" {
		return "nothing"
	}
	return strconv.Quote(n.value)
}

// yamlDoc is a parsed configuration file.
type yamlDoc struct{ root *yamlNode }

func parseYAML(data []byte) (*yamlDoc, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	if line := aliasLine(&n); line > 0 {
		return nil, &aliasError{line}
	}
	if n.Kind == 0 { // an empty file
		return &yamlDoc{root: &yamlNode{kind: mapNode}}, nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return &yamlDoc{root: convert(n.Content[0])}, nil
	}
	return &yamlDoc{root: convert(&n)}, nil
}

// aliasError is a configuration that uses YAML anchors or aliases.
type aliasError struct{ line int }

func (e *aliasError) Error() string {
	return fmt.Sprintf("line %d: YAML anchors and aliases (&name, *name) are not accepted in makplan's configuration (a few bytes of them can expand to gigabytes); write the values out", e.line)
}

// aliasLine returns the line of the first anchor or alias in the document
// (the node tree is walked as written: an alias is not followed), 0 when
// there is none.
func aliasLine(n *yaml.Node) int {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return max(n.Line, 1)
	}
	for _, c := range n.Content {
		if l := aliasLine(c); l > 0 {
			return l
		}
	}
	return 0
}

func convert(n *yaml.Node) *yamlNode {
	out := &yamlNode{line: n.Line}
	switch n.Kind {
	case yaml.MappingNode:
		out.kind = mapNode
		for i := 0; i+1 < len(n.Content); i += 2 {
			out.pairs = append(out.pairs, yamlKV{key: n.Content[i].Value, line: n.Content[i].Line, value: convert(n.Content[i+1])})
		}
	case yaml.SequenceNode:
		out.kind = seqNode
		for _, c := range n.Content {
			out.items = append(out.items, convert(c))
		}
	default:
		out.kind = scalarNode
		out.value = n.Value
		if n.Tag == "!!null" {
			out.value = ""
		}
	}
	return out
}

var indexRE = regexp.MustCompile(`^(.*)\[(\d+)\]$`)

// find returns the node a key path names ("capacity.round_to",
// "agreements[1].program") and the line of its key.
func (d *yamlDoc) find(key string) (*yamlNode, int) {
	n, line := d.root, 0
	for _, part := range strings.Split(key, ".") {
		idx := -1
		if m := indexRE.FindStringSubmatch(part); m != nil {
			part = m[1]
			idx, _ = strconv.Atoi(m[2])
		}
		if n == nil || n.kind != mapNode {
			return nil, line
		}
		var next *yamlNode
		for _, kv := range n.pairs {
			if kv.key == part {
				next, line = kv.value, kv.line
			}
		}
		if next == nil {
			return nil, line
		}
		n = next
		if idx >= 0 {
			if n.kind != seqNode || idx >= len(n.items) {
				return nil, line
			}
			n = n.items[idx]
			line = n.line
		}
	}
	return n, line
}

// has reports whether the file sets key.
func (d *yamlDoc) has(key string) bool {
	n, _ := d.find(key)
	return n != nil
}

// line returns the line of key in the file, or of the closest section
// above it that the file has; 0 when none.
func (d *yamlDoc) line(key string) int {
	for k := key; k != ""; {
		if n, line := d.find(k); n != nil {
			return line
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrorLine digs the line out of the YAML reader's error.
func yamlErrorLine(err error) int {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// yamlWords says in words what the YAML reader's message means, where it
// can tell: a tab among the indentation (YAML indents with spaces only).
func yamlWords(data []byte, line int, msg string) string {
	lines := strings.Split(string(data), "\n")
	if line >= 1 && line <= len(lines) {
		text := lines[line-1]
		if i := strings.IndexByte(text, '\t'); i >= 0 && strings.TrimLeft(text[:i], " ") == "" {
			return "the line is indented with a tab; YAML indents with spaces only (" + msg + ")"
		}
	}
	if strings.Contains(msg, "found character that cannot start any token") && strings.Contains(string(data), "\t") {
		return "a tab where YAML expects spaces or a value (" + msg + ")"
	}
	return msg
}

// yamlErrorText is the reader's message without its "yaml: line N:" prefix.
func yamlErrorText(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "line ") {
		s = s[i+2:]
	}
	return fmt.Sprint(s)
}
