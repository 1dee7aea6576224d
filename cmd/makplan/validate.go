package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner/pipeline"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

// validateReport is the JSON document of `makplan validate --json`.
type validateReport struct {
	Keys struct {
		Total int `json:"total"`
		MAK   int `json:"mak"`
	} `json:"keys"`
	Devices  int               `json:"devices"`  // distinct devices
	Products int               `json:"products"` // rows: one product each
	Inputs   []report.Input    `json:"inputs"`   // each file, a key export with its date and what dated it
	Problems []problem.Problem `json:"problems"`
	Warnings []problem.Problem `json:"warnings"`
	Notes    []problem.Problem `json:"notes"` // the columns inputs have that makplan does not use
}

func newValidateCmd(a *app) *cobra.Command {
	var f inputFlags
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Read every input and list every problem; changes nothing",
		Long: `validate reads the configuration and every input and lists every problem —
file, sheet, row, column and what was expected — on stdout (on stderr with
--json), and on stderr every warning plan and check would give (it judges and plans
to find them, without the history). It writes nothing.
Exit status 0 when the inputs can be used, 1 when they cannot.`,
		Example: `  makplan validate --config makplan.yaml
  makplan validate --plan wave2.xlsx --keys exports/
  makplan validate --json | jq '.problems[] | .row'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := a.configure(cmd, &f)
			if err != nil {
				return err
			}
			s := a.streams(&f)
			o := a.runOptions(&f, opt)
			l := pipeline.Load(&opt.Settings, o)
			warnings := l.Problems.Warnings
			if len(l.Problems.Errors) == 0 {
				// Judge and plan too, without the history: every warning
				// plan and check would give (the history's aside).
				o.History = pipeline.HistoryOff
				if _, w, err := l.Build(cmd.Context(), o); err == nil {
					warnings = w
				}
			}
			rep := validateReport{Devices: l.DeviceCount(), Products: len(l.Devices), Inputs: l.Files, Problems: l.Problems.Errors, Warnings: warnings, Notes: l.Problems.Notes}
			if rep.Notes == nil {
				rep.Notes = []problem.Problem{}
			}
			if rep.Inputs == nil {
				rep.Inputs = []report.Input{}
			}
			rep.Keys.Total, rep.Keys.MAK = len(l.Keys), l.MAKs()
			if rep.Problems == nil {
				rep.Problems = []problem.Problem{}
			}
			if rep.Warnings == nil {
				rep.Warnings = []problem.Problem{}
			}
			printProblems(s.report, problem.Problems{Errors: l.Problems.Errors})
			printProblems(s.info, problem.Problems{Warnings: warnings})
			for _, n := range l.Problems.Notes {
				fmt.Fprintf(s.report, "note: %s\n", n.Error())
			}
			for _, in := range l.Files {
				if in.Kind == "keys" {
					fmt.Fprintf(s.report, "key export %s: as of %s, dated by %s\n", in.Path, in.AsOf, in.DatedBy)
				}
			}
			devices := wording.Plural(rep.Devices, "device", "devices")
			var extra []string
			if rep.Products != rep.Devices {
				extra = append(extra, wording.Plural(rep.Products, "product", "products"))
			}
			if n := len(l.Staying); n > 0 {
				extra = append(extra, wording.Count(n)+" more kept on Windows 10")
			}
			if len(extra) > 0 {
				devices += " (" + strings.Join(extra, ", ") + ")"
			}
			maks := wording.Count(rep.Keys.MAK) + " MAK"
			if n := l.ESUKeys(); n > 0 {
				maks += fmt.Sprintf(", %d ESU", n)
			}
			fmt.Fprintf(s.report, "read %s (%s) and %s; %s, %s\n",
				wording.Plural(rep.Keys.Total, "key", "keys"), maks, devices,
				wording.Plural(len(rep.Problems), "problem", "problems"), wording.Plural(len(rep.Warnings), "warning", "warnings"))
			if f.json {
				if err := writeJSON(s.json, rep); err != nil {
					return err
				}
			}
			if len(rep.Problems) > 0 {
				return &statusError{exitInput}
			}
			return nil
		},
	}
	addInputFlags(cmd, &f, false)
	return cmd
}

// printProblems lists errors then warnings, one a line, on w.
func printProblems(w io.Writer, ps problem.Problems) {
	for _, p := range ps.Errors {
		fmt.Fprintf(w, "error: %s\n", p.Error())
	}
	for _, p := range ps.Warnings {
		fmt.Fprintf(w, "warning: %s\n", p.Error())
	}
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
