// Package capacity works out how many MAK activations each pool of keys lacks:
// which devices consume an activation, which keys can serve them, how devices
// are allocated to keys (as few left without one as possible), the reserve,
// the shortfall and the request, and when in the rollout each pool runs short.
// It implements docs/rules.md's "Which devices consume a MAK activation"
// and the capacity arithmetic of the README; it uses the standard library only.
package capacity

import (
	"slices"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/rules"
)

// Settings are the capacity: section of the configuration.
type Settings struct {
	ReservePercent float64
	ReserveMinimum int
	RoundTo        int
	// RoundToByLine overrides RoundTo per product family (Product.Line):
	// a server key is not rounded like a desktop key.
	RoundToByLine             map[string]int
	LocalReactivationConsumes bool
	PreferredKeys             []planner.KeyRef
	// PastWaves says what devices without a status whose wave is before
	// the key snapshot are (capacity.past_waves).
	PastWaves PastWaves
	// Series is, per MAK, its counts over time, oldest first, the key's
	// own snapshot last: the history's and older exports of the run. With
	// PastWavesEvidence, the growth of the used counts is set against the
	// devices taken as done by date (slipped).
	Series map[planner.ProductKey][]planner.Counts
}

// PastWaves is capacity.past_waves.
type PastWaves uint8

// The settings of capacity.past_waves.
const (
	// PastWavesEvidence: taken as done as far as the growth of the used
	// counts since the last snapshot before the wave shows them; the rest
	// stay demand (slipped). Without an earlier snapshot, as PastWavesDone.
	PastWavesEvidence PastWaves = iota
	PastWavesDone               // taken as done: the export's used count holds them
	PastWavesDemand             // counted as demand
)

// Activates reports whether a device activates with a MAK when it is
// reimaged: it is eligible, its media is Volume, it activates by MAK, its
// target is not a subscription (those activate by sign-in), and it is not
// locally reactivated (unless the settings count those too). Such a device
// consumes an activation unless it is already done.
func Activates(d *planner.Device, v rules.Verdict, s Settings) bool {
	return v.Eligible && d.Media == planner.MediaVolume && d.Activation == planner.ActivationMAK &&
		(d.Target.Prod == nil || !d.Target.Prod.Subscription) &&
		(!d.LocalReactivation || s.LocalReactivationConsumes)
}

// Wave is a rollout wave: the devices planned for one day under one name.
// Waves without a date sort last.
type Wave struct {
	Name string
	Date planner.Date
}

// Label names the wave for people: "W2 Sales (2027-01-18)".
func (w Wave) Label() string {
	name := w.Name
	if name == "" {
		name = "(no wave)"
	}
	if w.Date.IsZero() {
		return name + " (no date)"
	}
	return name + " (" + w.Date.String() + ")"
}

func waveLess(a, b Wave) bool {
	switch {
	case a.Date.IsZero() != b.Date.IsZero():
		return !a.Date.IsZero()
	case !a.Date.Equal(b.Date):
		return a.Date.Before(b.Date)
	}
	return a.Name < b.Name
}

// WaveDemand is a pool's demand in one wave and cumulated up to it.
type WaveDemand struct {
	Wave       Wave
	Demand     int
	Done       int // devices of the wave already reimaged: not demand
	Cumulative int
	Remaining  int  // the pool's remaining activations (reserve not counted)
	Short      bool // Cumulative > Remaining
}

// PastWave is a wave whose devices without a status were taken as done
// because its date is before the snapshot of the keys that serve them: the
// export's used count already holds them.
type PastWave struct {
	Wave     Wave
	Devices  int
	Snapshot planner.Date // the earliest snapshot date of the keys that serve them
}

