package main

import (
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
