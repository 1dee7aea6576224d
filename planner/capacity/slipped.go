package capacity

import (
	"slices"

	"github.com/makplan/makplan/planner"
)

// Slipped is a past wave whose devices the used counts do not show: the
// wave is dated before the keys' snapshot, so its devices would be taken as
// done by date, but since the last snapshot before the wave the keys' used
// counts rose by fewer activations than the devices planned in it and the
// waves before it. The unseen devices stay demand, month after month, until
// the counts show them or their Status says Done (docs/history.md,
// "Slipped waves").
type Slipped struct {
	Wave    Wave
	Keys    []int        // the keys whose used counts were compared
	Since   planner.Date // the last snapshot before the wave: the devices are counted from it
	Planned int          // devices of the wave without a status, taken as done by date
	Seen    int          // of them, those the growth of the used counts shows
	Unseen  int          // Planned - Seen: still demand
}

// Unexplained is the growth of a pool's used counts between its last two
// snapshots that no device of a past wave accounts for, once the growth
// since each wave's baseline has been given to the waves oldest first:
// reimages outside the plan, or a leaked key (docs/history.md,
// "Unexplained burn").
type Unexplained struct {
	From, To  planner.Date
	Used      int // the growth of the pool's used counts from From to To
	Explained int // of it, given to devices of past waves
}

// Excess is the growth no device explains.
func (u Unexplained) Excess() int { return u.Used - u.Explained }

// evidence is what the used counts say of the devices of past waves.
type evidence struct {
	checked, seen map[int]bool // by device index: set against the counts; and seen in them
	slipped       []Slipped
	unexplained   map[int]Unexplained // by the root key of a pool
}

// matchEvidence sets the devices of past waves (past: no status, wave
// before the keys' snapshot) against the growth of their keys' used counts
// over the whole series of snapshots (docs/history.md, "Slipped waves").
// Keys are grouped as pools are (uf): a rise counts once. In each group
// the growth between consecutive snapshots is given to the past waves
// oldest first, each wave taking only growth after its own baseline, the
// last snapshot before its date. Devices whose Status says Done take growth
// first within their wave (they are in the counts too) and are never
// unseen. A wave dated on or before the group's first snapshot, or a group
// whose keys have no used counts, has no evidence: its devices are left
// unchecked. What growth is left in the last interval is unexplained.
func matchEvidence(uf unionFind, keys []planner.Key, maks []int, past, doneByStatus []activating, series map[planner.ProductKey][]planner.Counts) evidence {
	ev := evidence{checked: map[int]bool{}, seen: map[int]bool{}, unexplained: map[int]Unexplained{}}
	type member struct {
		activating
		done bool // by its Status
	}
	groups := map[int][]member{} // root key → devices
	var roots []int
	groupKeys := map[int][]int{}
	for _, k := range maks {
		root := uf.find(k)
		if groupKeys[root] == nil {
			roots = append(roots, root)
		}
		groupKeys[root] = append(groupKeys[root], k)
	}
	for _, a := range past {
		root := uf.find(a.cover[0])
		groups[root] = append(groups[root], member{a, false})
	}
	for _, a := range doneByStatus {
		if len(a.cover) > 0 && !a.d.WaveDate.IsZero() {
			root := uf.find(a.cover[0])
			groups[root] = append(groups[root], member{a, true})
		}
	}
	for _, root := range roots {
		gk := groupKeys[root]
		dates, inc := growth(gk, keys, series)
		if len(inc) == 0 {
			continue
		}
		members := groups[root]
		// Oldest wave first; within a wave, devices done by status first,
		// then plan order.
		slices.SortStableFunc(members, func(a, b member) int {
			wa, wb := a.wave, b.wave
			switch {
			case waveLess(wa, wb):
				return -1
			case waveLess(wb, wa):
				return 1
			case a.done != b.done:
				if a.done {
					return -1
				}
				return 1
			}
			return a.i - b.i
		})
		left := slices.Clone(inc)
		perWave := map[Wave]*Slipped{}
		var order []Wave
		next := 0 // increments before it hold no growth a later wave may take
		b, bFor := -1, planner.Date{}
		for _, m := range members {
			// The baseline: the last snapshot before the wave's date
			// (members come in date order).
			if !m.d.WaveDate.Equal(bFor) {
				bFor, b = m.d.WaveDate, -1
				for j := len(dates) - 1; j >= 0; j-- {
					if dates[j].Before(m.d.WaveDate) {
						b = j
						break
					}
				}
			}
			if b < 0 || b >= len(inc) {
				continue // no snapshot before the wave, or none after its baseline
			}
			// The earliest growth after the baseline not yet given to a
			// device: baselines only move forward, so what lies before
			// next is spent or out of reach.
			j := max(next, b)
			for j < len(left) && left[j] == 0 {
				j++
			}
			next = j
			seen := j < len(left)
			if seen {
				left[j]--
			}
			if m.done {
				continue
			}
			ev.checked[m.i] = true
			ev.seen[m.i] = seen
			sw := perWave[m.wave]
			if sw == nil {
				sw = &Slipped{Wave: m.wave, Keys: gk, Since: dates[b]}
				perWave[m.wave] = sw
				order = append(order, m.wave)
			}
			sw.Planned++
			if seen {
				sw.Seen++
			} else {
				sw.Unseen++
			}
		}
		for _, w := range order {
			if sw := perWave[w]; sw.Unseen > 0 {
				ev.slipped = append(ev.slipped, *sw)
			}
		}
		last := len(inc) - 1
		ev.unexplained[root] = Unexplained{From: dates[last], To: dates[last+1], Used: inc[last], Explained: inc[last] - left[last]}
	}
	slices.SortStableFunc(ev.slipped, func(a, b Slipped) int {
		switch {
		case waveLess(a.Wave, b.Wave):
			return -1
		case waveLess(b.Wave, a.Wave):
			return 1
		}
		return 0
	})
	return ev
}

// growth is the series of snapshots of a group of keys from the first day
// every key has one with a used count: its dates, oldest first, and the
// growth of the keys' summed used counts from each date to the next
// (inc[j] from dates[j] to dates[j+1]; a fall counts as none). Nil when a
// key has no used count at all.
func growth(group []int, keys []planner.Key, series map[planner.ProductKey][]planner.Counts) ([]planner.Date, []int) {
	var start planner.Date
	var all []planner.Date
	used := make([][]planner.Counts, len(group))
	for n, k := range group {
		for _, c := range series[keys[k].Key] {
			if _, ok := c.UsedCount(); ok {
				used[n] = append(used[n], c)
			}
		}
		if len(used[n]) == 0 {
			return nil, nil
		}
		if first := used[n][0].AsOf; first.After(start) {
			start = first
		}
		for _, c := range used[n] {
			all = append(all, c.AsOf)
		}
	}
	slices.SortFunc(all, planner.Date.Compare)
	all = slices.Compact(all)
	var dates []planner.Date
	for _, d := range all {
		if !d.Before(start) {
			dates = append(dates, d)
		}
	}
	total := make([]int, len(dates))
	for n := range group {
		i := 0
		for j, d := range dates {
			for i+1 < len(used[n]) && !used[n][i+1].AsOf.After(d) {
				i++
			}
			u, _ := used[n][i].UsedCount()
			total[j] += u
		}
	}
	inc := make([]int, max(0, len(dates)-1))
	for j := range inc {
		inc[j] = max(0, total[j+1]-total[j])
	}
	return dates, inc
}
