package pipeline

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/history"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
)

// openedHistory is the history a run reads and records in.
type openedHistory struct {
	db  *history.DB
	use HistoryUse
}

// openHistory opens the history the run keeps, nil when it keeps none. A
// history that cannot be used is a warning, and the run goes on without it,
// unless o.History is HistoryRequire: then it is the error.
func openHistory(s *Settings, o Options) (*openedHistory, []problem.Problem, error) {
	if o.History == HistoryOff {
		return nil, nil, nil
	}
	db, err := history.Open(s.History.Path, s.History.BusyTimeout)
	if err != nil {
		w, err := historyFailed(err, o.History)
		return nil, w, err
	}
	return &openedHistory{db: db, use: o.History}, nil, nil
}

// historyFailed says that the history cannot be used: a warning, or with
// HistoryRequire the error.
func historyFailed(err error, use HistoryUse) ([]problem.Problem, error) {
	if use == HistoryRequire {
		return nil, err
	}
	return []problem.Problem{{Message: fmt.Sprintf("%v; this run goes on without its history (--require-history makes this an error)", err)}}, nil
}

// priors returns, per MAK, its latest snapshot in the history before the
// export's own, with a used count: what capacity.past_waves: evidence sets
// the devices taken as done against. A history that cannot be read gives none.
func (h *openedHistory) priors(keys []planner.Key) map[planner.ProductKey]capacity.Prior {
	out := map[planner.ProductKey]capacity.Prior{}
	for _, k := range keys {
		if k.Type != planner.KeyMAK {
			continue
		}
		ss, err := h.db.Snapshots(h.db.Fingerprint(k.Key), 0)
		if err != nil {
			return nil
		}
		for i := len(ss) - 1; i >= 0; i-- {
			if used, ok := ss[i].UsedCount(); ok && ss[i].AsOf.Before(k.AsOf) {
				out[k.Key] = capacity.Prior{AsOf: ss[i].AsOf, Used: used}
				break
			}
		}
	}
	return out
}

// record records the run's keys and waves in the history and reads back
// what it says (burn, runway, unexplained burn, requests). A snapshot dated
// after the day of the run is never recorded: it would stay in the history
// and bend every burn rate after it.
func (h *openedHistory) record(r *report.Report, s *Settings, o Options) (*report.HistoryView, []problem.Problem, error) {
	var warnings []problem.Problem
	var keys []history.KeySnapshot
	fps := map[int]string{}
	future := 0
	for i, k := range r.Keys {
		if k.Type != planner.KeyMAK {
			continue
		}
		fp := h.db.Fingerprint(k.Key)
		fps[i] = fp
		if !o.Today.IsZero() && k.AsOf.After(o.Today) {
			future++
			continue
		}
		keys = append(keys, history.KeySnapshot{Fingerprint: fp, Last5: k.Key.Last5(), AsOf: k.AsOf,
			Products: strings.Join(k.ProductNames(), ", "), Agreement: strings.Join(k.Agreements, ", "),
			Limit: k.Limit, Used: k.Used, Remaining: k.Remaining})
	}
	var waves []history.WaveSnapshot
	for p, pool := range r.Capacity.Pools {
		for _, w := range pool.Waves {
			waves = append(waves, history.WaveSnapshot{Pool: r.PoolID(p), Wave: w.Wave.Name, WaveDate: w.Wave.Date, AsOf: r.AsOf, Demand: w.Demand, Done: w.Done})
		}
	}
	switch {
	case !o.Today.IsZero() && r.AsOf.After(o.Today):
		keys, waves = nil, nil
		warnings = append(warnings, problem.Problem{File: h.db.Path(), Message: fmt.Sprintf(
			"this run judges as of %s, after today (%s): nothing of it is recorded in the history, where a snapshot from the future would bend every burn rate after it",
			r.AsOf, o.Today)})
	case future > 0:
		warnings = append(warnings, problem.Problem{File: h.db.Path(), Message: fmt.Sprintf(
			"%s dated after today (%s) not recorded in the history (inputs.key_dates?): a snapshot from the future would bend every burn rate after it",
			wording.Plural(future, "key snapshot is", "key snapshots are"), o.Today)})
	}
	if len(keys) > 0 || len(waves) > 0 {
		if err := h.db.Record(r.AsOf, keys, waves); err != nil {
			w, err := historyFailed(err, h.use)
			return nil, append(warnings, w...), err
		}
	}
	snaps := map[int][]history.KeySnapshot{}
	for i, fp := range fps {
		ss, err := h.db.Snapshots(fp, s.History.Window)
		if err != nil {
			w, err := historyFailed(err, h.use)
			return nil, append(warnings, w...), err
		}
		if len(ss) > 0 {
			snaps[i] = ss
		}
	}
	reqs, err := h.db.Requests()
	if err != nil {
		w, err := historyFailed(err, h.use)
		return nil, append(warnings, w...), err
	}
	view := r.BuildHistory(snaps, reqs, report.HistorySettings{Window: s.History.Window, MinRunwayDays: s.Check.MinRunwayDays,
		BurnTolerance: s.Check.BurnTolerance, FollowUpDays: s.History.FollowUpDays, HistoryEnabled: true}, h.db.Path())
	for _, u := range view.Unexplained {
		warnings = append(warnings, problem.Problem{File: h.db.Path(), Message: fmt.Sprintf(
			"pool %s used %s from %s to %s, but the plan's waves in that time have %s: %s unexplained (reimages outside the plan, or a leaked key?)",
			u.Pool, wording.Plural(u.Used, "activation", "activations"), u.From, u.To, wording.Plural(u.Explained, "device", "devices"),
			wording.Plural(u.Excess, "activation", "activations"))})
	}
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
	for _, k := range req.Asked {
		if _, err := h.RecordRequest(h.Fingerprint(k.Key), k.Activations, "", asOf); err != nil {
			return fmt.Errorf("the request for %s: %w", k.Key, err)
		}
	}
	return nil
}
