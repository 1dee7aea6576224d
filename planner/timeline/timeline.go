// Package timeline is the arithmetic of keys over time, apart from the
// database that stores it (docs/history.md): a key's counts on a day, the
// pace at which its activations go (burn) and the day they run out
// (runway), and where an increase request stands. It is plain Go: the
// writers and the capacity plan use it without linking SQLite.
package timeline

import (
	"math"

	"github.com/makplan/makplan/planner"
)

// Count is a key's activation counts as one export showed them on a day.
type Count = planner.Counts

// Burn is a key's or a pool's pace: the activations it uses per 30 days,
// by least squares over its counts, the day its remaining activations run
// out at that pace, and the days from the run's date until then. The
// pointers are nil when there is not enough history (fewer than two counts
// on different days) or, for the date and runway, when it is not burning.
type Burn struct {
	PerDay      float64       `json:"-"`
	Per30       *float64      `json:"burn_per_30_days"`
	ExhaustedOn *planner.Date `json:"exhausted_on"`
	RunwayDays  *int          `json:"runway_days"`
}

// Slope is the least-squares slope of used activations per day over the
// counts (used counts when the exports give them, else the fall of the
// remaining count); ok is false with fewer than two days.
func Slope(counts []Count) (perDay float64, ok bool) {
	if len(counts) < 2 {
		return 0, false
	}
	allUsed := true
	for _, c := range counts {
		if _, ok := c.UsedCount(); !ok {
			allUsed = false
		}
	}
	x0 := counts[0].AsOf
	var mx, my float64
	xs, ys := make([]float64, len(counts)), make([]float64, len(counts))
	for i, c := range counts {
		y := float64(-c.Remaining)
		if allUsed {
			u, _ := c.UsedCount()
			y = float64(u)
		}
		xs[i], ys[i] = float64(c.AsOf.DaysSince(x0)), y
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
		return 0, false // every count on one day
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

// BurnOver is the burn of a key over its last window counts (oldest
// first), as seen on day on: its pace, the day its remaining activations
// run out and the runway (docs/history.md, "Burn and runway"). The zero
// Burn when there is not enough history.
func BurnOver(counts []Count, window int, on planner.Date) Burn {
	if window > 0 && len(counts) > window {
		counts = counts[len(counts)-window:]
	}
	slope, ok := Slope(counts)
	if !ok {
		return Burn{}
	}
	last := counts[len(counts)-1]
	return BurnOf(slope, last.Remaining, last.AsOf, on)
}
