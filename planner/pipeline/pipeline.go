// Package pipeline owns one makplan run: it reads the key exports and the plans,
// settles what the configuration says of the keys (their agreements, what
// they cover) and of the devices (one date per wave, their agreements),
// judges every device, plans capacity, records the run in the history and
// reads back what the history says, and returns one Report that no command
// changes afterwards, with every warning of the run in it. It prints
// nothing: the commands print the report and its warnings.
package pipeline

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/esu"
	"github.com/makplan/makplan/planner/keys"
	"github.com/makplan/makplan/planner/plan"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// Progress hears how the reading goes (a progress bar on a terminal).
type Progress interface {
	Step(what string, total int) // a new step; total -1 when unknown
	Add(n int)                   // n more rows read
	Done()                       // the step is over
}

// HistoryUse says what a run does with the history (docs/history.md).
type HistoryUse uint8

// The uses.
const (
	HistoryOff     HistoryUse = iota // neither read nor written
	HistoryKeep                      // recorded and read; a history that cannot be used is a warning
	HistoryRequire                   // the same, but a history that cannot be used stops the run
)

// Options are the circumstances of a run besides its settings: the day it
// runs on, the makplan version that runs it, its progress display and what
// it does with the history.
type Options struct {
	Today    planner.Date
	Version  string
	Progress Progress
	History  HistoryUse
	// ReplaceSnapshot lets the run's key counts replace the history's
	// where they contradict (--replace-snapshot): a correction.
	ReplaceSnapshot bool
}

// Loaded is what the inputs hold, read and settled: the keys, the devices,
// the files with their hashes, and every problem and warning found.
type Loaded struct {
	Settings *Settings
	KeyFiles []string // the key exports read: inputs.keys with folders expanded
	AsOf     planner.Date
	Keys     []planner.Key
	Devices  []*planner.Device
	// Staying are the Windows 10 rows with no target: devices the plan
	// keeps on Windows 10, planned for ESU only.
	Staying  []*planner.Device
	Files    []report.Input
	Problems problem.Problems
}

// Load reads every input the settings name and reports every problem in
// the result: it stops at nothing.
func Load(s *Settings, o Options) *Loaded {
	p := o.Progress
	if p == nil {
		p = noProgress{}
	}
	l := &Loaded{Settings: s, AsOf: s.AsOf(o.Today)}
	if len(s.Inputs.Keys) == 0 {
		l.Problems.Add(problem.Problem{File: s.Path, Column: "inputs.keys", Message: "expected at least one key export (inputs.keys or --keys)"})
	}
	if len(s.Inputs.Plan) == 0 {
		l.Problems.Add(problem.Problem{File: s.Path, Column: "inputs.plan", Message: "expected at least one reimaging plan (inputs.plan or --plan)"})
	}
	lim := s.Inputs.Limits
	var records []planner.Key
	var newest planner.Date // the newest key export
	entries := expandFolders(s.Inputs.Keys, &l.Problems)
	l.KeyFiles = Files(entries)
	for _, e := range entries {
		path := e.Path
		first := len(records)
		sum := readFile(path, lim.FileSize, &l.Problems, func(src sheet.Source) {
			records = append(records, keys.Read(path, src, keys.Options{Aliases: s.Inputs.Aliases, Sheet: orDefault(e.Sheet, s.Inputs.KeysSheet),
				MaxDepth: lim.XMLDepth, Limits: lim.Sheet, DateOrder: s.Inputs.orderFor(e), Ignore: s.Inputs.IgnoreColumns}, &l.Problems)...)
		})
		if sum == "" {
			continue // not read: a problem already says why
		}
		asOf, by := l.dateExport(path, records[first:], o.Today)
		l.Files = append(l.Files, report.Input{Path: path, Kind: "keys", SHA256: sum, AsOf: asOf, DatedBy: by})
		if asOf.After(newest) {
			newest = asOf
		}
	}
	if !newest.IsZero() && l.AsOf.After(newest.AddDays(90)) {
		l.Problems.Warn(problem.Problem{Message: fmt.Sprintf(
			"the run judges as of %s, %s after the newest key export (%s): its remaining counts are stale; export the keys again (or set inputs.key_dates if the files' dates mislead)",
			l.AsOf, wording.Plural(l.AsOf.DaysSince(newest), "day", "days"), newest)})
	}
	l.checkKeyDates()
	l.Keys = planner.MergeKeys(records, &l.Problems)
	l.stateAgreements()
	planner.WidenKeys(l.Keys, s.KeyCovers)
	planner.CheckKeyProducts(l.Keys, &l.Problems)
	l.esuYears()
	l.checkPurchases()
	for _, e := range s.Inputs.Plan {
		path := e.Path
		po := plan.Options{Defaults: s.Defaults, Aliases: s.Inputs.Aliases, Sheet: orDefault(e.Sheet, s.Inputs.PlanSheet),
			ReportUnrecognised: s.Inputs.ReportUnrecognised, DateOrder: s.Inputs.orderFor(e), Limits: lim.Sheet, Ignore: s.Inputs.IgnoreColumns}
		p.Step("reading "+filepath.Base(path), -1)
		sum := readFile(path, lim.FileSize, &l.Problems, func(src sheet.Source) {
			plan.Read(path, src, po, &l.Problems, func(d *planner.Device) {
				l.Devices = append(l.Devices, d)
				p.Add(1)
			})
		})
		l.Files = append(l.Files, report.Input{Path: path, Kind: "plan", SHA256: sum, AsOf: l.AsOf})
	}
	p.Done()
	l.Devices = plan.Dedupe(l.Devices, &l.Problems)
	l.Devices, l.Staying = plan.SplitStaying(l.Devices)
	l.checkWaves()
	l.resolveAgreements()
	return l
}

