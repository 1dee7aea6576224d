package main

import (
	"errors"
	"os"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/pipeline"
	"github.com/spf13/cobra"
)

// configure loads and checks the configuration named by the flags, before
// anything is read or written: a bad flag is a usage error (exit 2), a bad
// file or environment value an input error (exit 1).
func (a *app) configure(cmd *cobra.Command, f *inputFlags) (*config.Options, error) {
	opt, err := a.loadConfig(cmd, f)
	if err != nil {
		return nil, err
	}
	if len(opt.Inputs.Keys) == 0 && len(opt.Inputs.Plan) == 0 {
		return nil, usagef("no inputs: give --config with inputs.keys and inputs.plan, or --keys and --plan")
	}
	return opt, nil
}

// loadConfig loads the configuration named by --config, $MAKPLAN_CONFIG or
// makplan.yaml in the working folder (none at all is allowed).
func (a *app) loadConfig(cmd *cobra.Command, f *inputFlags) (*config.Options, error) {
	path := f.config
	if path == "" {
		path = a.getenv("MAKPLAN_CONFIG")
	}
	if path == "" {
		if _, err := os.Stat("makplan.yaml"); err == nil {
			path = "makplan.yaml"
		}
	}
	opt, err := config.Load(config.Sources{Path: path, Flags: cmd.Flags(), Getenv: a.getenv})
	if err != nil {
		if es := (config.Errors{}); errors.As(err, &es) && es.FlagErrors() {
			return nil, &usageError{err}
		}
		return nil, err
	}
	// A day after today takes every wave up to it as done, dates requests
	// that were not sent yet, and would stay in the history for good
	// (docs/configuration.md, inputs.as_of): every command refuses it.
	if today := planner.DateOf(a.now()); opt.Inputs.AsOf.After(today) {
		return nil, usagef("%s: %s is after today (%s): makplan judges and records as of today or an earlier day; leave it out to judge as of today",
			opt.AsOfFrom, opt.Inputs.AsOf, today)
	}
	return opt, nil
}

// runOptions are the circumstances of a run of the command f: today by
// the app's clock, the version, the progress display, and what the run
// does with the history.
func (a *app) runOptions(f *inputFlags, opt *config.Options) pipeline.Options {
	o := pipeline.Options{Today: planner.DateOf(a.now()), Version: versionString(), Progress: a.progress, ReplaceSnapshot: f.replaceSnapshot}
	switch {
	case !f.keepsHistory || f.noHistory || opt.History.Off:
		o.History = pipeline.HistoryOff
	case f.requireHistory:
		o.History = pipeline.HistoryRequire
	default:
		o.History = pipeline.HistoryKeep
	}
	return o
}
