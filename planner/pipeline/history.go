package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/history"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/timeline"
)

// openedHistory is the history a run reads and records in, with what it
// holds of the run's keys.
type openedHistory struct {
	db  *history.DB
	use HistoryUse
	fps map[int]string // by key index: the MAKs' fingerprints
	// past are, by key index, the key's snapshots the history held before
	// the run, oldest first.
	past map[int][]history.KeySnapshot
}

// openHistory opens the history the run keeps, nil when it keeps none. A
// history that cannot be used is a warning, and the run goes on without it,
// unless o.History is HistoryRequire: then it is the error.
func openHistory(ctx context.Context, s *Settings, o Options, keys []planner.Key) (*openedHistory, []problem.Problem, error) {
	if o.History == HistoryOff {
		return nil, nil, nil
	}
	db, err := history.Open(s.History.Path, s.History.BusyTimeout)
	if err != nil {
		w, err := historyFailed(err, o.History)
		return nil, w, err
	}
	db.WithContext(ctx)
	h := &openedHistory{db: db, use: o.History, fps: map[int]string{}, past: map[int][]history.KeySnapshot{}}
	for i, k := range keys {
		if !k.IsMAK() {
			continue
		}
		fp := db.Fingerprint(k.Key)
		h.fps[i] = fp
		ss, err := db.Snapshots(fp, history.MaxSnapshotsPerKey)
		if err != nil {
			db.Close()
			w, err := historyFailed(err, o.History)
			return nil, w, err
		}
		h.past[i] = ss
	}
	return h, nil, nil
}

// historyFailed says that the history cannot be used: a warning, or with
// HistoryRequire the error.
func historyFailed(err error, use HistoryUse) ([]problem.Problem, error) {
	if use == HistoryRequire {
		return nil, err
	}
	return []problem.Problem{{Message: fmt.Sprintf("%v; this run goes on without its history (--require-history makes this an error)", err)}}, nil
}

// Conflict is a snapshot of the run that the history contradicts: other
// counts for the key on the same day, or counts that go backwards in time.
type Conflict struct {
	Key      planner.ProductKey
	Files    []string           // the exports that hold the key
	DatedBy  planner.DateSource // what dated the run's counts, when they are the key's own
	Run      planner.Counts     // the run's snapshot
	Recorded planner.Counts     // the history's
}

// SnapshotConflict stops a run whose key exports contradict the history:
// a snapshot is never rewritten without --replace-snapshot
// (docs/history.md, "A snapshot is never rewritten").
type SnapshotConflict struct {
	Path      string
	Conflicts []Conflict
}

func (e *SnapshotConflict) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: the key exports contradict the history, which is left as it is:", e.Path)
	for _, c := range e.Conflicts {
		from := strings.Join(c.Files, ", ")
		if c.DatedBy != planner.DatedUnknown {
			from += ", dated by " + c.DatedBy.String()
		}
		if c.Run.AsOf.Equal(c.Recorded.AsOf) {
			fmt.Fprintf(&b, "\n  key %s on %s: this run reads %s (%s), the history holds %s for that day",
				c.Key, c.Run.AsOf, c.Run, from, c.Recorded)
			continue
		}
		fmt.Fprintf(&b, "\n  key %s: this run reads %s on %s (%s), the history holds %s on %s: activations are never given back",
			c.Key, c.Run, c.Run.AsOf, from, c.Recorded, c.Recorded.AsOf)
	}
	b.WriteString("\nA snapshot is never rewritten. If the export is newer than its date says (copied over a file that inputs.key_dates dates), " +
		"date it: name each export by the day it was taken (keys-2027-01-04.csv) or keep them in a folder of dated exports, and remove the fixed key_dates entry. " +
		"If the history's counts were a mistake, run again with --replace-snapshot.")
	return b.String()
}

// LookBack stops a run that judges as of a day before the newest snapshot
// the history holds of its keys: recorded, it would put an old view after
// a newer one (a year typed wrong, 2016 for 2026) and bend every burn rate
// for good. A look back runs without the history.
type LookBack struct {
	Path         string
	AsOf, Newest planner.Date
}

