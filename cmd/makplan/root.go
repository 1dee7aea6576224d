package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"
)

// version is the makplan release, set by the release build
// (-ldflags "-X main.version=…"); a `go install …@v1.2.3` build reads it
// from the module's build information instead.
var version = ""

// commit and buildDate are set by the release build; otherwise they come
// from the build information Go records (vcs.revision, vcs.time).
var commit, buildDate = "", ""

// app holds what the commands share: the streams, the clock and the environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	getenv         func(string) string
	tty            *os.File  // stderr, when it is a file: the progress display's terminal
	progress       *progress // the run's progress display (silent until streams sets it)
}

// inputFlags are the flags of every command that reads the inputs.
type inputFlags struct {
	config string
	keys   []string
	plan   []string
	out    string
	asOf   string
	json   bool
	quiet  bool
	// keepsHistory: the command records the run (addHistoryFlags);
	// noHistory and requireHistory are its flags.
	keepsHistory, noHistory, requireHistory, replaceSnapshot bool
}

// streams says where a command's output goes (docs/configuration.md,
// "Output"): the report on stdout — on stderr when stdout carries the JSON
// document — and warnings, progress and "wrote …" lines on stderr; --quiet
// drops both, and only errors (and the JSON) remain.
type streams struct {
	report io.Writer // the human report
	info   io.Writer // warnings, progress, "wrote …"
	json   io.Writer // the JSON document, when asked for
}

func (a *app) streams(f *inputFlags) streams {
	a.progress = newProgress(a.tty, f, a.now)
	s := streams{report: a.stdout, info: a.stderr, json: a.stdout}
	if f.json {
		s.report = a.stderr
	}
	if f.quiet {
		s.report, s.info = io.Discard, io.Discard
	}
	return s
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "makplan",
		Short: "Check that MAKs cover a reimaging plan and prepare the makadd request",
		Long: `makplan reads MAK key exports (VLSC / Microsoft 365 admin center CSV or XLSX,
VAMT .cilx, VAMT PowerShell CSV) and a reimaging plan (XLSX or CSV), decides for
every device whether reimaging it with Commercial Licensing media is allowed,
and works out how many MAK activations each pool of keys lacks.

The report goes to stdout; warnings, progress and "wrote …" lines to stderr.
Exit status: 0 success, 1 input or configuration error, 2 usage error,
3 a shortfall or a check threshold breach was found.

Documentation: docs/ in the repository (rules, plan columns, configuration).`,
		Example: `  makplan init                         # a starter makplan.yaml and sample inputs here
  makplan plan --config makplan.yaml   # judge, plan, write the workbook and requests
  makplan check --format nagios        # the scheduled check
  makplan completion bash > /etc/bash_completion.d/makplan`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("a command is required (plan, check, explain, validate, email, init, products, version)")
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newPlanCmd(a), newCheckCmd(a), newEmailCmd(a), newValidateCmd(a), newExplainCmd(a), newVersionCmd(a),
		newInitCmd(a), newProductsCmd(a), newHistoryCmd(a), newRequestCmd(a))
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

// addInputFlags registers the flags of the commands that read the inputs;
// writes says whether the command writes files (then it takes --out).
func addInputFlags(cmd *cobra.Command, f *inputFlags, writes bool) {
	fl := cmd.Flags()
	fl.StringVarP(&f.config, "config", "c", "", "configuration file (YAML); default $MAKPLAN_CONFIG, else makplan.yaml if present")
	fl.StringArrayVar(&f.keys, "keys", nil, "key export (VLSC CSV/XLSX, VAMT .cilx or CSV); repeat for several; replaces inputs.keys")
	fl.StringArrayVar(&f.plan, "plan", nil, "reimaging plan (XLSX or CSV); repeat for several; replaces inputs.plan")
	if writes {
		fl.StringVar(&f.out, "out", "", "output folder (output.dir)")
	}
	fl.StringVar(&f.asOf, "as-of", "", "the day the plan is judged on, YYYY-MM-DD (inputs.as_of; default today)")
	fl.BoolVar(&f.json, "json", false, "print one JSON document on stdout (the human report goes to stderr)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing but errors (and the JSON document with --json)")
}

// buildInfo is what `makplan version` prints: the release, commit, build
// date and Go version, from the release build's flags or from the build
// information Go embeds.
func buildInfo() (ver, rev, date, goVersion string) {
	ver, rev, date = version, commit, buildDate
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return orUnknown(ver, "(devel)"), orUnknown(rev, "unknown"), orUnknown(date, "unknown"), "unknown"
	}
	goVersion = info.GoVersion
	if ver == "" && info.Main.Version != "" {
		ver = info.Main.Version
	}
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			if rev == "" {
				rev = s.Value
			}
		case "vcs.time":
			if date == "" {
				date = s.Value
			}
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && rev != "" && commit == "" {
		rev += " (with local changes)"
	}
	return orUnknown(ver, "(devel)"), orUnknown(rev, "unknown"), orUnknown(date, "unknown"), goVersion
}

func orUnknown(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// versionString is the short version recorded in the outputs.
func versionString() string {
	v, _, _, _ := buildInfo()
	return v
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the makplan version, commit, build date and Go version",
		Example: `  makplan version`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v, rev, date, gov := buildInfo()
			_, err := fmt.Fprintf(a.stdout, "makplan %s\ncommit %s\nbuilt %s\n%s\n", v, rev, date, gov)
			return err
		},
	}
}
