package report

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/timeline"
	"github.com/makplan/makplan/planner/wording"
)

// HistoryView is what the history (docs/history.md) says about this run's
// keys and pools: burn rates and runways, activations used that no plan
// explains, and the increase requests with where each stands. Nil when the
// run keeps no history. It is worked out once (NewHistoryView); the
// commands and writers only show it.
type HistoryView struct {
	Path     string
	Keys     []KeyHistory
	Pools    []PoolHistory   // in the order of Capacity.Pools
	Requests []RequestStatus // the requests of the run's keys, oldest first
	Settings HistorySettings
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
	Key       planner.ProductKey `json:"key"`
	Pool      string             `json:"pool,omitempty"`
	Burn      timeline.Burn      `json:"burn"`
	Snapshots []timeline.Count   `json:"-"`
}

// PoolHistory is a pool's burn: the sum of its keys' slopes.
type PoolHistory struct {
	Pool      string        `json:"pool"`
	Products  string        `json:"products"`
	Remaining int           `json:"remaining"`
	Burn      timeline.Burn `json:"burn"`
}

// UnexplainedBurn is activations a pool's keys used between their last
// two snapshots that no device of the plan's past waves accounts for
// (capacity.Unexplained), above check.burn_tolerance.
type UnexplainedBurn struct {
	Pool      string   `json:"pool"`
	Keys      []string `json:"keys"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Used      int      `json:"used"`      // the rise of the used counts
	Explained int      `json:"explained"` // of it, given to devices of past waves
	Excess    int      `json:"excess"`
}

// RequestStatus is a request with where it stands on the day judged, in
// the words request list, the History sheet and check share.
type RequestStatus struct {
	timeline.Request
	Status   timeline.Status `json:"status"`
	DaysOpen int             `json:"days_open"`
	KeyIndex int             `json:"-"` // the key in Report.Keys; -1 when the run has not read it
}

// Describe says where the request stands: "open, 12 days", "granted 200
// on 2026-11-26".
func (q RequestStatus) Describe(on planner.Date, followUpDays int) string {
	return q.Request.Describe(on, followUpDays)
}

// FollowUp are the requests open longer than requests.follow_up_days, a
// key's together, oldest first.
func (h *HistoryView) FollowUp() []RequestStatus {
	var out []RequestStatus
	for _, q := range h.Requests {
		if q.Status == timeline.FollowUp {
			out = append(out, q)
		}
	}
	slices.SortStableFunc(out, func(a, b RequestStatus) int { return strings.Compare(a.Fingerprint, b.Fingerprint) })
	return out
}

// OpenFor are the requests still open (or due for follow-up) on key k (an
// index into Report.Keys), oldest first. Requests are matched by the key's
// fingerprint, never by its last five characters alone.
func (h *HistoryView) OpenFor(k int) []RequestStatus {
	if h == nil {
		return nil
	}
	var out []RequestStatus
	for _, q := range h.Requests {
		if q.KeyIndex == k && q.IsOpen() {
			out = append(out, q)
		}
	}
	return out
}

// OpenRequestLines says, for each of the keys (indexes into Report.Keys)
// with a request still open, what was asked and how long ago: "open
// request on XXXXX-XXXXX-XXXXX-XXXXX-VF68T: 12 activations asked on
// 2026-11-01, due for follow-up, 35 days open". A new request does not
// subtract what is asked there: nothing is known to be granted.
func (r *Report) OpenRequestLines(keys []int) []string {
	const listed = 3 // a key's open requests named; the rest counted
	var out []string
	for _, k := range keys {
		open := r.History.OpenFor(k)
		for i, q := range open {
			if i == listed {
				out = append(out, fmt.Sprintf("and %d more open requests on %s", len(open)-listed, r.Keys[k].Key))
				break
			}
			out = append(out, fmt.Sprintf("open request on %s: %s asked on %s, %s", r.Keys[k].Key,
				wording.Plural(q.Requested, "activation", "activations"), q.On, q.Describe(r.AsOf, r.History.Settings.FollowUpDays)))
		}
	}
	return out
}

// AlreadyAsked returns an open request on key k (matched by its
// fingerprint) that asks for n activations or more: a request that need
// not be sent again; ok is false when there is none.
func (r *Report) AlreadyAsked(k planner.ProductKey, n int) (RequestStatus, bool) {
	for _, q := range r.History.OpenFor(r.KeyIndex(k)) {
		if q.Requested >= n {
			return q, true
		}
	}
	return RequestStatus{}, false
}

// HistoryInput is what a history view is worked out from.
type HistoryInput struct {
	Path     string
	AsOf     planner.Date
	Keys     []planner.Key
	Capacity *capacity.Result
	PoolIDs  []string
	// Snapshots are, by key index, the key's latest Window snapshots.
	Snapshots map[int][]timeline.Count
	// Requests are the requests of the run's keys, each with the index of
	// its key.
	Requests []timeline.Request
	KeyOf    map[string]int // a request's fingerprint → its key's index
	Settings HistorySettings
}

// NewHistoryView works the view out: each key's and pool's burn and
// runway, the unexplained burn, and where each request stands.
func NewHistoryView(in HistoryInput) *HistoryView {
	h := &HistoryView{Path: in.Path, Settings: in.Settings}
	c := in.Capacity
	slopes := map[int]float64{}
	for k, ss := range in.Snapshots {
		kh := KeyHistory{Key: in.Keys[k].Key, Snapshots: ss, Burn: timeline.BurnOver(ss, in.Settings.Window, in.AsOf)}
		if p := c.Keys[k].Pool; p >= 0 {
			kh.Pool = in.PoolIDs[p]
		}
		if kh.Burn.Per30 != nil {
			slopes[k] = kh.Burn.PerDay
		}
		h.Keys = append(h.Keys, kh)
	}
	sort.Slice(h.Keys, func(i, j int) bool { return h.Keys[i].Key.Less(h.Keys[j].Key) })
	for p, pool := range c.Pools {
		ph := PoolHistory{Pool: in.PoolIDs[p], Products: strings.Join(pool.Products, ", "), Remaining: pool.Remaining}
		sum, all := 0.0, true
		var last planner.Date
		for _, k := range pool.Keys {
			slope, ok := slopes[k]
			if !ok {
				all = false
				break
			}
			sum += slope
			if ss := in.Snapshots[k]; ss[len(ss)-1].AsOf.After(last) {
				last = ss[len(ss)-1].AsOf
			}
		}
		if all && len(pool.Keys) > 0 {
			ph.Burn = timeline.BurnOf(sum, pool.Remaining, last, in.AsOf)
		}
		h.Pools = append(h.Pools, ph)
	}
	for _, q := range in.Requests {
		k, ok := in.KeyOf[q.Fingerprint]
		if !ok {
			k = -1
		}
		h.Requests = append(h.Requests, RequestStatus{Request: q, Status: q.StatusOn(in.AsOf, in.Settings.FollowUpDays),
			DaysOpen: q.DaysOpen(in.AsOf), KeyIndex: k})
	}
	return h
}

// unexplainedBurn lists the pools whose keys used more activations between
// their last two snapshots than the plan's past waves account for, by more
// than check.burn_tolerance (docs/history.md, "Unexplained burn"): from the
// history's snapshots, or from older exports read in the same run.
func unexplainedBurn(keys []planner.Key, c *capacity.Result, poolIDs []string, tolerance int) []UnexplainedBurn {
	var out []UnexplainedBurn
	for p, pool := range c.Pools {
		u := pool.Unexplained
		if u == nil || u.Excess() <= tolerance {
			continue
		}
		ub := UnexplainedBurn{Pool: poolIDs[p], From: u.From.String(), To: u.To.String(), Used: u.Used, Explained: u.Explained, Excess: u.Excess()}
		for _, k := range pool.Keys {
			ub.Keys = append(ub.Keys, keys[k].Key.Masked())
		}
		out = append(out, ub)
	}
	return out
}

// historyBreaches are the history's alerts: RUNWAY when a pool runs out
// within check.min_runway_days at its pace, BURN for activations no plan
// explains, FOLLOW-UP for requests left unanswered.
func (r *Report) historyBreaches() []Breach {
	var out []Breach
	for _, u := range r.Burn {
		p := slices.Index(r.poolIDs, u.Pool)
		product := strings.Join(r.Capacity.Pools[p].Products, ", ")
		out = append(out, Breach{Kind: AlertBurn, Pool: u.Pool, Product: product, Line: fmt.Sprintf(
			"makplan: BURN pool=%s product=%q used=%d explained=%d excess=%d from=%s to=%s tolerance=%d (activations used that the plan's past waves do not explain: reimages outside the plan, or a leaked key)",
			u.Pool, product, u.Used, u.Explained, u.Excess, u.From, u.To, r.Check.BurnTolerance)})
	}
	h := r.History
	if h == nil {
		return out
	}
	for _, ph := range h.Pools {
		if h.Settings.MinRunwayDays > 0 && ph.Burn.RunwayDays != nil && *ph.Burn.RunwayDays < h.Settings.MinRunwayDays {
			out = append(out, Breach{Kind: AlertRunway, Pool: ph.Pool, Product: ph.Products, Line: fmt.Sprintf(
				"makplan: RUNWAY pool=%s product=%q runway_days=%d min_runway_days=%d burn_per_30_days=%.1f exhausted_on=%s",
				ph.Pool, ph.Products, *ph.Burn.RunwayDays, h.Settings.MinRunwayDays, *ph.Burn.Per30, ph.Burn.ExhaustedOn)})
		}
	}
	// One line per key: its oldest request due for follow-up, and how many
	// more of its requests are (a history with thousands is no flood).
	due := h.FollowUp()
	for i := 0; i < len(due); {
		q := due[i]
		j := i + 1
		for j < len(due) && due[j].Fingerprint == q.Fingerprint {
			j++
		}
		ticket := q.Ticket
		if ticket == "" {
			ticket = "-"
		}
		more := ""
		if j-i > 1 {
			more = fmt.Sprintf(" more_due=%d", j-i-1)
		}
		out = append(out, Breach{Kind: AlertFollowUp, Pool: q.Key, Line: fmt.Sprintf(
			"makplan: FOLLOW-UP key=%s requested=%d on=%s ticket=%s days_open=%d status=%q%s (no higher limit in the exports since)",
			field(q.Key), q.Requested, q.On, field(ticket), q.DaysOpen, q.Status, more)})
		i = j
	}
	return out
}
