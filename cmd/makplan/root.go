package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
)

// version is the makplan release, printed by `makplan version` and recorded in
// the workbook's Assumptions sheet.
var version = "0.1.0"

// app holds what the commands share: the streams, the clock and the environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	getenv         func(string) string
}

// inputFlags are the flags of every command that reads the inputs.
type inputFlags struct {
	config string
	keys   []string
	plan   []string
	out    string
	asOf   string
	json   bool
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "makplan",
		Short: "Check that MAKs cover a reimaging plan and prepare the makadd request",
		Long: `makplan reads MAK key exports (VLSC / Microsoft 365 admin center CSV or XLSX,
VAMT .cilx, VAMT PowerShell CSV) and a reimaging plan (XLSX or CSV), decides for
every device whether reimaging it with Commercial Licensing media is allowed,
and works out how many MAK activations each pool of keys lacks.

Exit status: 0 success, 1 input or configuration error, 2 usage error,
3 a shortfall or a check threshold breach was found.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("a command is required (plan, check, explain, validate, email, init, version)")
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newPlanCmd(a), newCheckCmd(a), newEmailCmd(a), newValidateCmd(a), newExplainCmd(a), newVersionCmd(a), newInitCmd(a), newProductsCmd(a))
	markArgErrorsAsUsage(root)
	return root
}

// markArgErrorsAsUsage makes every command's argument check (unknown
// command, too many arguments) return a usageError, as SetFlagErrorFunc does
// for flags: cobra's own errors carry no type to tell them by.
func markArgErrorsAsUsage(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return &usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		markArgErrorsAsUsage(sub)
	}
}

// addInputFlags registers the input flags on cmd.
func addInputFlags(cmd *cobra.Command, f *inputFlags) {
	fl := cmd.Flags()
	fl.StringVarP(&f.config, "config", "c", "", "configuration file (YAML); default $MAKPLAN_CONFIG, else makplan.yaml if present")
	fl.StringArrayVar(&f.keys, "keys", nil, "key export (VLSC CSV/XLSX, VAMT .cilx or CSV); repeat for several; replaces inputs.keys")
	fl.StringArrayVar(&f.plan, "plan", nil, "reimaging plan (XLSX or CSV); repeat for several; replaces inputs.plan")
	fl.StringVar(&f.out, "out", "", "output folder (output.dir)")
	fl.StringVar(&f.asOf, "as-of", "", "the day the plan is judged on, YYYY-MM-DD (inputs.as_of; default today)")
	fl.BoolVar(&f.json, "json", false, "print one JSON document on stdout")
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the makplan version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(a.stdout, "makplan %s\n", version)
			return err
		},
	}
}
