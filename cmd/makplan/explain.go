package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

// explainedVerdict is one element of `explain --json`'s verdicts: the JSON
// summary's verdict with the images and the explanations in words.
type explainedVerdict struct {
	report.VerdictJSON
	Licensed string          `json:"licensed"`
	Target   string          `json:"target"`
	Sheet    string          `json:"sheet"`
	Findings []rules.Finding `json:"findings"`
}

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
			r, err := a.buildReport(opt, s, &f)
			if err != nil {
				return err
			}
			selected, err := selectDevices(r.Devices, names)
			if err != nil {
				return err
			}
			out := make([]explainedVerdict, 0, len(selected))
			eligible := 0
			for _, i := range selected {
				d, v := r.Devices[i], r.Verdict(i)
				if v.Eligible {
					eligible++
				}
				ev := explainedVerdict{VerdictJSON: r.VerdictJSON(i), Licensed: describeImage(d.Licensed, d.Channel),
					Target: describeTarget(d), Sheet: d.Source().Sheet, Findings: r.Findings(i)}
				if f.json {
					out = append(out, ev)
				}
				if brief {
					writeBrief(s.report, ev)
				} else {
					writeExplained(s.report, ev)
				}
			}
			fmt.Fprintf(s.report, "%s: %s eligible, %s not eligible (as of %s)\n", wording.Plural(len(selected), "device", "devices"),
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

func describeImage(img planner.Image, ch planner.Channel) string {
	parts := []string{}
	if ch != "" {
		parts = append(parts, string(ch))
	}
	if img.Language != "" {
		parts = append(parts, img.Language)
	}
	if img.Arch != "" {
		parts = append(parts, string(img.Arch))
	}
	name := img.Name()
	if len(parts) == 0 {
		return name
	}
	return name + " (" + strings.Join(parts, ", ") + ")"
}

func describeTarget(d *planner.Device) string {
	s := describeImage(d.Target, "")
	var parts []string
	if d.Media != "" {
		m := string(d.Media) + " media"
		if d.Media == planner.MediaOEM && d.MediaOEM != "" {
			m = d.MediaOEM + " OEM media"
		}
		parts = append(parts, m)
	}
	if d.Activation != "" {
		parts = append(parts, string(d.Activation)+" activation")
	}
	return s + ", " + strings.Join(parts, ", ")
}

func writeBrief(w io.Writer, v explainedVerdict) {
	verdict := "eligible"
	ids := v.Notes
	if !v.Eligible {
		verdict, ids = "NOT eligible", v.Reasons
	}
	fmt.Fprintf(w, "%-12s %-12s %s\n", v.Device, verdict, strings.Join(ids, " "))
}

func writeExplained(w io.Writer, v explainedVerdict) {
	head := "NOT ELIGIBLE"
	if v.Eligible {
		head = "ELIGIBLE"
		if v.LicensedBy == rules.ThroughCommercialLicensing {
			head += " (licensed through Commercial Licensing)"
		} else {
			head += " (reimaging rights over its own license)"
		}
	}
	loc := v.File
	if v.Sheet != "" {
		loc += fmt.Sprintf(", sheet %q", v.Sheet)
	}
	fmt.Fprintf(w, "%s: %s\n", v.Device, head)
	fmt.Fprintf(w, "  licensed: %s\n  target:   %s\n", v.Licensed, v.Target)
	wave := v.Wave
	if v.WaveDate != "" {
		wave += " on " + v.WaveDate
	}
	if wave != "" {
		fmt.Fprintf(w, "  wave:     %s\n", wave)
	}
	fmt.Fprintf(w, "  plan row: %d of %s\n", v.Row, loc)
	if v.ConsumesMAK {
		key := "none left: the pool is short or no MAK covers the target"
		if v.Key != nil {
			key = v.Key.String()
		}
		fmt.Fprintf(w, "  MAK:      consumes one activation; key given: %s\n", key)
	}
	for _, f := range v.Findings {
		kind := "note"
		if !v.Eligible {
			kind = "reason"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", kind, f.ID, f.Text)
		fmt.Fprintf(w, "      source: %s\n", f.Section)
		if f.Fix != "" && !v.Eligible {
			fmt.Fprintf(w, "      to fix: %s\n", f.Fix)
		}
	}
	fmt.Fprintln(w)
}
