package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/esu"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/rules"
)

// Summary is the JSON summary (the README lists its fields); keys are always masked.
type Summary struct {
	AsOf           string              `json:"as_of"`
	Inputs         []Input             `json:"inputs"` // each file; a key export with its date and what dated it
	Devices        Counts              `json:"devices"`
	Verdicts       verdictsPlaceholder `json:"verdicts"` // streamed by WriteSummary
	Pools          []PoolJSON          `json:"pools"`
	Keys           []KeyJSON           `json:"keys"`
	Unmatched      []UnmatchedJSON     `json:"unmatched"`
	Unrecognised   []UnmatchedJSON     `json:"unrecognised"`
	TotalShortfall int                 `json:"total_shortfall"`
	TotalRequest   int                 `json:"total_request"`
	Unassigned     int                 `json:"unassigned"`
	Waves          []WaveJSON          `json:"waves"`
	Slipped        []SlippedJSON       `json:"slipped"` // waves taken as done by date that the used counts do not show
	ToBuy          ToBuy               `json:"to_buy"`
	// ESU is Windows 10 ESU per year; empty when the run plans no ESU (no
	// ESU key in the exports, no ESU column in the plan).
	ESU      []esu.Year        `json:"esu"`
	History  *HistoryJSON      `json:"history"` // null when the run keeps no history
	Breaches []Breach          `json:"breaches,omitempty"`
	Warnings []problem.Problem `json:"warnings"`
}

// VerdictJSON is one device's verdict and allocation.
type VerdictJSON struct {
	Device      string              `json:"device"`
	Target      string              `json:"target"`
	Eligible    bool                `json:"eligible"`
	Reasons     []string            `json:"reasons"`
	Notes       []string            `json:"notes"`
	ConsumesMAK bool                `json:"consumes_mak"`
	Done        bool                `json:"done"`
	Key         *planner.ProductKey `json:"key"`
	Pool        *string             `json:"pool"` // the pool it draws on; null when no MAK in the exports covers it, or it uses none
	Wave        string              `json:"wave"`
	WaveDate    string              `json:"wave_date"`
	LicensedBy  rules.Way           `json:"licensed_by"`
	Path        rules.Path          `json:"path"` // the licence the verdict rests on; "" when not eligible
	Row         int                 `json:"row"`
	File        string              `json:"file"`
}

// PoolJSON is one pool.
type PoolJSON struct {
	ID             string               `json:"id"`
	Keys           []planner.ProductKey `json:"keys"`
	Products       []string             `json:"products"`
	Agreement      string               `json:"agreement"`
	Limit          *int                 `json:"limit"`
	Remaining      int                  `json:"remaining"`
	Demand         int                  `json:"demand"`
	Done           int                  `json:"done"`
	Reserve        int                  `json:"reserve"`
	Shortfall      int                  `json:"shortfall"`
	Request        int                  `json:"request"`
	RequestKey     *planner.ProductKey  `json:"request_key"`
	FirstShortWave *string              `json:"first_short_wave"`
	ReserveOnly    bool                 `json:"reserve_only"` // short by the reserve alone: every wave is covered
	Waves          []PoolWaveJSON       `json:"waves"`
	// ESUYears are the Windows 10 ESU years the pool's keys activate; [] for an OS or Office pool.
	ESUYears []int `json:"esu_years"`
}

// PoolWaveJSON is a pool's demand in one wave.
type PoolWaveJSON struct {
	Wave       string `json:"wave"`
	Date       string `json:"date"`
	Demand     int    `json:"demand"`
	Done       int    `json:"done"`
	Cumulative int    `json:"cumulative"`
	Remaining  int    `json:"remaining"`
	Short      bool   `json:"short"`
}

// KeyJSON is one key.
type KeyJSON struct {
	Key        planner.ProductKey `json:"key"`
	Type       planner.KeyType    `json:"type"`
	Products   []string           `json:"products"`
	Agreement  string             `json:"agreement"`
	Agreements []string           `json:"agreements"`
	Limit      *int               `json:"limit"`
	Used       *int               `json:"used"`
	Remaining  int                `json:"remaining"`
	Allocated  int                `json:"allocated"`
	Request    int                `json:"request"`
	Pool       *string            `json:"pool"`
	AsOf       string             `json:"as_of"`
}