// Pool is a group of keys that can serve the same devices.
type Pool struct {
	Keys     []int // indexes into Result.Keys, in key order
	Products []string
	// Agreement is the agreement the pool's keys are under: the one every
	// key's export names; else, when no export settles it (the keys name
	// none, or different ones), the one every device the pool serves is
	// under in the plan (AgreementInferred). "" when neither settles it.
	Agreement string
	// AgreementInferred: Agreement comes from the plan's devices, not from
	// the key exports (the request says so).
	AgreementInferred bool
	// Served counts the consuming devices still to reimage that the pool's
	// keys can serve, by their agreement ("" for none).
	Served         map[string]int
	Remaining      int
	Limit          *int // the sum of the keys' limits; nil when any is unknown
	Demand         int
	Done           int // devices already reimaged with the pool's keys: not demand
	Reserve        int
	Shortfall      int
	Request        int
	RequestKey     int // index into Result.Keys; -1 when the pool has no key
	FirstShortWave *Wave
	Waves          []WaveDemand
	// Line is the product family of every product the pool's keys cover
	// ("" when they cover several or none); RoundTo the multiple its
	// request was rounded up to.
	Line    string
	RoundTo int
	// Unexplained is the growth of the keys' used counts between their
	// last two snapshots that no device of a past wave accounts for; nil
	// without two snapshots.
	Unexplained *Unexplained
}

// ReserveOnly reports whether the pool is short only by its reserve: every
// wave is covered, but not the safety margin on top.
func (p *Pool) ReserveOnly() bool { return p.Shortfall > 0 && p.FirstShortWave == nil }

// ShortWaveText names the first short wave for people, or says that the
// reserve alone makes the shortfall; "" when the pool is not short.
func (p *Pool) ShortWaveText() string {
	switch {
	case p.FirstShortWave != nil:
		return p.FirstShortWave.Label()
	case p.ReserveOnly():
		return "none: the reserve alone"
	}
	return ""
}

// ExportAgreement is the agreement the key exports put the pool under: ""
// when they do not settle it, even if the plan's devices do.
func (p *Pool) ExportAgreement() string {
	if p.AgreementInferred {
		return ""
	}
	return p.Agreement
}

// KeyUse is a key with what the plan does with it.
type KeyUse struct {
	Key       *planner.Key
	Pool      int // index into Result.Pools; -1 for keys that are not MAKs
	Allocated int
	Request   int
}

// Unmatched counts consuming devices that no MAK can serve, by target product.
type Unmatched struct {
	Product string
	Devices int
}

// Result is the capacity plan.
type Result struct {
	Consumes []bool // per device
	Done     []bool // per device: it would consume, but it is already reimaged
	Assigned []int  // per device: index into Keys, -1 when none
	// PoolOf is, per device that consumes or is done, the pool whose keys
	// can serve it; -1 when none can (or it uses no MAK).
	PoolOf     []int32
	Keys       []KeyUse
	Pools      []Pool
	Waves      []Wave // every wave of the plan, in order
	Unmatched  []Unmatched
	PastWaves  []PastWave // waves taken as done by their date alone, in order
	Slipped    []Slipped  // waves taken as done by date that the used counts do not show, in order
	Demand     int        // consuming devices
	DoneTotal  int        // devices done
	Shortfall  int
	Request    int
	Unassigned int // consuming devices left without a key (short pools and unmatched)
}

// classKey groups consuming devices with the same coverage and wave.
type classKey struct {
	target, agreement, keyref string
	wave                      Wave
}

// activating is a device that activates by MAK, with what decides where
// it goes: its class, the keys that can serve it and their earliest
// snapshot, its wave.
type activating struct {
	i        int
	d        *planner.Device
	ck       classKey
	cover    []int
	snapshot planner.Date
	wave     Wave
}

// Verdicts gives the verdict on device i.
type Verdicts interface{ Verdict(i int) rules.Verdict }

