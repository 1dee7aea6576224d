package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/makplan/makplan/cmd/makplan/config"
	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/keys"
	"github.com/makplan/makplan/planner/plan"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
	"github.com/spf13/cobra"
)

// loaded is everything read from the inputs.
type loaded struct {
	opt      *config.Options
	asOf     planner.Date
	keys     []planner.Key
	devices  []*planner.Device
	files    []report.Input
	problems problem.Problems
}

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
	return opt, nil
}

// load reads every input named by opt, reporting all problems in the result.
func (a *app) load(opt *config.Options) *loaded {
	l := &loaded{opt: opt, asOf: opt.AsOf(a.now)}
	if len(opt.Inputs.Keys) == 0 {
		l.problems.Add(problem.Problem{File: opt.Path, Column: "inputs.keys", Message: "expected at least one key export (inputs.keys or --keys)"})
	}
	if len(opt.Inputs.Plan) == 0 {
		l.problems.Add(problem.Problem{File: opt.Path, Column: "inputs.plan", Message: "expected at least one reimaging plan (inputs.plan or --plan)"})
	}
	lim := opt.Inputs.Limits
	var records []planner.Key
	for _, path := range opt.Inputs.Keys {
		asOf, ok := opt.Inputs.KeyDates[path]
		if !ok {
			asOf = l.asOf
		}
		sum := readFile(path, lim.FileSize, &l.problems, func(src sheet.Source) {
			records = append(records, keys.Read(path, src, keys.Options{AsOf: asOf, Aliases: opt.Inputs.Aliases, Sheet: opt.Inputs.KeysSheet,
				MaxDepth: lim.XMLDepth, Limits: lim.Sheet}, &l.problems)...)
		})
		l.files = append(l.files, report.Input{Path: path, Kind: "keys", SHA256: sum, AsOf: asOf})
	}
	l.keys = planner.MergeKeys(records, &l.problems)
	l.stateAgreements()
	widenKeys(opt.KeyCovers, l.keys)
	planner.CheckKeyProducts(l.keys, &l.problems)
	po := plan.Options{Defaults: opt.Defaults, Aliases: opt.Inputs.Aliases, Sheet: opt.Inputs.PlanSheet,
		ReportUnrecognised: opt.Inputs.ReportUnrecognised, DateOrder: opt.Inputs.DateOrder, Limits: lim.Sheet}
	for _, path := range opt.Inputs.Plan {
		a.progress.Step("reading "+filepath.Base(path), -1)
		sum := readFile(path, lim.FileSize, &l.problems, func(src sheet.Source) {
			plan.Read(path, src, po, &l.problems, func(d *planner.Device) {
				l.devices = append(l.devices, d)
				a.progress.Add(1)
			})
		})
		l.files = append(l.files, report.Input{Path: path, Kind: "plan", SHA256: sum, AsOf: l.asOf})
	}
	a.progress.Done()
	l.devices = plan.Dedupe(l.devices, &l.problems)
	l.checkWaves()
	l.resolveAgreements()
	return l
}

// judge returns the judge for the loaded inputs.
func (l *loaded) judge() *rules.Judge {
	return rules.NewJudge(l.opt.Agreements, l.opt.Rights, l.asOf, l.keys)
}

// stateAgreements applies keys.agreements: a key that no export gives an
// agreement (a VAMT view has none) gets the one configured; a key whose
// exports name another is a problem.
func (l *loaded) stateAgreements() {
	for _, ka := range l.opt.KeyAgreements {
		found := false
		for i := range l.keys {
			k := &l.keys[i]
			if !ka.Key.Matches(k.Key) {
				continue
			}
			found = true
			switch {
			case len(k.Agreements) == 0:
				k.Agreements = []string{ka.Agreement}
			case !slices.Contains(k.Agreements, ka.Agreement):
				l.problems.Add(problem.Problem{File: l.opt.Path, Column: "keys.agreements", Message: fmt.Sprintf(
					"key %s is under agreement %s in %s, not %s as keys.agreements says", k.Key, strings.Join(k.Agreements, ", "), k.Sources[0].File, ka.Agreement)})
			}
		}
		if !found {
			l.problems.Warn(problem.Problem{File: l.opt.Path, Column: "keys.agreements", Message: fmt.Sprintf(
				"no key export has the key %s that keys.agreements names", ka.Key)})
		}
	}
}

// widenKeys applies capacity.key_covers: a key product named there (as the
// export names it, case and spacing aside) covers the listed products too.
func widenKeys(covers map[string][]string, keys []planner.Key) {
	if len(covers) == 0 {
		return
	}
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	more := map[string][]string{}
	for name, list := range covers {
		more[norm(name)] = append(more[norm(name)], list...)
	}
	for i := range keys {
		for j := range keys[i].Products {
			kp := &keys[i].Products[j]
			if list, ok := more[norm(kp.Name)]; ok {
				_ = kp.Widen(list) // checked by the configuration
			}
		}
	}
}