// UnmatchedJSON counts consuming devices no MAK can serve, per target product.
type UnmatchedJSON struct {
	Product string `json:"product"`
	Devices int    `json:"devices"`
}

// SlippedJSON is a wave taken as done by its date that the used counts do
// not show (capacity.past_waves: evidence).
type SlippedJSON struct {
	Wave    string `json:"wave"`
	Date    string `json:"date"`
	Pool    string `json:"pool"`
	Since   string `json:"since"`
	Planned int    `json:"planned"`
	Seen    int    `json:"seen"`
	Unseen  int    `json:"unseen"`
}

// WaveJSON is a wave of the plan.
type WaveJSON struct {
	Wave    string `json:"wave"`
	Date    string `json:"date"`
	Devices int    `json:"devices"`
	Demand  int    `json:"demand"`
	Done    int    `json:"done"`
}

// Summary builds the JSON summary but for its verdicts, which WriteSummary
// streams one device at a time (VerdictJSON).
func (r *Report) Summary() Summary {
	c := r.Capacity
	s := Summary{AsOf: r.AsOf.String(), Inputs: r.Inputs, Devices: r.Counts(), Pools: []PoolJSON{}, Keys: []KeyJSON{},
		Unmatched: []UnmatchedJSON{}, Unrecognised: []UnmatchedJSON{}, TotalShortfall: c.Shortfall, TotalRequest: c.Request, Unassigned: c.Unassigned,
		Waves: []WaveJSON{}, Slipped: []SlippedJSON{}, Warnings: r.Warnings, ToBuy: r.ToBuy(), History: r.historyJSON(), ESU: []esu.Year{}}
	if r.ESU.Planned() {
		s.ESU = r.ESU.Years
	}
	if s.Warnings == nil {
		s.Warnings = []problem.Problem{}
	}
	if s.Inputs == nil {
		s.Inputs = []Input{}
	}
	for p := range c.Pools {
		s.Pools = append(s.Pools, r.poolJSON(p))
	}
	for _, ku := range c.Keys {
		k := ku.Key
		kj := KeyJSON{Key: k.Key, Type: k.Type, Products: k.ProductNames(), Agreements: k.Agreements, Limit: k.Limit, Used: k.Used,
			Remaining: k.Remaining, Allocated: ku.Allocated, Request: ku.Request, AsOf: k.AsOf.String()}
		if kj.Agreements == nil {
			kj.Agreements = []string{}
		}
		if len(k.Agreements) > 0 {
			kj.Agreement = k.Agreements[0]
		}
		if ku.Pool >= 0 {
			id := r.PoolID(ku.Pool)
			kj.Pool = &id
		}
		s.Keys = append(s.Keys, kj)
	}
	for _, sw := range c.Slipped {
		s.Slipped = append(s.Slipped, SlippedJSON{Wave: sw.Wave.Name, Date: sw.Wave.Date.String(), Pool: r.slippedPool(sw), Since: sw.Since.String(),
			Planned: sw.Planned, Seen: sw.Seen, Unseen: sw.Unseen})
	}
	for _, u := range c.Unmatched {
		s.Unmatched = append(s.Unmatched, UnmatchedJSON{Product: u.Product, Devices: u.Devices})
	}
	for _, u := range r.Unrecognised() {
		s.Unrecognised = append(s.Unrecognised, UnmatchedJSON{Product: u.Product, Devices: u.Devices})
	}
	perWave := map[capacity.Wave][3]int{}
	for i, d := range r.Devices {
		w := capacity.Wave{Name: d.Wave, Date: d.WaveDate}
		n := perWave[w]
		n[0]++
		if c.Consumes[i] {
			n[1]++
		}
		if c.Done[i] {
			n[2]++
		}
		perWave[w] = n
	}
	for _, w := range c.Waves {
		s.Waves = append(s.Waves, WaveJSON{Wave: w.Name, Date: w.Date.String(), Devices: perWave[w][0], Demand: perWave[w][1], Done: perWave[w][2]})
	}
	return s
}