// Plan computes the capacity plan for devices judged by verdicts (device i
// has verdict i), in four phases: the devices that consume an activation
// and their classes, the pools of keys, the allocation of activations to
// devices, and each pool's figures.
func Plan(keys []planner.Key, devices []*planner.Device, verdicts Verdicts, s Settings) *Result {
	if s.RoundTo < 1 {
		s.RoundTo = 1
	}
	p := newPlanning(keys, len(devices), s)
	p.classify(devices, verdicts)
	p.pool()
	p.allocate()
	p.tally()
	return p.r
}

// planning is one capacity plan being worked out: the result so far and
// what its phases hand on to the next.
type planning struct {
	keys []planner.Key
	s    Settings
	r    *Result
	maks []int // the MAKs' indexes into keys

	classOf   map[classKey]int
	classes   []*class // consuming devices with the same coverage and wave
	done      []doneDevice
	pastWaves map[Wave]*PastWave
	// past are the devices with no status whose wave is before the
	// snapshot: done as far as the counts show them; doneByStatus those
	// the plan marks done: in the used counts too.
	past, doneByStatus []activating
	uf                 unionFind
	ev                 evidence
}

type doneDevice struct {
	cover []int
	wave  Wave
	i     int
}

func newPlanning(keys []planner.Key, devices int, s Settings) *planning {
	r := &Result{Consumes: make([]bool, devices), Done: make([]bool, devices), Assigned: make([]int, devices),
		PoolOf: make([]int32, devices), Keys: make([]KeyUse, len(keys))}
	p := &planning{keys: keys, s: s, r: r, classOf: map[classKey]int{}, pastWaves: map[Wave]*PastWave{}}
	for i := range keys {
		r.Keys[i] = KeyUse{Key: &keys[i], Pool: -1}
		if keys[i].Type == planner.KeyMAK {
			p.maks = append(p.maks, i)
		}
	}
	return p
}

// markDone counts a device as done; byDate: by its wave's date alone.
func (p *planning) markDone(a activating, byDate bool) {
	r := p.r
	r.Done[a.i] = true
	r.DoneTotal++
	p.done = append(p.done, doneDevice{a.cover, a.wave, a.i})
	if !byDate {
		return
	}
	pw := p.pastWaves[a.wave]
	if pw == nil {
		pw = &PastWave{Wave: a.wave, Snapshot: a.snapshot}
		p.pastWaves[a.wave] = pw
	}
	pw.Devices++
	if a.snapshot.Before(pw.Snapshot) {
		pw.Snapshot = a.snapshot
	}
}

// markConsuming counts a device as consuming, in its class.
func (p *planning) markConsuming(a activating) {
	r := p.r
	r.Consumes[a.i] = true
	r.Demand++
	ci, ok := p.classOf[a.ck]
	if !ok {
		ci = len(p.classes)
		p.classOf[a.ck] = ci
		p.classes = append(p.classes, &class{wave: a.wave, cover: a.cover, product: a.ck.target, agreement: a.d.Agreement})
	}
	p.classes[ci].devices = append(p.classes[ci].devices, a.i)
}

// classify finds, device by device, whether it activates by MAK, the keys
// that can serve it, and whether it is done, past or still to do.
func (p *planning) classify(devices []*planner.Device, verdicts Verdicts) {
	r, keys := p.r, p.keys
	type coverage struct {
		keys     []int
		snapshot planner.Date // the earliest snapshot of those keys
	}
	coverMemo := map[[3]string]coverage{}
	waveSeen := map[Wave]bool{}
	for i, d := range devices {
		r.Assigned[i], r.PoolOf[i] = -1, -1
		w := Wave{Name: d.Wave, Date: d.WaveDate}
		if !waveSeen[w] {
			waveSeen[w] = true
			r.Waves = append(r.Waves, w)
		}
		if !Activates(d, verdicts.Verdict(i), p.s) {
			continue
		}
		ck := classKey{d.Target.Name(), d.Agreement, d.Key.Partial + "/" + d.Key.Full.Full(), w}
		cov, seen := coverMemo[[3]string{ck.target, ck.agreement, ck.keyref}]
		if !seen {
			for _, k := range p.maks {
				if keys[k].CanServe(d) {
					cov.keys = append(cov.keys, k)
					if cov.snapshot.IsZero() || keys[k].AsOf.Before(cov.snapshot) {
						cov.snapshot = keys[k].AsOf
					}
				}
			}
			coverMemo[[3]string{ck.target, ck.agreement, ck.keyref}] = cov
		}
		// Done (docs/rules.md, "Which devices consume a MAK activation"):
		// the plan says so, or the wave is before the snapshot of the keys
		// that serve the device, whose used count then already holds it —
		// as far as the growth of the counts shows it (past_waves:
		// evidence; slipped).
		a := activating{i, d, ck, cov.keys, cov.snapshot, w}
		switch {
		case d.Status == planner.StatusDone:
			p.doneByStatus = append(p.doneByStatus, a)
			p.markDone(a, false)
		case d.Status == planner.StatusBlank && !d.WaveDate.IsZero() && len(cov.keys) > 0 && d.WaveDate.Before(cov.snapshot):
			p.past = append(p.past, a)
		default:
			p.markConsuming(a)
		}
	}
}