type noProgress struct{}

func (noProgress) Step(string, int) {}
func (noProgress) Add(int)          {}
func (noProgress) Done()            {}

// DeviceCount counts the distinct devices: a device with Windows and Office
// is two rows, one device.
func (l *Loaded) DeviceCount() int { return planner.CountDevices(l.Devices) }

// MAKs counts the MAKs among the keys.
func (l *Loaded) MAKs() int {
	n := 0
	for _, k := range l.Keys {
		if k.Type == planner.KeyMAK {
			n++
		}
	}
	return n
}

// ESUKeys counts the Windows 10 ESU keys among the keys.
func (l *Loaded) ESUKeys() int {
	n := 0
	for _, k := range l.Keys {
		if k.Type == planner.KeyESU {
			n++
		}
	}
	return n
}

// Plan reads the inputs and computes the whole result: verdicts, capacity
// and, unless o.History is HistoryOff, the history's view after recording
// the run in it. Input problems stop it with a *problem.InputError, key
// exports that contradict the history with a *SnapshotConflict; the
// warnings found so far are returned either way, in the order found.
func Plan(ctx context.Context, s *Settings, o Options) (*report.Report, []problem.Problem, error) {
	l := Load(s, o)
	if err := l.Problems.Err(); err != nil {
		return nil, l.Problems.Warnings, err
	}
	return l.Build(ctx, o)
}

