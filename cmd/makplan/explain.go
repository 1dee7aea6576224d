package main

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

func newExplainCmd(a *app) *cobra.Command {
	var f inputFlags
	var names []string
	var brief bool
	cmd := &cobra.Command{
		Use:   "explain",
		Short: "Show each device's eligibility verdict with its reasons, the brief's sections and fixes",
		Long: `explain judges every device of the plan (or those named with --device) against
the reimaging rules and says why, citing where each rule comes from (a section
of Microsoft's brief, or the Product Terms), and what would make an ineligible
device eligible. The verdicts go to stdout (to stderr with --json).
Exit status 0 when the inputs were read, whatever the verdicts.`,
		Example: `  makplan explain --device NW-LT-0120
  makplan explain --brief | grep "NOT eligible"
  makplan explain --json --device NW-LT-0120 --device NW-LT-0141`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := a.configure(cmd, &f)
			if err != nil {
				return err
			}
			s := a.streams(&f)
			r, err := a.buildReport(cmd.Context(), opt, s, &f)
			if err != nil {
				return err
			}
			selected, err := selectDevices(r.Devices, names)
			if err != nil {
				return err
			}
			out := make([]report.Explained, 0, len(selected))
			eligible := 0
			if !brief {
				fmt.Fprint(s.report, report.ExplainHeader)
			}
			devices := 0
			for _, i := range selected {
				if !r.Devices[i].Another {
					devices++
				}
			}
			for _, i := range selected {
				ev := r.Explain(i)
				if ev.Eligible {
					eligible++
				}
				if f.json {
					out = append(out, ev)
				}
				if brief {
					ev.WriteBrief(s.report)
				} else {
					ev.WriteText(s.report)
				}
			}
			what := wording.Plural(devices, "device", "devices")
			if devices != len(selected) {
				what += " (" + wording.Plural(len(selected), "product", "products") + ")"
			}
			fmt.Fprintf(s.report, "%s: %s eligible, %s not eligible (as of %s)\n", what,
				wording.Count(eligible), wording.Count(len(selected)-eligible), r.AsOf)
			if f.json {
				return writeJSON(s.json, map[string]any{"verdicts": out})
			}
			return nil
		},
	}
	addInputFlags(cmd, &f, false)
	cmd.Flags().StringArrayVar(&names, "device", nil, "explain only this device (repeatable; case-insensitive)")
	cmd.Flags().BoolVar(&brief, "brief", false, "one line per device: its verdict and rule IDs")
	return cmd
}

// selectDevices returns the indexes of the named devices in plan order, or
// of all when none are named; a name not in the plan is an error.
func selectDevices(all []*planner.Device, names []string) ([]int, error) {
	if len(names) == 0 {
		out := make([]int, len(all))
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[strings.ToLower(strings.TrimSpace(n))] = false
	}
	var out []int
	for i, d := range all {
		k := strings.ToLower(d.Name)
		if _, ok := want[k]; ok {
			out = append(out, i)
			want[k] = true
		}
	}
	var missing []problem.Problem
	for _, n := range names {
		if !want[strings.ToLower(strings.TrimSpace(n))] {
			missing = append(missing, problem.Problem{Column: "--device", Message: fmt.Sprintf("no device named %q in the plan", n)})
		}
	}
	if len(missing) > 0 {
		return nil, &problem.InputError{Problems: missing}
	}
	return out, nil
}
