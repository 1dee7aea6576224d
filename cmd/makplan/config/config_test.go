package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.StringArray("keys", nil, "")
	fs.StringArray("plan", nil, "")
	fs.String("out", "", "")
	fs.String("as-of", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "makplan.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestInputEntries (issue 24): an entry of inputs.plan or inputs.keys is a
// path, or a section with the file's own date order and sheet; a date order
// that is none is named with its entry; a flag's list stays a list of paths.
func TestInputEntries(t *testing.T) {
	p := write(t, `inputs:
  plan:
    - us-rollout.csv
    - {file: de-rollout.xlsx, date_order: dmy, sheet: Geräte}
  keys:
    - {file: exports/, date_order: MDY}
    - {file: vamt.cilx, date_order: sometimes}
`)
	_, err := Load(Sources{Path: p, Flags: flags(t)})
	if err == nil || !strings.Contains(err.Error(), `inputs.keys[1].date_order: expected DMY, MDY or YMD`) {
		t.Fatalf("a bad date order: %v", err)
	}
	p = write(t, `inputs:
  plan:
    - us-rollout.csv
    - {file: de-rollout.xlsx, date_order: dmy, sheet: Geräte}
  keys: [{file: exports/, date_order: MDY}]
`)
	o, err := Load(Sources{Path: p, Flags: flags(t)})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(p)
	if got := o.Inputs.Plan; len(got) != 2 || got[0].Path != filepath.Join(dir, "us-rollout.csv") || got[0].DateOrder != "" ||
		got[1].Path != filepath.Join(dir, "de-rollout.xlsx") || got[1].DateOrder != "DMY" || got[1].Sheet != "Geräte" {
		t.Errorf("inputs.plan = %+v", got)
	}
	if got := o.Inputs.Keys; len(got) != 1 || got[0].DateOrder != "MDY" || got[0].Path != filepath.Join(dir, "exports") {
		t.Errorf("inputs.keys = %+v", got)
	}
	if o, err = Load(Sources{Path: p, Flags: flags(t, "--plan", "a.csv", "--plan", "b.xlsx")}); err != nil || len(o.Inputs.Plan) != 2 || o.Inputs.Plan[1].Path != "b.xlsx" {
		t.Errorf("--plan: %+v, %v", o.Inputs.Plan, err)
	}
}

// TestExampleConfig loads config.example.yaml, so that it cannot drift from the schema.
func TestExampleConfig(t *testing.T) {
	path := filepath.Join("..", "..", "..", "config.example.yaml")
	o, err := Load(Sources{Path: path, Flags: flags(t)})
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Inputs.Plan; len(got) != 1 || got[0].Path != filepath.Join("..", "..", "..", "samples", "plan.xlsx") {
		t.Errorf("inputs.plan = %v, want the sample plan relative to the config file", got)
	}
	if !o.Inputs.AsOf.IsZero() || o.Capacity.ReservePercent != 10 || o.Email.To != "makadd@microsoft.com" || o.SMTP.Port != 587 {
		t.Errorf("unexpected values: as_of=%v reserve=%v to=%q port=%d", o.Inputs.AsOf, o.Capacity.ReservePercent, o.Email.To, o.SMTP.Port)
	}
	if len(o.Agreements) != 3 || o.Agreements[1].Program != "Open Value" || len(o.Agreements[1].Bought) != 2 {
		t.Errorf("agreements = %+v", o.Agreements)
	}
	if b := o.Agreements[1].Bought[0]; b.Name != "Office Professional Plus 2019" || b.Count != 0 || len(b.Products) != 1 {
		t.Errorf("first purchase = %+v", b)
	}
}

// TestPrecedence sets one setting by flag, environment and file at once:
// the flag wins; without it the environment; without that the file; then
// the built-in default.
func TestPrecedence(t *testing.T) {
	path := write(t, "inputs: {as_of: 2026-01-01}\noutput: {dir: file-out}\ncapacity: {reserve_percent: 15}\n")
	e := env(map[string]string{"MAKPLAN_INPUTS_AS_OF": "2026-06-01", "MAKPLAN_OUTPUT_DIR": "env-out", "MAKPLAN_CAPACITY_RESERVE_PERCENT": "25"})
	o, err := Load(Sources{Path: path, Flags: flags(t, "--as-of", "2027-01-01", "--out", "flag-out"), Getenv: e})
	if err != nil {
		t.Fatal(err)
	}
	if o.Inputs.AsOf.String() != "2027-01-01" || o.OutputDir != "flag-out" || o.Capacity.ReservePercent != 25 {
		t.Errorf("flags over environment over file: as_of %s, dir %s, reserve %v", o.Inputs.AsOf, o.OutputDir, o.Capacity.ReservePercent)
	}
	o, err = Load(Sources{Path: path, Flags: flags(t), Getenv: e})
	if err != nil {
		t.Fatal(err)
	}
	if o.Inputs.AsOf.String() != "2026-06-01" || o.OutputDir != "env-out" {
		t.Errorf("environment over file: as_of %s, dir %s", o.Inputs.AsOf, o.OutputDir)
	}
	o, err = Load(Sources{Path: path, Flags: flags(t)})
	if err != nil {
		t.Fatal(err)
	}
	if o.Inputs.AsOf.String() != "2026-01-01" || o.OutputDir != filepath.Join(filepath.Dir(path), "file-out") || o.Capacity.ReservePercent != 15 || o.Capacity.RoundTo != 1 {
		t.Errorf("file over defaults: as_of %s, dir %s, reserve %v, round_to %d", o.Inputs.AsOf, o.OutputDir, o.Capacity.ReservePercent, o.Capacity.RoundTo)
	}
}

// TestEnvironmentOnlyThroughGetenv: the process environment is read only
// through the injected source, never behind its back.
func TestEnvironmentOnlyThroughGetenv(t *testing.T) {
	t.Setenv("MAKPLAN_CAPACITY_RESERVE_PERCENT", "99")
	var asked []string
	o, err := Load(Sources{Flags: flags(t), Getenv: func(k string) string { asked = append(asked, k); return "" }})
	if err != nil {
		t.Fatal(err)
	}
	if o.Capacity.ReservePercent != 10 {
		t.Errorf("reserve_percent = %v: the process environment was read directly", o.Capacity.ReservePercent)
	}
	if len(asked) != len(Settings) {
		t.Errorf("the environment was asked %d times for %d settings", len(asked), len(Settings))
	}
}

// TestErrorsNameTheirSource: the file and line, the variable, the flag.
func TestErrorsNameTheirSource(t *testing.T) {
	path := write(t, "customer:\n  name: Northwind\ncapacity:\n  reserve_percnt: 10\n  round_to: two\ncostumer: {name: x}\ninputs: {unrecognised_products: ignore}\n")
	_, err := Load(Sources{Path: path, Flags: flags(t)})
	got := err.Error()
	for _, want := range []string{
		path + ":4: capacity.reserve_percnt: unknown setting; did you mean reserve_percent?",
		path + ":5: capacity.round_to: expected a whole number, got \"two\"",
		path + ":6: costumer: unknown setting; did you mean customer?",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	_, err = Load(Sources{Flags: flags(t), Getenv: env(map[string]string{"MAKPLAN_CAPACITY_RESERVE_PERCENT": "abc"})})
	if err == nil || err.Error() != `MAKPLAN_CAPACITY_RESERVE_PERCENT (capacity.reserve_percent): expected a number, got "abc"` {
		t.Errorf("environment error: %v", err)
	}
	_, err = Load(Sources{Flags: flags(t, "--as-of", "27/11/2026")})
	es, ok := err.(Errors)
	if !ok || !es.FlagErrors() || err.Error() != `--as-of: expected a date as YYYY-MM-DD, got "27/11/2026"` {
		t.Errorf("flag error: %v", err)
	}
	_, err = Load(Sources{Path: write(t, "inputs: {unrecognised_products: ignore}\n"), Flags: flags(t)})
	if err == nil || !strings.Contains(err.Error(), `:1: inputs.unrecognised_products: expected one of report, stop, got "ignore"`) {
		t.Errorf("enum error: %v", err)
	}
}

// TestEverySettingDocumented: docs/configuration.md and config.example.yaml
// name every setting.
func TestEverySettingDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join("..", "..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for _, s := range Settings {
		keys = append(keys, s.Key)
	}
	for k := range structured {
		keys = append(keys, k)
	}
	for _, k := range keys {
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("docs/configuration.md does not document %s", k)
		}
		leaf := k[strings.LastIndex(k, ".")+1:]
		if !strings.Contains(string(example), leaf+":") {
			t.Errorf("config.example.yaml does not show %s", k)
		}
	}
}

