package timeline

import (
	"testing"
	"time"

	"github.com/makplan/makplan/planner"
)

func date(s string) planner.Date {
	t, _ := time.Parse("2006-01-02", s)
	return planner.DateOf(t)
}

func ip(n int) *int { return &n }

// The samples' Enterprise key over three months: used 300 -> 340 -> 385 on
// 2026-09-27, 2026-10-27, 2026-11-26 (30 days apart) of a limit of 500.
// Least squares over x = 0, 30, 60 and y = 300, 340, 385: mean x 30, mean
// y 341.67; slope = (−30×−41.67 + 0 + 30×43.33)/(900+0+900) = 2550/1800
// = 1.41667 a day = 42.5 per 30 days. 115 remaining on 2026-11-26 last
// for floor(115/1.41667) = floor(81.18) = 81 days: 2027-02-15.
func TestBurnByLeastSquares(t *testing.T) {
	counts := []Count{
		{AsOf: date("2026-09-27"), Limit: ip(500), Used: ip(300), Remaining: 200},
		{AsOf: date("2026-10-27"), Limit: ip(500), Used: ip(340), Remaining: 160},
		{AsOf: date("2026-11-26"), Limit: ip(500), Used: ip(385), Remaining: 115},
	}
	perDay, ok := Slope(counts)
	if !ok || perDay < 1.4166 || perDay > 1.4167 {
		t.Fatalf("slope %v, %v", perDay, ok)
	}
	b := BurnOf(perDay, 115, date("2026-11-26"), date("2026-11-27"))
	if *b.Per30 != 42.5 || b.ExhaustedOn.String() != "2027-02-15" || *b.RunwayDays != 80 {
		t.Errorf("burn %v per 30 days, out on %s, runway %d days", *b.Per30, b.ExhaustedOn, *b.RunwayDays)
	}
	// One snapshot is not enough; a VAMT key's remaining falls just the same.
	if _, ok := Slope(counts[:1]); ok {
		t.Error("a slope from one snapshot")
	}
	vamt := []Count{{AsOf: date("2026-10-01"), Remaining: 50}, {AsOf: date("2026-10-11"), Remaining: 40}}
	if perDay, ok := Slope(vamt); !ok || perDay != 1 {
		t.Errorf("VAMT slope %v, %v", perDay, ok)
	}
}

// TestRequestStatus: the words request list, the History sheet and check
// share. A request of 2026-11-01 seen on 2026-11-08 (7 days) is open; on
// 2026-11-26 (25 days, over the 10 of requests.follow_up_days) due for
// follow-up; granted or cancelled whatever its age.
func TestRequestStatus(t *testing.T) {
	q := Request{ID: 1, Key: "VF68T", Requested: 200, On: date("2026-11-01")}
	for _, c := range []struct {
		on   string
		q    Request
		want string
		open bool
	}{
		{"2026-11-08", q, "open, 7 days", true},
		{"2026-11-11", q, "open, 10 days", true},
		{"2026-11-26", q, "due for follow-up, 25 days open", true},
		{"2026-11-26", Request{On: q.On, Granted: ip(200), GrantedOn: date("2026-11-20")}, "granted 200 on 2026-11-20", false},
		{"2026-11-26", Request{On: q.On, CancelledOn: date("2026-11-05")}, "cancelled on 2026-11-05", false},
	} {
		if got := c.q.Describe(date(c.on), 10); got != c.want || c.q.IsOpen() != c.open {
			t.Errorf("on %s: %q (open %v), want %q (open %v)", c.on, got, c.q.IsOpen(), c.want, c.open)
		}
	}
}
