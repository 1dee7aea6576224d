package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

// Nagios plugin exit codes.
const (
	nagiosOK       = 0
	nagiosWarning  = 1
	nagiosCritical = 2
	nagiosUnknown  = 3
)

func newCheckCmd(a *app) *cobra.Command {
	var f inputFlags
	var format string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "The scheduled capacity check: one line per shortfall or breach, and an exit status to alert on",
		Long: `check computes the same plan as 'makplan plan' without writing the deliverables,
and prints one alert line for each of these, on stdout (on stderr with --json):

` + alertKindsHelp() + `
Exit status 3 on any of them, 0 otherwise, 1 on input errors.

--format nagios prints one Nagios/Icinga plugin status line with performance
data per pool instead, and exits 0 OK, 1 WARNING (a threshold breach),
2 CRITICAL (a shortfall) or 3 UNKNOWN (unreadable input).`,
		Example: `  makplan check --config /etc/makplan/makplan.yaml
  makplan check --format nagios
  makplan check --json --quiet > check.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "text", "nagios":
			default:
				return usagef("--format must be text or nagios, not %q", format)
			}
			s := a.streams(&f)
			opt, err := a.configure(cmd, &f)
			var r *report.Report
			if err == nil {
				r, err = a.buildReport(cmd.Context(), opt, s, &f)
			}
			if format == "nagios" {
				if ue := (*usageError)(nil); errors.As(err, &ue) {
					return err
				}
				return nagios(a.stdout, r, err)
			}
			if err != nil {
				return err
			}
			breaches := r.Breaches()
			lines := a.stdout // the alerts are check's report; --quiet keeps them
			if f.json {
				lines = a.stderr
				if breaches == nil {
					breaches = []report.Breach{}
				}
				if err := r.WriteSummary(s.json, breaches); err != nil {
					return err
				}
			}
			if !(f.json && f.quiet) {
				for _, b := range breaches {
					fmt.Fprintln(lines, b.Line)
				}
			}
			n := r.Counts()
			fmt.Fprintf(s.info, "makplan check as of %s: %s, %s, total shortfall %s, %s\n",
				r.AsOf, wording.Plural(len(r.Capacity.Pools), "pool", "pools"), wording.Plural(n.ConsumingMAK, "MAK activation", "MAK activations")+" to make",
				wording.Count(r.Capacity.Shortfall), wording.Plural(len(breaches), "alert", "alerts"))
			if len(breaches) > 0 {
				return &statusError{exitShortfall}
			}
			return nil
		},
	}
	addInputFlags(cmd, &f, false)
	addHistoryFlags(cmd, &f)
	cmd.Flags().StringVar(&format, "format", "text", "text, or nagios for a Nagios/Icinga plugin status line")
	return cmd
}

// nagios prints the plugin status line: "MAKPLAN STATE - summary | perfdata".
func nagios(w io.Writer, r *report.Report, loadErr error) error {
	if loadErr != nil {
		msg := strings.ReplaceAll(strings.Join(strings.Fields(loadErr.Error()), " "), "|", "/")
		if r := []rune(msg); len(r) > 300 {
			msg = string(r[:300]) + "…"
		}
		fmt.Fprintf(w, "MAKPLAN UNKNOWN - cannot read the inputs: %s\n", msg)
		return &statusError{nagiosUnknown}
	}
	state, code := "OK", nagiosOK
	var short, warn []string
	for _, b := range r.Breaches() {
		if b.Kind == report.AlertShort {
			short = append(short, fmt.Sprintf("%s short %s", b.Product, wording.Count(b.Shortfall)))
		} else {
			warn = append(warn, strings.TrimPrefix(b.Line, "makplan: "))
		}
	}
	summary := fmt.Sprintf("%s %s", wording.Plural(len(r.Capacity.Pools), "pool covers", "pools cover"), wording.Plural(r.Capacity.Demand, "MAK activation", "MAK activations")+" to make")
	switch {
	case len(short) > 0:
		state, code = "CRITICAL", nagiosCritical
		summary = fmt.Sprintf("%s short (total %s): %s", wording.Plural(len(short), "pool", "pools"), wording.Count(r.Capacity.Shortfall), strings.Join(short, "; "))
	case len(warn) > 0:
		state, code = "WARNING", nagiosWarning
		summary = strings.Join(warn, "; ")
	}
	var perf []string
	for p, pool := range r.Capacity.Pools {
		id := r.PoolID(p)
		perf = append(perf, fmt.Sprintf("'%s_remaining'=%d;;;0", id, pool.Remaining),
			fmt.Sprintf("'%s_demand'=%d;;;0", id, pool.Demand),
			fmt.Sprintf("'%s_shortfall'=%d;0;0;0", id, pool.Shortfall))
	}
	// "|" starts the performance data: none may come from the inputs.
	fmt.Fprintf(w, "MAKPLAN %s - %s | %s\n", state, strings.ReplaceAll(summary, "|", "/"), strings.Join(perf, " "))
	if code != nagiosOK {
		return &statusError{code}
	}
	return nil
}

// alertKindsHelp lists every alert kind with when it is raised, from
// report.AlertKinds: the help cannot forget one.
func alertKindsHelp() string {
	var b strings.Builder
	for _, k := range report.AlertKinds {
		// Wrapped at 80 columns, under the description's first word.
		line := fmt.Sprintf("  %-13s", k.Kind)
		for _, w := range strings.Fields(k.When) {
			if len(line)+1+len(w) > 80 {
				b.WriteString(line + "\n")
				line = strings.Repeat(" ", 15)
			}
			line += " " + w
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
