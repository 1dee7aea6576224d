package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/history"
)

// HistoryView is what the history (docs/history.md) says about this run's
// keys and pools: burn rates and runways, activations used that no plan
// explains, and the increase requests. Nil when the run keeps no history.
type HistoryView struct {
	Path        string
	Keys        []KeyHistory
	Pools       []PoolHistory // in the order of Capacity.Pools
	Unexplained []UnexplainedBurn
	Requests    []history.Request
	FollowUp    []history.Request // open and older than requests.follow_up_days
	Settings    HistorySettings
}

// HistorySettings are the thresholds the history is judged by.
type HistorySettings struct {
	Window         int // snapshots the burn rate is fitted over
	MinRunwayDays  int // check.min_runway_days; 0: no alert
	BurnTolerance  int // check.burn_tolerance
	FollowUpDays   int // requests.follow_up_days
	HistoryEnabled bool
}

// KeyHistory is one key's snapshots and burn.
type KeyHistory struct {
	Key       planner.ProductKey    `json:"key"`
	Pool      string                `json:"pool,omitempty"`
	Burn      history.Burn          `json:"burn"`
	Snapshots []history.KeySnapshot `json:"-"`
}

// PoolHistory is a pool's burn: the sum of its keys' slopes.
type PoolHistory struct {
	Pool      string       `json:"pool"`
	Products  string       `json:"products"`
	Remaining int          `json:"remaining"`
	Burn      history.Burn `json:"burn"`
}

// UnexplainedBurn is activations a pool's keys used between two snapshots
// beyond the devices the plan has in waves of that interval.
type UnexplainedBurn struct {
	Pool      string   `json:"pool"`
	Keys      []string `json:"keys"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Used      int      `json:"used"`      // the rise of the used counts
	Explained int      `json:"explained"` // devices of the pool's waves in the interval
	Excess    int      `json:"excess"`
}

// BuildHistory computes the view from each key's recorded snapshots
// (snaps, by key index; the latest window of them).
func (r *Report) BuildHistory(snaps map[int][]history.KeySnapshot, requests []history.Request, s HistorySettings, path string) *HistoryView {
	h := &HistoryView{Path: path, Requests: requests, Settings: s}
	c := r.Capacity
	slopes := map[int]float64{}
	for k, ss := range snaps {
		kh := KeyHistory{Key: r.Keys[k].Key, Snapshots: ss}
		if p := c.Keys[k].Pool; p >= 0 {
			kh.Pool = r.PoolID(p)
		}
		if slope, ok := history.Slope(ss); ok {
			last := ss[len(ss)-1]
			kh.Burn = history.BurnOf(slope, last.Remaining, last.AsOf, r.AsOf)
			slopes[k] = slope
		}
		h.Keys = append(h.Keys, kh)
	}
	sort.Slice(h.Keys, func(i, j int) bool { return h.Keys[i].Key.Less(h.Keys[j].Key) })
	for p, pool := range c.Pools {
		ph := PoolHistory{Pool: r.PoolID(p), Products: strings.Join(pool.Products, ", "), Remaining: pool.Remaining}
		sum, all := 0.0, true
		var last planner.Date
		for _, k := range pool.Keys {
			slope, ok := slopes[k]
			if !ok {
				all = false
				break
			}
			sum += slope
			if ss := snaps[k]; ss[len(ss)-1].AsOf.After(last) {
				last = ss[len(ss)-1].AsOf
			}
		}
		if all && len(pool.Keys) > 0 {
			ph.Burn = history.BurnOf(sum, pool.Remaining, last, r.AsOf)
		}
		h.Pools = append(h.Pools, ph)
		if u, ok := r.unexplained(p, snaps, s.BurnTolerance); ok {
			h.Unexplained = append(h.Unexplained, u)
		}
	}
	for _, q := range requests {
		if q.Granted == nil && r.AsOf.DaysSince(q.On) > s.FollowUpDays {
			h.FollowUp = append(h.FollowUp, q)
		}
	}
	return h
}

// unexplained compares the rise of a pool's used counts between each key's
// last two snapshots with the devices the plan has in the pool's waves of
// that interval (done or not: their waves fell); ok when the excess is
// above the tolerance.
func (r *Report) unexplained(p int, snaps map[int][]history.KeySnapshot, tolerance int) (UnexplainedBurn, bool) {
	c := r.Capacity
	u := UnexplainedBurn{Pool: r.PoolID(p)}
	var from, to planner.Date
	for _, k := range c.Pools[p].Keys {
		ss := snaps[k]
		if len(ss) < 2 {
			return u, false
		}
		a, b := ss[len(ss)-2], ss[len(ss)-1]
		ua, okA := a.UsedCount()
		ub, okB := b.UsedCount()
		if !okA || !okB {
			return u, false
		}
		u.Used += ub - ua
		u.Keys = append(u.Keys, r.Keys[k].Key.Masked())
		if from.IsZero() || a.AsOf.Before(from) {
			from = a.AsOf
		}
		if b.AsOf.After(to) {
			to = b.AsOf
		}
	}
	for _, w := range c.Pools[p].Waves {
		if w.Wave.Date.After(from) && !w.Wave.Date.After(to) {
			u.Explained += w.Demand + w.Done
		}
	}
	u.From, u.To = from.String(), to.String()
	u.Excess = u.Used - u.Explained
	return u, len(u.Keys) > 0 && u.Excess > tolerance
}

// historyBreaches are the history's alerts: RUNWAY when a pool runs out
// within check.min_runway_days at its pace, BURN for activations no plan
// explains, FOLLOW-UP for requests left unanswered.
func (r *Report) historyBreaches() []Breach {
	h := r.History
	if h == nil {
		return nil
	}
	var out []Breach
	for _, ph := range h.Pools {
		if h.Settings.MinRunwayDays > 0 && ph.Burn.RunwayDays != nil && *ph.Burn.RunwayDays < h.Settings.MinRunwayDays {
			out = append(out, Breach{Kind: "RUNWAY", Pool: ph.Pool, Product: ph.Products, Line: fmt.Sprintf(
				"makplan: RUNWAY pool=%s product=%q runway_days=%d min_runway_days=%d burn_per_30_days=%.1f exhausted_on=%s",
				ph.Pool, ph.Products, *ph.Burn.RunwayDays, h.Settings.MinRunwayDays, *ph.Burn.Per30, ph.Burn.ExhaustedOn)})
		}
	}
	for _, u := range h.Unexplained {
		product := ""
		for _, ph := range h.Pools {
			if ph.Pool == u.Pool {
				product = ph.Products
			}
		}
		out = append(out, Breach{Kind: "BURN", Pool: u.Pool, Product: product, Line: fmt.Sprintf(
			"makplan: BURN pool=%s product=%q used=%d explained=%d excess=%d from=%s to=%s tolerance=%d (activations used that the plan's waves do not explain: reimages outside the plan, or a leaked key)",
			u.Pool, product, u.Used, u.Explained, u.Excess, u.From, u.To, h.Settings.BurnTolerance)})
	}
	for _, q := range h.FollowUp {
		ticket := q.Ticket
		if ticket == "" {
			ticket = "-"
		}
		out = append(out, Breach{Kind: "FOLLOW-UP", Pool: q.Key, Line: fmt.Sprintf(
			"makplan: FOLLOW-UP key=%s requested=%d on=%s ticket=%s days_open=%d (no higher limit in the exports since)",
			q.Key, q.Requested, q.On, ticket, r.AsOf.DaysSince(q.On))})
	}
	return out
}