// readFile opens path read-only, checks its size against
// inputs.limits.file_size_mb, hands it to read and returns its SHA-256. A
// file that changes while it is read (an export still being written, a
// copy still running) is a problem: what was read may be cut short.
func readFile(path string, maxSize int64, ps *problem.Problems, read func(sheet.Source)) string {
	f, err := os.Open(path)
	if err != nil {
		ps.Add(problem.Problem{File: path, Message: "cannot open the file: " + strings.TrimPrefix(err.Error(), "open "+path+": ")})
		return ""
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil {
		ps.Add(problem.Problem{File: path, Message: "cannot read the file: " + err.Error()})
		return ""
	}
	if !before.Mode().IsRegular() {
		ps.Add(problem.Problem{File: path, Message: "not a regular file (a folder, a device or a pipe); expected a key export or a plan"})
		return ""
	}
	if before.Size() > maxSize {
		ps.Add(problem.Problem{File: path, Message: fmt.Sprintf("the file is %s, larger than the limit of %s; it is not read (inputs.limits.file_size_mb raises the limit)",
			wording.SizeText(before.Size()), wording.SizeText(maxSize))})
		return ""
	}
	src := io.NewSectionReader(f, 0, before.Size())
	// The hash is taken in a pass of its own, beside the reading.
	sum := make(chan string, 1)
	go func() {
		h := sha256.New()
		if _, err := io.Copy(h, io.NewSectionReader(f, 0, before.Size())); err != nil {
			sum <- ""
			return
		}
		sum <- hex.EncodeToString(h.Sum(nil))
	}()
	read(src)
	hash := <-sum
	after, err := f.Stat()
	if err == nil {
		if now, err := os.Stat(path); err == nil && !os.SameFile(after, now) {
			after = now // replaced by another file under the same name
		}
	}
	const stamp = "2006-01-02 15:04:05.000"
	switch {
	case err != nil || hash == "":
		ps.Add(problem.Problem{File: path, Message: "cannot read the file to its end"})
	case after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()):
		ps.Add(problem.Problem{File: path, Message: fmt.Sprintf(
			"the file changed while it was read (%s, modified %s, became %s, modified %s); what was read may be cut short: read it again once the export or copy has finished",
			wording.SizeText(before.Size()), before.ModTime().Format(stamp), wording.SizeText(after.Size()), after.ModTime().Format(stamp))})
	}
	return hash
}

// checkWaves: a wave is one name with one date. A wave name with two dates
// (or with a date on some rows and none on others) is a problem naming both,
// across every plan file: it would otherwise become two waves.
func (l *loaded) checkWaves() {
	type first struct {
		date planner.Date
		src  problem.Source
	}
	seen := map[string]first{}
	reported := map[string]bool{}
	for _, d := range l.devices {
		if d.Wave == "" {
			continue
		}
		f, ok := seen[d.Wave]
		if !ok {
			seen[d.Wave] = first{d.WaveDate, d.Source()}
			continue
		}
		if f.date.Equal(d.WaveDate) || reported[d.Wave] {
			continue
		}
		reported[d.Wave] = true
		where := fmt.Sprintf("row %d", f.src.Row)
		if f.src.File != d.Source().File {
			where += " of " + f.src.File
		}
		l.problems.Add(d.Source().At("Wave Date", "wave %q is dated %s here but %s on %s; give each wave one date (or name the two waves differently)",
			d.Wave, dateOrNone(d.WaveDate), dateOrNone(f.date), where))
	}
}

func dateOrNone(d planner.Date) string {
	if d.IsZero() {
		return "(no date)"
	}
	return d.String()
}

// resolveAgreements fills a blank Agreement when the configuration has
// exactly one, and makes every agreement the configuration does not list a
// problem naming it and its device count: its program decides reimaging
// rights, so nothing can be judged without it (docs/configuration.md).
// Devices reimaged from OEM or retail media need no program.
func (l *loaded) resolveAgreements() {
	known := map[string]bool{}
	for _, a := range l.opt.Agreements {
		known[a.Number] = true
	}
	type unknown struct {
		first problem.Source
		n     int
	}
	missing := map[string]*unknown{}
	given := map[*planner.Attrs]*planner.Attrs{} // shared attributes, given the agreement once
	for _, d := range l.devices {
		if d.Agreement == "" && len(l.opt.Agreements) == 1 {
			if a := given[d.Attrs]; a != nil {
				d.Attrs = a
			} else {
				old := d.Attrs
				d.WithAttrs(func(a *planner.Attrs) { a.Agreement = l.opt.Agreements[0].Number })
				given[old] = d.Attrs
			}
		}
		if d.Media != planner.MediaVolume || known[d.Agreement] {
			continue
		}
		u := missing[d.Agreement]
		if u == nil {
			u = &unknown{first: d.Source()}
			missing[d.Agreement] = u
		}
		u.n++
	}
	for _, number := range slices.Sorted(maps.Keys(missing)) {
		u := missing[number]
		what := wording.Plural(u.n, "device", "devices")
		if number == "" {
			l.problems.Add(u.first.At("Agreement", "%s reimaged from Commercial Licensing media name no agreement (first on this row), and the configuration has no single agreement to assume: fill the Agreement column or defaults: Agreement, and list the agreement with its program under agreements:", what))
			continue
		}
		l.problems.Add(u.first.At("Agreement", "agreement %q (%s, first on this row) is not in the configuration: its program decides whether reimaging rights exist; add it under agreements: with its program (EA, MPSA, Open Value, … or CSP for none)", number, what))
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