// Build computes the result of inputs loaded without problems: what Plan
// does after Load, one step after the other — the history read, the
// verdicts, the capacity plan, the run recorded and the history's view —
// and hands the finished parts to report.New. validate calls it with
// HistoryOff, so that it says every warning a plan would.
func (l *Loaded) Build(ctx context.Context, o Options) (*report.Report, []problem.Problem, error) {
	s := l.Settings
	warnings := slices.Clone(l.Problems.Warnings)
	hist, w, err := openHistory(ctx, s, o, l.Keys)
	warnings = append(warnings, w...)
	if err != nil {
		return nil, warnings, err
	}
	if hist != nil {
		defer hist.db.Close()
		// Nothing is recorded when the exports contradict the history, or
		// when the run looks back before what the history already holds.
		if cs := hist.conflicts(l.Keys, o.Today); len(cs) > 0 && !o.ReplaceSnapshot {
			return nil, warnings, &SnapshotConflict{Path: hist.db.Path(), Conflicts: cs}
		}
		if newest := hist.newest(); l.AsOf.Before(newest) {
			return nil, warnings, &LookBack{Path: hist.db.Path(), AsOf: l.AsOf, Newest: newest}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, warnings, err
	}
	judge := rules.NewJudge(s.Agreements, s.Rights, l.AsOf, l.Keys)
	judge.SAFromProgram = s.SAFromProgram
	judged := report.JudgeAll(judge, l.Devices)
	capa := s.Capacity
	if capa.PastWaves == capacity.PastWavesEvidence {
		capa.Series = series(l.Keys, hist)
	}
	plan := capacity.Plan(l.Keys, l.Devices, judged, capa)
	// Windows 10 ESU: its activations planned over the ESU keys, pools of
	// their own merged into the plan's (docs/rules.md).
	esuPlan := esu.Plan(l.Devices, l.Staying, l.Keys, l.AsOf, capa)
	plan.Merge(esuPlan.Capacity)
	esuPlan.Release()
	warnings = append(warnings, esuPlan.Warnings...)
	if err := ctx.Err(); err != nil {
		return nil, warnings, err
	}
	var view *report.HistoryView
	if hist != nil {
		v, w, err := hist.record(l, plan, report.PoolIDs(l.Keys, plan), o)
		warnings = append(warnings, w...)
		if err != nil {
			return nil, warnings, err
		}
		view = v
	}
	r := report.New(report.Basis{
		Version: o.Version, AsOf: l.AsOf, Inputs: l.Files, Customer: s.Customer, Agreements: s.Agreements,
		Keys: l.Keys, Devices: l.Devices, Judge: judge, Judged: judged, Settings: capa, Capacity: plan, ESU: esuPlan,
		Check: s.Check, History: view, Warnings: warnings,
	})
	return r, r.Warnings, nil
}

// checkKeyDates warns of an inputs.key_dates entry for a file that is not
// among the key exports read (after --keys replaced the list, say): its
// date dates nothing, and the export read is taken as of the as-of day.
func (l *Loaded) checkKeyDates() {
	read := map[string]bool{}
	for _, p := range l.KeyFiles {
		read[absPath(p)] = true
	}
	for _, p := range slices.Sorted(maps.Keys(l.Settings.Inputs.KeyDates)) {
		if !read[absPath(p)] {
			l.Problems.Warn(problem.Problem{File: l.Settings.Path, Column: "inputs.key_dates", Message: fmt.Sprintf(
				"%s is dated %s, but it is not among the key exports read (%s): the date dates nothing; list the export under inputs.keys, or date the one read",
				p, l.Settings.Inputs.KeyDates[p], strings.Join(l.KeyFiles, ", "))})
		}
	}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// esuYears applies keys.esu_years to the Windows 10 ESU keys, and makes a
// problem of an ESU key whose years nothing gives: its activations cannot
// be planned (docs/rules.md, "Windows 10 Extended Security Updates").
func (l *Loaded) esuYears() {
	s := l.Settings
	for _, ey := range s.ESUYears {
		named := l.keysNamed(ey.Key)
		if len(named) == 0 {
			l.Problems.Warn(problem.Problem{File: s.Path, Column: "keys.esu_years", Message: fmt.Sprintf("no key export has the key %s that keys.esu_years names", ey.Key)})
		}
		for _, k := range named {
			if k.Type != planner.KeyESU {
				l.Problems.Warn(problem.Problem{File: s.Path, Column: "keys.esu_years", Message: fmt.Sprintf(
					"key %s is a %s key, not one for Windows 10 ESU (its product: %s): keys.esu_years does not apply to it", k.Key, k.Type, productNames(k))})
				continue
			}
			var covers []*planner.Product
			for _, n := range ey.Years.Years() {
				covers = append(covers, planner.ESUProduct(n))
			}
			if named := k.ESUYears(); named != 0 && named != ey.Years {
				l.Problems.Warn(problem.Problem{File: s.Path, Column: "keys.esu_years", Message: fmt.Sprintf(
					"key %s: its export names ESU years %s, keys.esu_years says %s; keys.esu_years is used", k.Key, named, ey.Years)})
			}
			for j := range k.Products {
				k.Products[j].Covers = covers
			}
		}
	}
	for _, k := range l.Keys {
		if k.Type == planner.KeyESU && k.ESUYears() == 0 {
			l.Problems.Add(k.Sources[0].At("", "key %s (%s) is a Windows 10 ESU key, but neither its name nor anything else says which ESU years it activates: name them in the configuration, keys.esu_years: {%s: [2]} (years 1 to %d)",
				k.Key, productNames(&k), k.Key.Last5(), len(planner.ESUYears)))
		}
	}
}

func productNames(k *planner.Key) string {
	var names []string
	for _, kp := range k.Products {
		names = append(names, kp.Name)
	}
	if len(names) == 0 {
		return "none given"
	}
	return strings.Join(names, ", ")
}

// stateAgreements applies keys.agreements: a key that no export gives an
// agreement (a VAMT view has none) gets the one configured; a key whose
// exports name another is a problem.
func (l *Loaded) stateAgreements() {
	s := l.Settings
	for _, ka := range s.KeyAgreements {
		named := l.keysNamed(ka.Key)
		if len(named) == 0 {
			l.Problems.Warn(problem.Problem{File: s.Path, Column: "keys.agreements", Message: fmt.Sprintf(
				"no key export has the key %s that keys.agreements names", ka.Key)})
		}
		for _, k := range named {
			switch {
			case len(k.Agreements) == 0:
				k.Agreements = []string{ka.Agreement}
			case !slices.Contains(k.Agreements, ka.Agreement):
				l.Problems.Add(problem.Problem{File: s.Path, Column: "keys.agreements", Message: fmt.Sprintf(
					"key %s is under agreement %s in %s, not %s as keys.agreements says", k.Key, strings.Join(k.Agreements, ", "), k.Sources[0].File, ka.Agreement)})
			}
		}
	}
}

// keysNamed are the exports' keys that a key in the configuration names
// (whole, or by its last five characters).
func (l *Loaded) keysNamed(ref planner.KeyRef) []*planner.Key {
	var out []*planner.Key
	for i := range l.Keys {
		if ref.Matches(l.Keys[i].Key) {
			out = append(out, &l.Keys[i])
		}
	}
	return out
}

// checkPurchases warns where the configuration records no licence of a
// product bought under an Open agreement while the key exports hold a key
// of that agreement for it: the key is the proof of purchase (the brief,
// Q7) and wins; the configuration is likely out of date (docs/rules.md,
// "What an explanation shows").
func (l *Loaded) checkPurchases() {
	for _, a := range l.Settings.Agreements {
		if !a.Program.IsOpen() {
			continue
		}
		for _, b := range a.Bought {
			if b.Count != 0 {
				continue
			}
		keys:
			for _, k := range l.Keys {
				if (k.Type != planner.KeyMAK && k.Type != planner.KeyKMS) || !slices.Contains(k.Agreements, a.Number) {
					continue
				}
				for _, p := range b.Products {
					if k.Covers(p) {
						l.Problems.Warn(k.Sources[0].At("", "agreements: %s (%s) records 0 licences of %s bought (licenses_bought), but this %s key %s is under that agreement for it: the key proves the purchase and wins; correct licenses_bought in %s",
							a.Number, a.Program, b.Name, k.Type, k.Key, orNone(l.Settings.Path)))
						break keys
					}
				}
			}
		}
	}
}

func orNone(path string) string {
	if path == "" {
		return "the configuration"
	}
	return path
}

// checkWaves: a wave is one name with one date. A wave name with two dates
// (or with a date on some rows and none on others) is a problem naming both,
// across every plan file: it would otherwise become two waves.
func (l *Loaded) checkWaves() {
	type first struct {
		date planner.Date
		src  problem.Source
	}
	seen := map[string]first{}
	reported := map[string]bool{}
	for _, d := range l.Devices {
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
		l.Problems.Add(d.Source().At("Wave Date", "wave %q is dated %s here but %s on %s; give each wave one date (or name the two waves differently)",
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
func (l *Loaded) resolveAgreements() {
	ags := l.Settings.Agreements
	known := map[string]bool{}
	for _, a := range ags {
		known[a.Number] = true
	}
	type unknown struct {
		first problem.Source
		n     int
	}
	missing := map[string]*unknown{}
	given := map[*planner.Attrs]*planner.Attrs{} // shared attributes, given the agreement once
	for _, d := range l.Devices {
		if d.Agreement == "" && len(ags) == 1 {
			if a := given[d.Attrs]; a != nil {
				d.Attrs = a
			} else {
				old := d.Attrs
				d.WithAttrs(func(a *planner.Attrs) { a.Agreement = ags[0].Number })
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
			l.Problems.Add(u.first.At("Agreement", "%s reimaged from Commercial Licensing media name no agreement (first on this row), and the configuration has no single agreement to assume: fill the Agreement column or defaults: Agreement, and list the agreement with its program under agreements:", what))
			continue
		}
		l.Problems.Add(u.first.At("Agreement", "agreement %q (%s, first on this row) is not in the configuration: its program decides whether reimaging rights exist; add it under agreements: with its program (EA, MPSA, Open Value, … or CSP for none)", number, what))
	}
}
