package pipeline

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/email"
	"github.com/makplan/makplan/planner/history"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
)

// readHistory records the run's keys and waves in the history and reads back
// what it says (burn, runway, unexplained burn, requests). A history that
// cannot be used is a warning, and the run goes on without it, unless use
// is HistoryRequire: then it is the error.
func readHistory(r *report.Report, s *Settings, use HistoryUse) (*report.HistoryView, []problem.Problem, error) {
	if use == HistoryOff {
		return nil, nil, nil
	}
	failed := func(err error) (*report.HistoryView, []problem.Problem, error) {
		if use == HistoryRequire {
			return nil, nil, err
		}
		return nil, []problem.Problem{{Message: fmt.Sprintf("%v; this run goes on without its history (--require-history makes this an error)", err)}}, nil
	}
	h, err := history.Open(s.History.Path, s.History.BusyTimeout)
	if err != nil {
		return failed(err)
	}
	defer h.Close()
	var keys []history.KeySnapshot
	fps := map[int]string{}
	for i, k := range r.Keys {
		if k.Type != planner.KeyMAK {
			continue
		}
		fp := h.Fingerprint(k.Key)
		fps[i] = fp
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
	if err := h.Record(r.AsOf, keys, waves); err != nil {
		return failed(err)
	}
	snaps := map[int][]history.KeySnapshot{}
	for i, fp := range fps {
		ss, err := h.Snapshots(fp, s.History.Window)
		if err != nil {
			return failed(err)
		}
		snaps[i] = ss
	}
	reqs, err := h.Requests()
	if err != nil {
		return failed(err)
	}
	view := r.BuildHistory(snaps, reqs, report.HistorySettings{Window: s.History.Window, MinRunwayDays: s.Check.MinRunwayDays,
		BurnTolerance: s.Check.BurnTolerance, FollowUpDays: s.History.FollowUpDays, HistoryEnabled: true}, h.Path())
	var warnings []problem.Problem
	for _, u := range view.Unexplained {
		warnings = append(warnings, problem.Problem{File: h.Path(), Message: fmt.Sprintf(
			"pool %s used %s from %s to %s, but the plan's waves in that time have %s: %s unexplained (reimages outside the plan, or a leaked key?)",
			u.Pool, wording.Plural(u.Used, "activation", "activations"), u.From, u.To, wording.Plural(u.Explained, "device", "devices"),
			wording.Plural(u.Excess, "activation", "activations"))})
	}
	return view, warnings, nil
}

// RecordSent records the requests that were sent in the history; what
// cannot be recorded is returned as warnings (the requests are sent all the
// same).
func RecordSent(s *Settings, asOf planner.Date, reqs []email.Request) []problem.Problem {
	h, err := history.Open(s.History.Path, s.History.BusyTimeout)
	if err != nil {
		return []problem.Problem{{Message: fmt.Sprintf("the requests were sent but not recorded: %v", err)}}
	}
	defer h.Close()
	var out []problem.Problem
	for _, req := range reqs {
		for _, k := range req.Asked {
			if _, err := h.RecordRequest(h.Fingerprint(k.Key), k.Activations, "", asOf); err != nil {
				out = append(out, problem.Problem{Message: fmt.Sprintf("the request for %s was sent but not recorded: %v", k.Key, err)})
			}
		}
	}
	return out
}
