package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// extract writes the files of a txtar script of testdata/script into a
// fresh folder, with the modification times the scripts' Setup gives them
// (far in the future: an export is dated by its name or the day judged).
func extract(t *testing.T, script string) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "script", script))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// planJSON runs `makplan plan --json` in dir and decodes the document,
// without what names the files (inputs, each verdict's file and row) and
// the notes about their columns.
func planJSON(t *testing.T, dir, config string) map[string]any {
	t.Helper()
	t.Chdir(dir)
	t.Setenv("MAKPLAN_HISTORY_PATH", "off")
	t.Setenv("MAKPLAN_INPUTS_AS_OF", "2026-11-27")
	var out, errb bytes.Buffer
	code := run([]string{"plan", "--config", config, "--json", "--out", "out-" + config}, nil, &out, &errb)
	if code != 0 && code != 3 {
		t.Fatalf("%s: exit %d\n%s", config, code, errb.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("%s: %v\n%s", config, err, out.String())
	}
	delete(doc, "inputs")
	delete(doc, "notes")
	for _, v := range doc["verdicts"].([]any) {
		delete(v.(map[string]any), "file")
		delete(v.(map[string]any), "row")
	}
	return doc
}

// TestMECMAsItComes (issue 24): the MECM software report of mecm.txtar, read
// as it comes (Caption0 the device's Windows, DisplayName0 the row's
// product), gives the verdicts, pools, waves, purchases and warnings of the
// same estate written in makplan's own columns.
func TestMECMAsItComes(t *testing.T) {
	dir := extract(t, "mecm.txtar")
	mecm := planJSON(t, dir, "mecm.yaml")
	own := planJSON(t, dir, "own.yaml")
	if len(mecm["verdicts"].([]any)) != 11 {
		t.Fatalf("%d verdicts, want 11", len(mecm["verdicts"].([]any)))
	}
	for k := range own {
		if !reflect.DeepEqual(mecm[k], own[k]) {
			a, _ := json.MarshalIndent(mecm[k], "", " ")
			b, _ := json.MarshalIndent(own[k], "", " ")
			t.Errorf("%s differs:\nMECM report: %s\nown columns: %s", k, a, b)
		}
	}
	if len(mecm) != len(own) {
		t.Errorf("the documents have %d and %d fields", len(mecm), len(own))
	}
}
