package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/makplan/makplan/planner"
	"github.com/spf13/cobra"
)

// validateReport is the JSON document of `makplan validate --json`.
type validateReport struct {
	Keys struct {
		Total int `json:"total"`
		MAK   int `json:"mak"`
	} `json:"keys"`
	Devices  int               `json:"devices"`
	Problems []planner.Problem `json:"problems"`
	Warnings []planner.Problem `json:"warnings"`
}

func newValidateCmd(a *app) *cobra.Command {
	var f inputFlags
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Read every input and list every problem; changes nothing",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.configure(cmd, &f)
			if err != nil {
				return err
			}
			l := a.load(cfg)
			rep := validateReport{Devices: len(l.devices), Problems: l.problems.Errors, Warnings: l.problems.Warnings}
			rep.Keys.Total, rep.Keys.MAK = len(l.keys), countMAK(l.keys)
			if rep.Problems == nil {
				rep.Problems = []planner.Problem{}
			}
			if rep.Warnings == nil {
				rep.Warnings = []planner.Problem{}
			}
			printProblems(a.stderr, l.problems)
			fmt.Fprintf(a.stderr, "read %s (%d MAK) and %s; %s, %s\n",
				plural(rep.Keys.Total, "key", "keys"), rep.Keys.MAK, plural(rep.Devices, "device", "devices"),
				plural(len(rep.Problems), "problem", "problems"), plural(len(rep.Warnings), "warning", "warnings"))
			if f.json {
				if err := writeJSON(a.stdout, rep); err != nil {
					return err
				}
			}
			if len(rep.Problems) > 0 {
				return &statusError{exitInput}
			}
			return nil
		},
	}
	addInputFlags(cmd, &f)
	return cmd
}

// printProblems lists errors then warnings, one a line, on w.
func printProblems(w io.Writer, ps planner.Problems) {
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
