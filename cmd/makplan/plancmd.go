package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/outputs"
	"github.com/makplan/makplan/planner/pipeline"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/workbook"
	"github.com/spf13/cobra"
)

// buildReport runs the plan (package run) and prints its warnings on
// info; input problems end the run with exit status 1 and nothing written.
func (a *app) buildReport(ctx context.Context, opt *config.Options, s streams, f *inputFlags) (*report.Report, error) {
	r, warnings, err := pipeline.Plan(ctx, &opt.Settings, a.runOptions(f, opt))
	printProblems(s.info, problem.Problems{Warnings: warnings})
	return r, err
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
  makplan plan --keys exports/keys-2026-12-01.csv --plan wave1.xlsx --out out/ --as-of 2026-12-01
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
			r, err := a.buildReport(cmd.Context(), opt, s, &f)
			if err != nil {
				return err
			}
			if err := r.WriteText(s.report); err != nil {
				return err
			}
			reqs, err := a.writeOutputs(cmd.Context(), r, opt, s)
			if err != nil {
				return err
			}
			if !f.json {
				writeNext(s.report, opt.OutputDir, reqs)
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
	addHistoryFlags(cmd, &f)
	return cmd
}

// writeNext ends the report with what the admin does next with each
// request written: send it (the draft, or the form's fields), then record
// it, so that the monthly check follows it up (docs/history.md).
func writeNext(w io.Writer, dir string, reqs []email.Request) {
	if len(reqs) > 0 {
		fmt.Fprintln(w)
	}
	for _, q := range reqs {
		fmt.Fprintf(w, "Next: send %s to Microsoft (Outlook opens it as a draft; or paste %s into Microsoft's web form), then record it: makplan request record --from %s\n",
			filepath.Join(dir, q.FileName), filepath.Join(dir, q.FormName), filepath.Join(dir, q.FormName))
	}
}

// workbookName is the workbook's file name in the output folder.
const workbookName = "capacity-plan.xlsx"

// isOurs says whether a file name is one makplan writes into the output
// folder: only such a file, unchanged, is ever removed by a later run.
func isOurs(name string) bool {
	return name == workbookName ||
		strings.HasPrefix(name, "makadd-request-") && (strings.HasSuffix(name, ".eml") || strings.HasSuffix(name, ".txt"))
}

// writeOutputs writes the deliverables into the output folder as one set
// (planner/outputs): the workbook and a makadd request per agreement that is
// short, all written to temporary files and renamed into place only when
// every one is written, under the folder's lock. When the requests cannot be
// built the workbook is still written (and the stale requests of the last
// run removed); the requests' problem is returned after it.
func (a *app) writeOutputs(ctx context.Context, r *report.Report, opt *config.Options, s streams) ([]email.Request, error) {
	// The workbook is written straight into its file at commit; the
	// attachment is built here (the summary unless email.attach says otherwise).
	full := func(w io.Writer) error {
		defer a.progress.Done()
		return workbook.Write(w, r, workbook.Options{Progress: a.progress})
	}
	var attachment []byte
	if opt.Email.Attach == "full" {
		var buf bytes.Buffer
		if err := workbook.Write(&buf, r, workbook.Options{}); err != nil {
			return nil, fmt.Errorf("cannot build the workbook: %w", err)
		}
		attachment = buf.Bytes()
		full = func(w io.Writer) error {
			_, err := w.Write(attachment)
			return err
		}
	}
	reqs, reqErr := requests(opt, r, attachment, func(msg string) { fmt.Fprintf(s.info, "warning: %s\n", msg) })
	set, err := outputs.Open(opt.OutputDir, opt.LockWait)
	if err != nil {
		return nil, err
	}
	defer set.Close()
	set.Ours = isOurs
	if err := set.AddFunc(workbookName, full); err != nil {
		return nil, err
	}
	for _, req := range reqs {
		if err := set.Add(req.FileName, req.Message); err != nil {
			return nil, err
		}
		if err := set.Add(req.FormName, req.Form); err != nil {
			return nil, err
		}
	}
	if err := set.Commit(ctx); err != nil {
		return nil, err
	}
	for _, name := range set.Written {
		path := filepath.Join(opt.OutputDir, name)
		if name == workbookName {
			fmt.Fprintf(s.info, "wrote %s\n", path)
			continue
		}
		for _, req := range reqs {
			switch name {
			case req.FileName:
				fmt.Fprintf(s.info, "wrote %s (to %s: %s)\n", path, strings.Join(req.Recipients, ", "), req.Subject)
			case req.FormName:
				fmt.Fprintf(s.info, "wrote %s (the same request, field by field, for Microsoft's web form)\n", path)
			}
		}
	}
	for _, name := range set.Removed {
		fmt.Fprintf(s.info, "removed %s: written by an earlier run, no longer part of the outputs\n", filepath.Join(opt.OutputDir, name))
	}
	if reqErr != nil {
		return nil, fmt.Errorf("the workbook is written, but the makadd requests are not: %w", reqErr)
	}
	return reqs, nil
}