func (e *LookBack) Error() string {
	return fmt.Sprintf("%s: this run judges as of %s, before the history's newest snapshot of its keys (%s): it is not recorded, where it would bend every burn rate after it; to look back, run with --no-history (or correct --as-of)",
		e.Path, e.AsOf, e.Newest)
}

// newest is the newest snapshot date the history holds of the run's keys.
func (h *openedHistory) newest() planner.Date {
	var d planner.Date
	for _, ss := range h.past {
		if len(ss) > 0 && ss[len(ss)-1].AsOf.After(d) {
			d = ss[len(ss)-1].AsOf
		}
	}
	return d
}

// runSnapshots are the snapshots of the run's MAKs to record: each key's
// counts and the older counts of the run's other exports, none dated after
// today.
func runSnapshots(k *planner.Key, today planner.Date) []planner.Counts {
	out := make([]planner.Counts, 0, len(k.Earlier)+1)
	for _, c := range append(slices.Clone(k.Earlier), k.Counts()) {
		if today.IsZero() || !c.AsOf.After(today) {
			out = append(out, c)
		}
	}
	return out
}

// conflicts lists the run's snapshots that the history contradicts.
func (h *openedHistory) conflicts(keys []planner.Key, today planner.Date) []Conflict {
	var out []Conflict
	for i, past := range h.past {
		k := &keys[i]
		for _, c := range runSnapshots(k, today) {
			for _, p := range past {
				if p.AsOf.Equal(c.AsOf) && !p.Same(c) || planner.Contradicts(p.Count, c) {
					cf := Conflict{Key: k.Key, Files: sourceFiles(k), Run: c, Recorded: p.Count}
					if c.AsOf.Equal(k.AsOf) {
						cf.DatedBy = k.DatedBy
					}
					out = append(out, cf)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b Conflict) int {
		if c := strings.Compare(a.Key.Full(), b.Key.Full()); c != 0 {
			return c
		}
		return a.Run.AsOf.Compare(b.Run.AsOf)
	})
	return out
}

func sourceFiles(k *planner.Key) []string {
	var out []string
	for _, s := range k.Sources {
		if !slices.Contains(out, s.File) {
			out = append(out, s.File)
		}
	}
	return out
}

// series are, per MAK, its counts over time for capacity.past_waves:
// evidence — the history's snapshots up to the key's own, the run's older
// exports, and the key's own counts, oldest first, one a day (the run's
// where both have a day). Without a history, the run's own exports.
func series(keys []planner.Key, h *openedHistory) map[planner.ProductKey][]planner.Counts {
	out := map[planner.ProductKey][]planner.Counts{}
	for i := range keys {
		k := &keys[i]
		if !k.IsMAK() {
			continue
		}
		byDay := map[planner.Date]planner.Counts{}
		if h != nil {
			for _, p := range h.past[i] {
				if !p.AsOf.After(k.AsOf) {
					byDay[p.AsOf] = p.Count
				}
			}
		}
		for _, c := range append(slices.Clone(k.Earlier), k.Counts()) {
			byDay[c.AsOf] = c
		}
		list := make([]planner.Counts, 0, len(byDay))
		for _, c := range byDay {
			list = append(list, c)
		}
		slices.SortFunc(list, func(a, b planner.Counts) int { return a.AsOf.Compare(b.AsOf) })
		out[k.Key] = list
	}
	return out
}

// record records the run's key snapshots (every export's, none dated after
// today) and waves in the history, then works out what the history says
// (burn, runway, unexplained burn, requests). replace lets the run's
// counts replace the history's where they contradict (--replace-snapshot);
// each replacement is a warning.
func (h *openedHistory) record(l *Loaded, c *capacity.Result, poolIDs []string, o Options) (*report.HistoryView, []problem.Problem, error) {
	s := l.Settings
	var warnings []problem.Problem
	var snaps []history.KeySnapshot
	for i, fp := range h.fps {
		k := &l.Keys[i]
		for _, cnt := range runSnapshots(k, o.Today) {
			snaps = append(snaps, history.KeySnapshot{Fingerprint: fp, Last5: k.Key.Last5(), Products: strings.Join(k.ProductNames(), ", "),
				Agreement: strings.Join(k.Agreements, ", "), Count: cnt})
		}
	}
	slices.SortFunc(snaps, func(a, b history.KeySnapshot) int {
		if c := strings.Compare(a.Fingerprint, b.Fingerprint); c != 0 {
			return c
		}
		return a.AsOf.Compare(b.AsOf)
	})
	var waves []history.WaveSnapshot
	for p, pool := range c.Pools {
		for _, w := range pool.Waves {
			waves = append(waves, history.WaveSnapshot{Pool: poolIDs[p], Wave: w.Wave.Name, WaveDate: w.Wave.Date, AsOf: l.AsOf, Demand: w.Demand, Done: w.Done})
		}
	}
	if !o.Today.IsZero() && l.AsOf.After(o.Today) {
		snaps, waves = nil, nil
		warnings = append(warnings, problem.Problem{File: h.db.Path(), Message: fmt.Sprintf(
			"this run judges as of %s, after today (%s): nothing of it is recorded in the history, where a snapshot from the future would bend every burn rate after it",
			l.AsOf, o.Today)})
	}
	if o.ReplaceSnapshot {
		for _, cf := range h.conflicts(l.Keys, o.Today) {
			warnings = append(warnings, problem.Problem{File: h.db.Path(), Message: fmt.Sprintf(
				"--replace-snapshot: key %s: the history's %s of %s is replaced by this run's %s of %s", cf.Key, cf.Recorded, cf.Recorded.AsOf, cf.Run, cf.Run.AsOf)})
		}
	}
	if len(snaps) > 0 || len(waves) > 0 {
		if err := h.db.Record(l.AsOf, snaps, waves, o.ReplaceSnapshot); err != nil {
			w, err := historyFailed(err, h.use)
			return nil, append(warnings, w...), err
		}
	}
	in := report.HistoryInput{Path: h.db.Path(), AsOf: l.AsOf, Keys: l.Keys, Capacity: c, PoolIDs: poolIDs,
		Snapshots: map[int][]timeline.Count{}, KeyOf: map[string]int{},
		Settings: report.HistorySettings{Window: s.History.Window, MinRunwayDays: s.Check.MinRunwayDays,
			BurnTolerance: s.Check.BurnTolerance, FollowUpDays: s.History.FollowUpDays, HistoryEnabled: true}}
	var fps []string
	for i, fp := range h.fps {
		ss, err := h.db.Snapshots(fp, s.History.Window)
		if err != nil {
			w, err := historyFailed(err, h.use)
			return nil, append(warnings, w...), err
		}
		if len(ss) > 0 {
			counts := make([]timeline.Count, len(ss))
			for j, sn := range ss {
				counts[j] = sn.Count
			}
			in.Snapshots[i] = counts
		}
		in.KeyOf[fp] = i
		fps = append(fps, fp)
	}
	slices.Sort(fps)
	reqs, err := h.db.RequestsFor(fps)
	if err != nil {
		w, err := historyFailed(err, h.use)
		return nil, append(warnings, w...), err
	}
	in.Requests = reqs
	view := report.NewHistoryView(in)
	return view, warnings, nil
}

// RecordSent records a request that was sent (the server accepted it) in
// the history, at once: a request sent must never be sent again for want of
// a record.
func RecordSent(s *Settings, asOf planner.Date, req email.Request) error {
	h, err := history.Open(s.History.Path, s.History.BusyTimeout)
	if err != nil {
		return err
	}
	defer h.Close()
	asked := make([]history.NewRequest, len(req.Asked))
	for i, k := range req.Asked {
		asked[i] = history.NewRequest{Fingerprint: h.Fingerprint(k.Key), Requested: k.Activations}
	}
	if _, err := h.RecordRequests(asked, "", asOf); err != nil {
		return fmt.Errorf("the request to agreement %s: %w", req.Agreement, err)
	}
	return nil
}
