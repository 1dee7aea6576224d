// Package estate builds the reports the packages' own tests read: the
// shipped samples, and the estates of the end-to-end scripts
// (cmd/makplan/testdata/script), through the same configuration and
// pipeline as the command. It is for tests only.
package estate

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/pipeline"
	"github.com/makplan/makplan/planner/report"
	"github.com/rogpeppe/go-internal/txtar"
)

// Root is the repository's root folder.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Today is the day the tests run on, as the scripts' (MAKPLAN_TODAY).
var Today = planner.NewDate(2027, 1, 31)

// Settings loads a configuration file with the environment given (the
// scripts judge as of 2026-11-27 and keep no history unless env says).
func Settings(t testing.TB, path string, env map[string]string) *config.Options {
	t.Helper()
	vars := map[string]string{"MAKPLAN_INPUTS_AS_OF": "2026-11-27", "MAKPLAN_HISTORY_PATH": "off"}
	for k, v := range env {
		vars[k] = v
	}
	opt, err := config.Load(config.Sources{Path: path, Getenv: func(k string) string { return vars[k] }})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return opt
}

// Plan runs the pipeline on the settings; input problems fail the test.
func Plan(t testing.TB, opt *config.Options, use pipeline.HistoryUse) (*report.Report, []string) {
	t.Helper()
	r, warnings, err := pipeline.Plan(context.Background(), &opt.Settings, pipeline.Options{Today: Today, History: use, Version: "test"})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	var ws []string
	for _, w := range warnings {
		ws = append(ws, w.Error())
	}
	return r, ws
}

// Samples is the report of the shipped samples as of 2026-11-27, without a
// history: the README's first command.
func Samples(t testing.TB) *report.Report {
	t.Helper()
	r, _ := Plan(t, Settings(t, filepath.Join(Root(), "config.example.yaml"), nil), pipeline.HistoryOff)
	return r
}

// Script extracts the files of an end-to-end script into a fresh folder
// and returns it: its configurations and inputs.
func Script(t testing.TB, name string) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join(Root(), "cmd", "makplan", "testdata", "script", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
		// An export dated by its name or its contents, never by the copy's
		// modification time (the scripts' rule).
		far := planner.NewDate(2100, 1, 1).Time()
		if err := os.Chtimes(path, far, far); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// FromScript is the report of an end-to-end script's estate, run with one of
// its configurations.
func FromScript(t testing.TB, script, configName string) *report.Report {
	t.Helper()
	dir := Script(t, script)
	r, _ := Plan(t, Settings(t, filepath.Join(dir, configName), nil), pipeline.HistoryOff)
	return r
}
