package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/keys"
	"github.com/makplan/makplan/planner/plan"
	"github.com/makplan/makplan/planner/report"
	"github.com/spf13/cobra"
)

// loaded is everything read from the inputs.
type loaded struct {
	cfg        *Config
	asOf       planner.Date
	keys       []planner.Key
	devices    []*planner.Device
	agreements []planner.Agreement
	files      []report.Input
	problems   planner.Problems
}

// configure loads and validates the configuration named by the flags.
func (a *app) configure(cmd *cobra.Command, f *inputFlags) (*Config, error) {
	path := f.config
	if path == "" {
		path = a.getenv("MAKPLAN_CONFIG")
	}
	if path == "" {
		if _, err := os.Stat("makplan.yaml"); err == nil {
			path = "makplan.yaml"
		}
	}
	cfg, err := loadConfig(path, cmd.Flags(), a.getenv)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(cfg.Inputs.Keys) == 0 && len(cfg.Inputs.Plan) == 0 {
		return nil, usagef("no inputs: give --config with inputs.keys and inputs.plan, or --keys and --plan")
	}
	return cfg, nil
}

// load reads every input named by cfg, reporting all problems in the result.
func (a *app) load(cfg *Config) *loaded {
	l := &loaded{cfg: cfg, asOf: cfg.asOf(a.now), agreements: cfg.agreements()}
	keyDates := map[string]planner.Date{}
	for _, kd := range cfg.Inputs.KeyDates {
		if d, err := parseISODate(kd.AsOf); err == nil {
			keyDates[kd.File] = d
		}
	}
	if len(cfg.Inputs.Keys) == 0 {
		l.problems.Add(planner.Problem{File: cfg.path, Column: "inputs.keys", Message: "expected at least one key export"})
	}
	if len(cfg.Inputs.Plan) == 0 {
		l.problems.Add(planner.Problem{File: cfg.path, Column: "inputs.plan", Message: "expected at least one reimaging plan"})
	}
	var records []planner.Key
	for _, path := range cfg.Inputs.Keys {
		asOf, ok := keyDates[path]
		if !ok {
			asOf = l.asOf
		}
		sum := readFile(path, &l.problems, func(r io.Reader) {
			records = append(records, keys.Read(path, r, keys.Options{AsOf: asOf, Aliases: cfg.Inputs.Aliases, Sheet: cfg.Inputs.KeysSheet}, &l.problems)...)
		})
		l.files = append(l.files, report.Input{Path: path, Kind: "keys", SHA256: sum, AsOf: asOf})
	}
	l.keys = planner.MergeKeys(records, &l.problems)
	cfg.widenKeys(l.keys)
	planner.CheckKeyProducts(l.keys, &l.problems)
	opt := plan.Options{Defaults: cfg.Defaults, Aliases: cfg.Inputs.Aliases, Sheet: cfg.Inputs.PlanSheet,
		ReportUnrecognised: cfg.Inputs.UnrecognisedProducts == "report"}
	for _, path := range cfg.Inputs.Plan {
		sum := readFile(path, &l.problems, func(r io.Reader) {
			plan.Read(path, r, opt, &l.problems, func(d *planner.Device) { l.devices = append(l.devices, d) })
		})
		l.files = append(l.files, report.Input{Path: path, Kind: "plan", SHA256: sum, AsOf: l.asOf})
	}
	l.resolveAgreements()
	return l
}

// widenKeys applies capacity.key_covers: a key product named there (as the
// export names it, case and spacing aside) covers the listed products too.
func (c *Config) widenKeys(keys []planner.Key) {
	if len(c.Capacity.KeyCovers) == 0 {
		return
	}
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	more := map[string][]string{}
	for name, list := range c.Capacity.KeyCovers {
		more[norm(name)] = append(more[norm(name)], list...)
	}
	for i := range keys {
		for j := range keys[i].Products {
			kp := &keys[i].Products[j]
			if list, ok := more[norm(kp.Name)]; ok {
				_ = kp.Widen(list) // validated
			}
		}
	}
}

// readFile opens path read-only, hands it to read, and returns its SHA-256.
func readFile(path string, ps *planner.Problems, read func(io.Reader)) string {
	f, err := os.Open(path)
	if err != nil {
		ps.Add(planner.Problem{File: path, Message: "cannot open the file: " + strings.TrimPrefix(err.Error(), "open "+path+": ")})
		return ""
	}
	defer f.Close()
	h := sha256.New()
	tee := io.TeeReader(f, h)
	read(tee)
	if _, err := io.Copy(io.Discard, tee); err != nil {
		ps.Add(planner.Problem{File: path, Message: "cannot read the file: " + err.Error()})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// resolveAgreements fills a blank Agreement when the configuration has exactly
// one, and warns once for each agreement the configuration does not list.
func (l *loaded) resolveAgreements() {
	known := map[string]bool{}
	for _, a := range l.agreements {
		known[a.Number] = true
	}
	unknown := map[string]planner.Source{}
	for _, d := range l.devices {
		if d.Agreement == "" && len(l.agreements) == 1 {
			d.Agreement = l.agreements[0].Number
		}
		if d.Agreement != "" && !known[d.Agreement] {
			if _, seen := unknown[d.Agreement]; !seen {
				unknown[d.Agreement] = d.Source
			}
		}
	}
	names := make([]string, 0, len(unknown))
	for n := range unknown {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		l.problems.Warn(unknown[n].At("Agreement", "agreement %q is not in the configuration's agreements:, so its program is unknown and reimaging rights cannot be confirmed (first on this row)", n))
	}
}

// countMAK counts the MAKs among the keys.
func countMAK(ks []planner.Key) int {
	n := 0
	for _, k := range ks {
		if k.Type == planner.KeyMAK {
			n++
		}
	}
	return n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