// yamlOf writes a dotted setting as nested YAML: a.b.c: v.
func yamlOf(key, value string) string {
	parts := strings.Split(key, ".")
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(strings.Repeat("  ", i) + p + ":")
		if i == len(parts)-1 {
			b.WriteString(" " + value)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestEveryEnumerationIsClosed walks the registry: every setting that takes
// one of a closed list of values accepts each of them (in any case), and
// refuses anything else with the file and line, the values it takes, and
// the closest of them to a typo — from the file and from the environment.
func TestEveryEnumerationIsClosed(t *testing.T) {
	n := 0
	for _, s := range Settings {
		if s.Enum == nil {
			continue
		}
		n++
		for _, v := range s.Enum {
			if v == "" {
				continue
			}
			if _, err := Load(Sources{Path: write(t, yamlOf(s.Key, strings.ToUpper(v))), Flags: flags(t)}); err != nil {
				t.Errorf("%s: %s refused: %v", s.Key, v, err)
			}
			typo := v[:len(v)-1] + "x"
			if len(v) < 4 {
				continue // a short value has no likely typo
			}
			p := write(t, yamlOf(s.Key, typo))
			_, err := Load(Sources{Path: p, Flags: flags(t)})
			want := fmt.Sprintf("%s:%d: %s: expected one of", p, strings.Count(s.Key, ".")+1, s.Key)
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "did you mean "+v+"?") {
				t.Errorf("%s: %s: %v; want %q and a suggestion of %s", s.Key, typo, err, want, v)
			}
			_, err = Load(Sources{Flags: flags(t), Getenv: env(map[string]string{s.Env(): typo})})
			if err == nil || !strings.Contains(err.Error(), s.Env()) {
				t.Errorf("%s from %s: %v", s.Key, s.Env(), err)
			}
		}
	}
	if n < 4 {
		t.Fatalf("only %d enumerated settings", n)
	}
	// The agreements' programs are a closed vocabulary too.
	p := write(t, "agreements:\n  - number: \"1\"\n    program: Enterprse Agreement\n")
	_, err := Load(Sources{Path: p, Flags: flags(t)})
	if err == nil || !strings.Contains(err.Error(), p+`:3: agreements[0].program: "Enterprse Agreement" is not a program makplan knows (did you mean "Enterprise Agreement"?)`) {
		t.Errorf("a program with a typo: %v", err)
	}
	o, err := Load(Sources{Path: write(t, "agreements:\n  - {number: \"1\", program: other}\n  - {number: \"2\", program: Microsoft Customer Agreement}\n"), Flags: flags(t)})
	if err != nil || o.Agreements[0].Program.GrantsReimaging() || o.Agreements[1].Program != "MCA" {
		t.Errorf("other and MCA: %+v, %v", o, err)
	}
}

// TestYAMLMistakesInWords: a tab in the indentation and yes/no for a
// true/false setting are said in words, with the line.
func TestYAMLMistakesInWords(t *testing.T) {
	p := write(t, "capacity:\n\treserve_percent: 10\n")
	_, err := Load(Sources{Path: p, Flags: flags(t)})
	if err == nil || !strings.Contains(err.Error(), p+":2: (file): not readable as YAML: the line is indented with a tab; YAML indents with spaces only") {
		t.Errorf("a tab: %v", err)
	}
	p = write(t, "rules:\n  free_upgrade: no\n")
	_, err = Load(Sources{Path: p, Flags: flags(t)})
	if err == nil || !strings.Contains(err.Error(), p+`:2: rules.free_upgrade: write true or false: this YAML reader takes "no" as a word`) {
		t.Errorf("no for false: %v", err)
	}
}

// TestBoughtOut (docs/rules.md rev 4, item 4): a buy-out is recorded on a
// subscription agreement; on a perpetual program it is an error naming the
// setting.
func TestBoughtOut(t *testing.T) {
	o, err := Load(Sources{Path: write(t, "agreements:\n  - {number: \"E1\", program: EAS, bought_out: true}\n"), Flags: flags(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Settings.Agreements) != 1 || !o.Settings.Agreements[0].BoughtOut {
		t.Errorf("agreements: %+v", o.Settings.Agreements)
	}
	_, err = Load(Sources{Path: write(t, "agreements:\n  - {number: \"E1\", program: EA, bought_out: true}\n"), Flags: flags(t)})
	if err == nil || !strings.Contains(err.Error(), "agreements[0].bought_out: EA is not a subscription program") {
		t.Errorf("bought_out on EA: %v", err)
	}
}
