package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRobustnessTableNamesRealTests: every test, fuzz target and script
// docs/robustness.md names exists, so the table cannot point at nothing.
func TestRobustnessTableNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile("../../docs/robustness.md")
	if err != nil {
		t.Fatal(err)
	}
	var sources strings.Builder
	err = filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile("`((?:Test|Fuzz)[A-Za-z0-9_]+)`").FindAllStringSubmatch(string(doc), -1)
	if len(names) < 30 {
		t.Fatalf("only %d tests named", len(names))
	}
	for _, m := range names {
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("docs/robustness.md names %s, which no test file defines", m[1])
		}
	}
	for _, m := range regexp.MustCompile("`([a-z_]+\\.txtar)`").FindAllStringSubmatch(string(doc), -1) {
		if _, err := os.Stat(filepath.Join("testdata/script", m[1])); err != nil {
			t.Errorf("docs/robustness.md names %s: %v", m[1], err)
		}
	}
	for _, m := range regexp.MustCompile("`([a-z]+\\.sh)`").FindAllStringSubmatch(string(doc), -1) {
		if _, err := os.Stat(filepath.Join("../../scripts", m[1])); err != nil {
			t.Errorf("docs/robustness.md names %s: %v", m[1], err)
		}
	}
}

// TestDocCitationsResolve: every comment that cites a page of docs/
// ("docs/rules.md", "docs/rules.md, \"The rights table\"") names a page that
// exists and, when it names a section, a heading of that page: a citation
// that points at nothing tells the maintainer nothing.
func TestDocCitationsResolve(t *testing.T) {
	cite := regexp.MustCompile(`docs/([a-z-]+\.md)(?:,\s*"([^"]+)")?`)
	headings := map[string]map[string]bool{}
	heading := func(page string) (map[string]bool, error) {
		if h, ok := headings[page]; ok {
			return h, nil
		}
		b, err := os.ReadFile(filepath.Join("../../docs", page))
		if err != nil {
			return nil, err
		}
		h := map[string]bool{}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "#") {
				h[strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))] = true
			}
		}
		headings[page] = h
		return h, nil
	}
	n := 0
	err := filepath.WalkDir("../..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "dist" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, g := range f.Comments {
			// A comment group's text, its lines joined: a citation may be
			// broken across lines.
			text := strings.Join(strings.Fields(g.Text()), " ")
			for _, m := range cite.FindAllStringSubmatch(text, -1) {
				n++
				h, err := heading(m[1])
				if err != nil {
					t.Errorf("%s cites docs/%s, which does not exist", path, m[1])
					continue
				}
				if m[2] != "" && !h[strings.ToLower(m[2])] {
					t.Errorf("%s cites docs/%s, %q: the page has no such heading", path, m[1], m[2])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d citations found: the test reads nothing", n)
	}
}
