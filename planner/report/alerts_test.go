package report

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner/redact"
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

// TestAlertFieldsStayOnTheirLine: a value in an alert line — from a plan, an
// export, or a history a hand edited (a request's last five with a line
// break) — is masked, kept on its line and cut: it cannot forge a second
// alert line ("makplan: OK"), carry a key, or run to 32,000 characters.
func TestAlertFieldsStayOnTheirLine(t *testing.T) {
	for in, want := range map[string]string{
		"VF68T\nmakplan: OK all pools covered": `key="VF68T\nmakplan: OK all pools covered"`,
		"7XN4B-JKC2Q\r\nTYG8M-W3RPD-VF68T":     `key="XXXXX-XXXXX-XXXXX-XXXXX-VF68T"`,
		`W2 "Sales"`:                           `key="W2 'Sales'"`,
	} {
		if got := fmt.Sprintf("key=%q", field(in)); got != want {
			t.Errorf("field(%q) = %s, want %s", in, got, want)
		}
	}
	long := fmt.Sprint(field(strings.Repeat("a", 40000)))
	if n := len([]rune(long)); n != redact.MaxQuoted {
		t.Errorf("a 40,000-character value is %d characters in an alert, want %d", n, redact.MaxQuoted)
	}
}