// pool groups the keys into pools — keys linked by a device that can use
// both, or by the same products and agreements — and settles the devices
// of past waves against the growth of their pools' used counts.
func (p *planning) pool() {
	r, keys, s := p.r, p.keys, p.s
	p.uf = newUnionFind(len(keys))
	sig := map[string]int{}
	for _, k := range p.maks {
		s := strings.Join(keys[k].AllProductNames(), "|") + "#" + strings.Join(keys[k].Agreements, "|")
		if first, ok := sig[s]; ok {
			p.uf.union(first, k)
		} else {
			sig[s] = k
		}
	}
	for _, list := range [][]activating{p.past, p.doneByStatus} {
		for _, a := range list {
			for _, k := range a.cover[min(1, len(a.cover)):] {
				p.uf.union(a.cover[0], k)
			}
		}
	}
	for _, c := range p.classes {
		for _, k := range c.cover[min(1, len(c.cover)):] {
			p.uf.union(c.cover[0], k)
		}
	}
	p.ev = matchEvidence(p.uf, keys, p.maks, p.past, p.doneByStatus, s.Series)
	for _, a := range p.past {
		switch {
		case s.PastWaves == PastWavesDemand:
			p.markConsuming(a)
		case s.PastWaves == PastWavesEvidence && p.ev.checked[a.i]:
			if p.ev.seen[a.i] {
				p.markDone(a, false) // the counts show it: not by its date alone
			} else {
				p.markConsuming(a) // slipped: still to do
			}
		default:
			p.markDone(a, true) // by its date alone
		}
	}
	if s.PastWaves == PastWavesEvidence {
		r.Slipped = p.ev.slipped
	}
	for _, c := range p.classes {
		if !slices.IsSorted(c.devices) {
			slices.Sort(c.devices) // slipped devices joined late: plan order
		}
	}
	for _, pw := range p.pastWaves {
		r.PastWaves = append(r.PastWaves, *pw)
	}
	sort.Slice(r.PastWaves, func(a, b int) bool { return waveLess(r.PastWaves[a].Wave, r.PastWaves[b].Wave) })
	sort.SliceStable(r.Waves, func(a, b int) bool { return waveLess(r.Waves[a], r.Waves[b]) })

	poolOf := map[int]int{}
	for _, k := range p.maks {
		root := p.uf.find(k)
		pi, ok := poolOf[root]
		if !ok {
			pi = len(r.Pools)
			poolOf[root] = pi
			r.Pools = append(r.Pools, Pool{RequestKey: -1})
			if u, ok := p.ev.unexplained[root]; ok {
				r.Pools[pi].Unexplained = &u
			}
		}
		r.Pools[pi].Keys = append(r.Pools[pi].Keys, k)
		r.Keys[k].Pool = pi
	}
}