// VerdictJSON returns device i's verdict as the JSON summary shows it.
func (r *Report) VerdictJSON(i int) VerdictJSON {
	d, v, c := r.Devices[i], r.Verdict(i), r.Capacity
	vj := VerdictJSON{Device: d.Name, Target: d.Target.Name(), Eligible: v.Eligible, Reasons: v.ReasonStrings(), Notes: v.NoteStrings(),
		ConsumesMAK: c.Consumes[i], Done: c.Done[i], Wave: d.Wave, WaveDate: d.WaveDate.String(), LicensedBy: v.Way, Path: v.Path, Row: d.Source().Row, File: d.Source().File}
	if k := c.Assigned[i]; k >= 0 {
		vj.Key = &r.Keys[k].Key
	}
	if p := c.PoolOf[i]; p >= 0 {
		vj.Pool = &r.poolIDs[p]
	}
	return vj
}

func (r *Report) poolJSON(p int) PoolJSON {
	pool := r.Capacity.Pools[p]
	pj := PoolJSON{ID: r.PoolID(p), Keys: []planner.ProductKey{}, Products: pool.Products, Agreement: pool.ExportAgreement(), Limit: pool.Limit,
		Remaining: pool.Remaining, Demand: pool.Demand, Done: pool.Done, Reserve: pool.Reserve, Shortfall: pool.Shortfall, Request: pool.Request,
		Waves: []PoolWaveJSON{}, ESUYears: []int{}}
	var years planner.ESUSet
	for _, k := range pool.Keys {
		years |= r.Keys[k].ESUYears()
	}
	pj.ESUYears = years.Years()
	for _, k := range pool.Keys {
		pj.Keys = append(pj.Keys, r.Keys[k].Key)
	}
	if pool.RequestKey >= 0 && pool.Request > 0 {
		pj.RequestKey = &r.Keys[pool.RequestKey].Key
	}
	if pool.FirstShortWave != nil {
		name := pool.FirstShortWave.Name
		pj.FirstShortWave = &name
	}
	pj.ReserveOnly = pool.ReserveOnly()
	for _, w := range pool.Waves {
		pj.Waves = append(pj.Waves, PoolWaveJSON{Wave: w.Wave.Name, Date: w.Wave.Date.String(), Demand: w.Demand, Done: w.Done, Cumulative: w.Cumulative, Remaining: w.Remaining, Short: w.Short})
	}
	return pj
}

// verdictsPlaceholder stands for the verdicts while the rest of the summary
// is marshalled; WriteSummary streams the verdicts in its place.
type verdictsPlaceholder struct{}

const placeholder = `"@@makplan-verdicts@@"`

func (verdictsPlaceholder) MarshalJSON() ([]byte, error) { return []byte(placeholder), nil }

// WriteSummary writes the JSON summary (with breaches when given) without
// building it whole: the verdicts, one per device, are streamed one compact
// line each, so a million-device plan needs no giant buffer.
func (r *Report) WriteSummary(w io.Writer, breaches []Breach) error {
	s := r.Summary()
	s.Breaches = breaches
	head, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	before, after, ok := bytes.Cut(head, []byte(placeholder))
	if !ok {
		return fmt.Errorf("report: verdicts placeholder not found")
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(before)
	var buf []byte
	bw.WriteString("[")
	for i := range r.Devices {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		v := r.VerdictJSON(i)
		buf = appendVerdict(buf[:0], &v)
		bw.Write(buf)
	}
	if len(r.Devices) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]")
	bw.Write(after)
	bw.WriteString("\n")
	return bw.Flush()
}

// HistoryJSON is the history's part of the JSON summary.
type HistoryJSON struct {
	Path            string            `json:"path"`
	Keys            []KeyHistory      `json:"keys"`
	Pools           []PoolHistory     `json:"pools"`
	UnexplainedBurn []UnexplainedBurn `json:"unexplained_burn"`
	Requests        []RequestStatus   `json:"requests"`
}

func (r *Report) historyJSON() *HistoryJSON {
	h := r.History
	if h == nil {
		return nil
	}
	out := &HistoryJSON{Path: h.Path, Keys: h.Keys, Pools: h.Pools, UnexplainedBurn: r.Burn, Requests: h.Requests}
	if out.Keys == nil {
		out.Keys = []KeyHistory{}
	}
	if out.Pools == nil {
		out.Pools = []PoolHistory{}
	}
	if out.UnexplainedBurn == nil {
		out.UnexplainedBurn = []UnexplainedBurn{}
	}
	if out.Requests == nil {
		out.Requests = []RequestStatus{}
	}
	return out
}
