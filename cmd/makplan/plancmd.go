package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/atomicfile"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/workbook"
	"github.com/spf13/cobra"
)

// buildReport reads the inputs and computes the whole result; input problems
// end the run with exit status 1 and nothing written. Warnings go to info.
func (a *app) buildReport(opt *config.Options, info streams) (*report.Report, error) {
	l := a.load(opt)
	printProblems(info.info, planner.Problems{Warnings: l.problems.Warnings})
	if err := l.problems.Err(); err != nil {
		return nil, err
	}
	r := report.Build(l.keys, l.devices, l.judge(), opt.Capacity)
	r.Version = versionString()
	r.Agreements = opt.Agreements
	printProblems(info.info, planner.Problems{Warnings: r.Warnings})
	r.Warnings = append(l.problems.Warnings, r.Warnings...)
	r.Check = opt.Check
	r.Customer = opt.Customer
	r.Inputs = l.files
	warnUndatedWaves(info, r)
	return r, nil
}

// warnUndatedWaves names the waves without a date: they sort last.
func warnUndatedWaves(s streams, r *report.Report) {
	var names []string
	for _, w := range r.Capacity.Waves {
		if w.Date.IsZero() {
			names = append(names, w.Label())
		}
	}
	if len(names) > 0 {
		p := planner.Problem{Column: "Wave Date", Message: fmt.Sprintf("these waves have no date and are counted after all dated waves: %s", strings.Join(names, ", "))}
		r.Warnings = append(r.Warnings, p)
		fmt.Fprintf(s.info, "warning: %s\n", p.Message)
	}
}

func newPlanCmd(a *app) *cobra.Command {
	var f inputFlags
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Judge every device, work out each key pool's shortfall, and write the workbook and request emails",
		Long: `plan reads the inputs, decides which devices may be reimaged, allocates MAK
activations to the devices that consume one, and reports per pool of keys the
demand, reserve, shortfall and request. The report goes to stdout (with --json
the JSON summary does, and the report goes to stderr); the workbook and the
makadd requests are written into the output folder.
Exit status 0 when no pool is short, 3 when one is, 1 on input errors.`,
		Example: `  makplan plan --config makplan.yaml
  makplan plan --keys vlsc-keys.csv --plan wave1.xlsx --out out/ --as-of 2026-12-01
  makplan plan --json > summary.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := a.configure(cmd, &f)
			if err != nil {
				return err
			}
			if _, err := opt.Sender(); err != nil {
				return err
			}
			s := a.streams(&f)
			r, err := a.buildReport(opt, s)
			if err != nil {
				return err
			}
			if err := r.WriteText(s.report); err != nil {
				return err
			}
			if _, err := a.writeOutputs(r, opt, s); err != nil {
				return err
			}
			if f.json {
				if err := r.WriteSummary(s.json, nil); err != nil {
					return err
				}
			}
			if r.Short() {
				return &statusError{exitShortfall}
			}
			return nil
		},
	}
	addInputFlags(cmd, &f, true)
	return cmd
}

// workbookName is the workbook's file name in the output folder.
const workbookName = "capacity-plan.xlsx"

// writeOutputs writes the deliverables into the output folder: the workbook
// and a makadd request per agreement that is short. Everything is built in
// memory first and each file is written atomically, so a failed run leaves
// the previous outputs as they were.
func (a *app) writeOutputs(r *report.Report, opt *config.Options, s streams) ([]email.Request, error) {
	var buf bytes.Buffer
	if err := workbook.Write(&buf, r); err != nil {
		return nil, fmt.Errorf("cannot build the workbook: %w", err)
	}
	reqs, err := requests(opt, r, buf.Bytes(), func(msg string) { fmt.Fprintf(s.info, "warning: %s\n", msg) })
	if err != nil {
		return nil, err
	}
	dir := opt.OutputDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	path := filepath.Join(dir, workbookName)
	if err := atomicfile.Write(path, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	fmt.Fprintf(s.info, "wrote %s\n", path)
	return reqs, writeRequests(s, dir, reqs)
}
