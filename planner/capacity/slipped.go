package capacity

import (
	"slices"

	"github.com/makplan/makplan/planner"
)

// Slipped is a wave taken as done by its date (it is before the key
// snapshot) whose activations the used counts do not show: between the
// history's earlier snapshot and the export's, the keys' used counts rose by
// fewer than the devices planned in between. The unseen devices stay
// demand (docs/configuration.md, capacity.past_waves: evidence).
type Slipped struct {
	Wave    Wave
	Keys    []int        // the keys whose used counts were compared
	Since   planner.Date // the earlier snapshot
	Planned int          // devices of the wave taken as done in between
	Seen    int          // of them, those the rise of the used counts shows
	Unseen  int          // Planned - Seen: still demand
}

// pendingResult is a device taken as done by date, after the evidence.
type pendingResult struct {
	activating
	slipped bool
}

// slipped sets the devices taken as done by their date against the rise of
// their keys' used counts since the history's earlier snapshot. Devices
// whose keys share no evidence (a key without an earlier snapshot or a used
// count), or whose wave is before the earlier snapshot, are done as before.
// Keys that serve the same devices count their rise once: devices are
// grouped by the keys they share.
func (r *Result) slipped(pending []activating, keys []planner.Key, prior map[planner.ProductKey]Prior) []pendingResult {
	out := make([]pendingResult, 0, len(pending))
	if len(pending) == 0 {
		return out
	}
	uf := newUnionFind(len(keys))
	for _, a := range pending {
		for _, k := range a.cover[1:] {
			uf.union(a.cover[0], k)
		}
	}
	groups := map[int][]int{} // root key → indexes into pending
	var roots []int
	for n, a := range pending {
		root := uf.find(a.cover[0])
		if groups[root] == nil {
			roots = append(roots, root)
		}
		groups[root] = append(groups[root], n)
	}
	for _, root := range roots {
		members := groups[root]
		var groupKeys []int
		for k := range keys {
			if uf.find(k) == root && keys[k].Type == planner.KeyMAK {
				groupKeys = append(groupKeys, k)
			}
		}
		rise, since, ok := 0, planner.Date{}, len(groupKeys) > 0
		for _, k := range groupKeys {
			p, has := prior[keys[k].Key]
			if !has || keys[k].Used == nil || !p.AsOf.Before(keys[k].AsOf) {
				ok = false
				break
			}
			rise += max(0, *keys[k].Used-p.Used)
			if since.IsZero() || p.AsOf.Before(since) {
				since = p.AsOf
			}
		}
		// In wave order, then plan order: the earliest devices are the
		// likeliest to be in the rise.
		slices.SortStableFunc(members, func(a, b int) int {
			wa, wb := pending[a].wave, pending[b].wave
			switch {
			case waveLess(wa, wb):
				return -1
			case waveLess(wb, wa):
				return 1
			}
			return pending[a].i - pending[b].i
		})
		perWave := map[Wave]*Slipped{}
		var order []Wave
		for _, n := range members {
			a := pending[n]
			if !ok || a.d.WaveDate.Before(since) {
				out = append(out, pendingResult{a, false})
				continue
			}
			sw := perWave[a.wave]
			if sw == nil {
				sw = &Slipped{Wave: a.wave, Keys: groupKeys, Since: since}
				perWave[a.wave] = sw
				order = append(order, a.wave)
			}
			sw.Planned++
			if rise > 0 {
				rise--
				sw.Seen++
				out = append(out, pendingResult{a, false})
				continue
			}
			sw.Unseen++
			out = append(out, pendingResult{a, true})
		}
		for _, w := range order {
			if sw := perWave[w]; sw.Unseen > 0 {
				r.Slipped = append(r.Slipped, *sw)
			}
		}
	}
	slices.SortStableFunc(r.Slipped, func(a, b Slipped) int {
		switch {
		case waveLess(a.Wave, b.Wave):
			return -1
		case waveLess(b.Wave, a.Wave):
			return 1
		}
		return 0
	})
	return out
}
