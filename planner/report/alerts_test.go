package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// TestEveryAlertKindListed: every AlertKind constant is in AlertKinds with
// its meaning, so check --help names it.
func TestEveryAlertKindListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "alerts.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[AlertKind]bool{}
	for _, k := range AlertKinds {
		if k.When == "" {
			t.Errorf("%s has no meaning", k.Kind)
		}
		listed[k.Kind] = true
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		vs, ok := node.(*ast.ValueSpec)
		if !ok || len(vs.Values) != 1 {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "AlertKind" {
			return true
		}
		lit, ok := vs.Values[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		v, _ := strconv.Unquote(lit.Value)
		n++
		if !listed[AlertKind(v)] {
			t.Errorf("alert kind %s is not in AlertKinds", v)
		}
		return true
	})
	if n != len(AlertKinds) {
		t.Errorf("%d constants, %d listed", n, len(AlertKinds))
	}
}