// allocate gives the devices their keys: a max-flow from classes to keys,
// augmented class by class in wave order, so earlier waves keep their
// activations when a pool is short; within a wave, devices that fewer
// keys can serve (pinned by Key) go first.
func (p *planning) allocate() {
	r, classes := p.r, p.classes
	sort.SliceStable(classes, func(a, b int) bool {
		if classes[a].wave != classes[b].wave {
			return waveLess(classes[a].wave, classes[b].wave)
		}
		return len(classes[a].cover) < len(classes[b].cover)
	})
	capLeft := make([]int, len(p.keys))
	for _, k := range p.maks {
		capLeft[k] = p.keys[k].Remaining
	}
	flow := allocate(classes, capLeft)
	for ci, c := range classes {
		next := 0
		for _, k := range c.cover {
			n := flow[ci][k]
			for ; n > 0; n-- {
				r.Assigned[c.devices[next]] = k
				next++
			}
			r.Keys[k].Allocated += flow[ci][k]
		}
	}
}

// tally works out each pool's demand, done devices, reserve, shortfall and
// request, its waves, and the products no key covers.
func (p *planning) tally() {
	r := p.r
	unmatched := map[string]int{}
	poolWave := make([]map[Wave]*[2]int, len(r.Pools)) // demand, done
	for pi := range poolWave {
		poolWave[pi] = map[Wave]*[2]int{}
	}
	count := func(pi int, w Wave, which, n int) {
		c := poolWave[pi][w]
		if c == nil {
			c = &[2]int{}
			poolWave[pi][w] = c
		}
		c[which] += n
	}
	for _, c := range p.classes {
		if len(c.cover) == 0 {
			unmatched[c.product] += len(c.devices)
			continue
		}
		pi := r.Keys[c.cover[0]].Pool
		for _, i := range c.devices {
			r.PoolOf[i] = int32(pi)
		}
		r.Pools[pi].Demand += len(c.devices)
		if r.Pools[pi].Served == nil {
			r.Pools[pi].Served = map[string]int{}
		}
		r.Pools[pi].Served[c.agreement] += len(c.devices)
		count(pi, c.wave, 0, len(c.devices))
	}
	for _, dd := range p.done {
		if len(dd.cover) == 0 {
			continue // done, and no key in the exports serves it anyway
		}
		pi := r.Keys[dd.cover[0]].Pool
		r.PoolOf[dd.i] = int32(pi)
		r.Pools[pi].Done++
		count(pi, dd.wave, 1, 1)
	}
	for pi := range r.Pools {
		r.finishPool(pi, p.s, poolWave[pi])
	}
	for prod, n := range unmatched {
		r.Unmatched = append(r.Unmatched, Unmatched{Product: prod, Devices: n})
	}
	sort.Slice(r.Unmatched, func(a, b int) bool { return r.Unmatched[a].Product < r.Unmatched[b].Product })
	for i := range r.Assigned {
		if r.Consumes[i] && r.Assigned[i] < 0 {
			r.Unassigned++
		}
	}
}

