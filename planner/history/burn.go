package history

import (
	"math"

	"github.com/makplan/makplan/planner"
)

// Burn is a key's or a pool's pace: the activations it uses per 30 days,
// by least squares over its snapshots, the day its remaining activations
// run out at that pace, and the days from the run's date until then. The
// pointers are nil when there is not enough history (fewer than two
// snapshots on different days) or, for the date and runway, when it is not
// burning.
type Burn struct {
	PerDay      float64       `json:"-"`
	Per30       *float64      `json:"burn_per_30_days"`
	ExhaustedOn *planner.Date `json:"exhausted_on"`
	RunwayDays  *int          `json:"runway_days"`
}

// UsedCount is what a snapshot says was used: the used count, or the limit
// less the remaining; ok is false when the export gives neither.
func (s KeySnapshot) UsedCount() (int, bool) {
	switch {
	case s.Used != nil:
		return *s.Used, true
	case s.Limit != nil:
		return *s.Limit - s.Remaining, true
	}
	return 0, false
}

// Slope is the least-squares slope of used activations per day over the
// snapshots (used counts when the exports give them, else the fall of the
// remaining count); ok is false with fewer than two days.
func Slope(snaps []KeySnapshot) (perDay float64, ok bool) {
	if len(snaps) < 2 {
		return 0, false
	}
	allUsed := true
	for _, s := range snaps {
		if _, ok := s.UsedCount(); !ok {
			allUsed = false
		}
	}
	x0 := snaps[0].AsOf
	var xs, ys []float64
	for _, s := range snaps {
		y := float64(-s.Remaining)
		if allUsed {
			u, _ := s.UsedCount()
			y = float64(u)
		}
		xs = append(xs, float64(s.AsOf.DaysSince(x0)))
		ys = append(ys, y)
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(ys))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return 0, false // every snapshot on one day
	}
	return sxy / sxx, true
}

// BurnOf is the burn of remaining activations that fall by perDay from the
// day last, as seen on day on.
func BurnOf(perDay float64, remaining int, last, on planner.Date) Burn {
	per30 := math.Round(perDay*30*10) / 10
	b := Burn{PerDay: perDay, Per30: &per30}
	if perDay <= 0 {
		return b
	}
	out := last.AddDays(int(math.Floor(float64(remaining) / perDay)))
	days := max(0, out.DaysSince(on))
	b.ExhaustedOn, b.RunwayDays = &out, &days
	return b
}
