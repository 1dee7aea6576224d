package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/atomicfile"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/workbook"
	"github.com/spf13/cobra"
)

// settings converts the configuration's capacity: section.
func (c *Config) settings() capacity.Settings {
	s := capacity.Settings{ReservePercent: c.Capacity.ReservePercent, ReserveMinimum: c.Capacity.ReserveMinimum,
		RoundTo: c.Capacity.RoundTo, LocalReactivationConsumes: c.Capacity.LocalReactivationConsumes,
		PastWavesDemand: c.Capacity.PastWaves == "demand"}
	for _, k := range c.Capacity.PreferredKeys {
		if ref, err := planner.ParseKeyRef(k); err == nil { // validated in Validate
			s.PreferredKeys = append(s.PreferredKeys, ref)
		}
	}
	return s
}

// buildReport reads the inputs and computes the whole result; input problems
// end the run with exit status 1 and nothing written.
func (a *app) buildReport(cmd *cobra.Command, f *inputFlags) (*report.Report, *Config, error) {
	cfg, err := a.configure(cmd, f)
	if err != nil {
		return nil, nil, err
	}
	l := a.load(cfg)
	printProblems(a.stderr, planner.Problems{Warnings: l.problems.Warnings})
	if err := l.problems.Err(); err != nil {
		return nil, nil, err
	}
	r := report.Build(l.keys, l.devices, l.judge(), cfg.settings())
	r.Version = version
	r.Agreements = l.agreements
	printProblems(a.stderr, planner.Problems{Warnings: r.Warnings})
	r.Warnings = append(l.problems.Warnings, r.Warnings...)
	r.Check = report.Check{MinRemainingPercent: cfg.Check.MinRemainingPercent, MinRunwayWaves: cfg.Check.MinRunwayWaves}
	r.Customer = report.Customer{Name: cfg.Customer.Name, ContactName: cfg.Customer.Contact.Name,
		ContactEmail: cfg.Customer.Contact.Email, ContactPhone: cfg.Customer.Contact.Phone}
	r.Inputs = l.files
	warnUndatedWaves(a, r)
	return r, cfg, nil
}

// warnUndatedWaves names the waves without a date: they sort last.
func warnUndatedWaves(a *app, r *report.Report) {
	var names []string
	for _, w := range r.Capacity.Waves {
		if w.Date.IsZero() {
			names = append(names, w.Label())
		}
	}
	if len(names) > 0 {
		p := planner.Problem{Column: "Wave Date", Message: fmt.Sprintf("these waves have no date and are counted after all dated waves: %s", strings.Join(names, ", "))}
		r.Warnings = append(r.Warnings, p)
		fmt.Fprintf(a.stderr, "warning: %s\n", p.Message)
	}
}

func newPlanCmd(a *app) *cobra.Command {
	var f inputFlags
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Judge every device, work out each key pool's shortfall, and write the workbook and request emails",
		Long: `plan reads the inputs, decides which devices may be reimaged, allocates MAK
activations to the devices that consume one, and reports per pool of keys the
demand, reserve, shortfall and request. It prints a summary on stderr (and with
--json the JSON summary on stdout).
Exit status 0 when no pool is short, 3 when one is, 1 on input errors.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, cfg, err := a.buildReport(cmd, &f)
			if err != nil {
				return err
			}
			if err := r.WriteText(a.stderr); err != nil {
				return err
			}
			if _, err := a.writeOutputs(r, cfg); err != nil {
				return err
			}
			if f.json {
				if err := r.WriteSummary(a.stdout, nil); err != nil {
					return err
				}
			}
			if r.Short() {
				return &statusError{exitShortfall}
			}
			return nil
		},
	}
	addInputFlags(cmd, &f)
	return cmd
}

// workbookName is the workbook's file name in the output folder.
const workbookName = "capacity-plan.xlsx"

// writeOutputs writes the deliverables into the output folder: the workbook
// and a makadd request per agreement that is short. Everything is built in
// memory first and each file is written atomically, so a failed run leaves
// the previous outputs as they were.
func (a *app) writeOutputs(r *report.Report, cfg *Config) ([]email.Request, error) {
	var buf bytes.Buffer
	if err := workbook.Write(&buf, r); err != nil {
		return nil, fmt.Errorf("cannot build the workbook: %w", err)
	}
	reqs, err := cfg.requests(r, buf.Bytes(), func(msg string) { fmt.Fprintf(a.stderr, "warning: %s\n", msg) })
	if err != nil {
		return nil, err
	}
	dir := cfg.Output.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	path := filepath.Join(dir, workbookName)
	if err := atomicfile.Write(path, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", path)
	return reqs, a.writeRequests(dir, reqs)
}