func (r *Result) finishPool(p int, s Settings, waves map[Wave]*[2]int) {
	pool := &r.Pools[p]
	limit, known := 0, true
	agreement := ""
	for i, k := range pool.Keys {
		key := r.Keys[k].Key
		pool.Remaining += key.Remaining
		if key.Limit == nil {
			known = false
		} else {
			limit += *key.Limit
		}
		for _, name := range key.ProductNames() {
			if !contains(pool.Products, name) {
				pool.Products = append(pool.Products, name)
			}
		}
		a := ""
		if len(key.Agreements) > 0 {
			a = key.Agreements[0]
		}
		if i == 0 {
			agreement = a
		} else if a != agreement {
			agreement = ""
		}
	}
	if known {
		pool.Limit = &limit
	}
	pool.Agreement = agreement
	if agreement == "" && len(pool.Served) == 1 {
		for a := range pool.Served {
			pool.Agreement, pool.AgreementInferred = a, a != ""
		}
	}
	pool.Reserve = max(ceilPercent(pool.Demand, s.ReservePercent), s.ReserveMinimum)
	pool.Shortfall = max(0, pool.Demand+pool.Reserve-pool.Remaining)
	pool.Line = poolLine(r.Keys, pool.Keys)
	pool.RoundTo = s.RoundTo
	if n, ok := s.RoundToByLine[pool.Line]; ok && n >= 1 {
		pool.RoundTo = n
	}
	pool.Request = (pool.Shortfall + pool.RoundTo - 1) / pool.RoundTo * pool.RoundTo
	pool.RequestKey = r.requestKey(pool, s)
	if pool.RequestKey >= 0 {
		r.Keys[pool.RequestKey].Request = pool.Request
	}
	r.Shortfall += pool.Shortfall
	r.Request += pool.Request
	cum := 0
	for _, w := range r.Waves {
		n, ok := waves[w]
		if !ok {
			continue
		}
		cum += n[0]
		wd := WaveDemand{Wave: w, Demand: n[0], Done: n[1], Cumulative: cum, Remaining: pool.Remaining, Short: cum > pool.Remaining}
		pool.Waves = append(pool.Waves, wd)
		if wd.Short && pool.FirstShortWave == nil {
			w := w
			pool.FirstShortWave = &w
		}
	}
}

// requestKey picks the key that receives the pool's request: the first
// preferred key in the pool, else the one with the largest limit (ties: the
// most remaining, then the key text).
func (r *Result) requestKey(pool *Pool, s Settings) int {
	for _, ref := range s.PreferredKeys {
		for _, k := range pool.Keys {
			if ref.Matches(r.Keys[k].Key.Key) {
				return k
			}
		}
	}
	best := -1
	for _, k := range pool.Keys {
		if best < 0 || betterRequestKey(r.Keys[k].Key, r.Keys[best].Key) {
			best = k
		}
	}
	return best
}

func betterRequestKey(a, b *planner.Key) bool {
	la, lb := limitOf(a), limitOf(b)
	if la != lb {
		return la > lb
	}
	if a.Remaining != b.Remaining {
		return a.Remaining > b.Remaining
	}
	return a.Key.Less(b.Key)
}

func limitOf(k *planner.Key) int {
	if k.Limit == nil {
		return -1
	}
	return *k.Limit
}

// ceilPercent returns ceil(n × pct / 100) without floating-point surprises
// for whole percentages (10% of 30 is exactly 3).
func ceilPercent(n int, pct float64) int {
	hundredths := int64(pct*100 + 0.5)
	num := int64(n) * hundredths
	return int((num + 9999) / 10000)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u[rb] = ra // the smaller index is the root: pools keep key order
}

// poolLine is the one product family the keys cover, or "".
func poolLine(keys []KeyUse, idx []int) string {
	line := ""
	for _, k := range idx {
		for _, kp := range keys[k].Key.Products {
			for _, p := range kp.Covers {
				switch {
				case line == "":
					line = p.Line
				case line != p.Line:
					return ""
				}
			}
		}
	}
	return line
}

// Merge adds to r the pools of o, a plan over the same keys whose devices
// are not r's (Windows 10 ESU's activations, package esu): o's pools follow
// r's, its keys' uses replace r's for the keys it pools, and its
// shortfall, request and unmatched products add to r's.
func (r *Result) Merge(o *Result) {
	if o == nil {
		return
	}
	off := len(r.Pools)
	for k, u := range o.Keys {
		if u.Pool < 0 || k >= len(r.Keys) {
			continue
		}
		u.Pool += off
		u.Key = r.Keys[k].Key
		r.Keys[k] = u
	}
	r.Pools = append(r.Pools, o.Pools...)
	r.Shortfall += o.Shortfall
	r.Request += o.Request
	r.Unmatched = append(r.Unmatched, o.Unmatched...)
	r.Unassigned += o.Unassigned
}
