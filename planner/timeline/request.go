package timeline

import (
	"fmt"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/wording"
)

// Request is an increase request sent to Microsoft for a key
// (docs/history.md, "Requests").
type Request struct {
	ID          int64        `json:"id"`
	Fingerprint string       `json:"-"`
	Key         string       `json:"key"` // the last five characters
	Requested   int          `json:"requested"`
	Ticket      string       `json:"ticket"`
	On          planner.Date `json:"on"`
	LimitThen   *int         `json:"limit_then"` // the key's limit when it was asked for; nil when unknown
	Granted     *int         `json:"granted"`    // nil while open
	GrantedOn   planner.Date `json:"granted_on"`
	CancelledOn planner.Date `json:"cancelled_on"` // zero unless cancelled
	AmendedOn   planner.Date `json:"amended_on"`   // the day Requested was last corrected; zero when never
}

// Status is where a request stands.
type Status uint8

// The statuses, in the words request list, the History sheet and check use.
const (
	Open      Status = iota // sent, no higher limit seen since
	FollowUp                // open longer than requests.follow_up_days
	Granted                 // a later export shows the key's limit raised
	Cancelled               // withdrawn (makplan request cancel)
)

func (s Status) String() string {
	return [...]string{"open", "due for follow-up", "granted", "cancelled"}[s]
}

// MarshalText writes the status's words.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// StatusOn is where the request stands on day on, with followUpDays the
// days an open request waits before it is due for follow-up.
func (q Request) StatusOn(on planner.Date, followUpDays int) Status {
	switch {
	case !q.CancelledOn.IsZero():
		return Cancelled
	case q.Granted != nil:
		return Granted
	case on.DaysSince(q.On) > followUpDays:
		return FollowUp
	}
	return Open
}

// IsOpen reports whether the request still waits for an answer (open or
// due for follow-up).
func (q Request) IsOpen() bool { return q.CancelledOn.IsZero() && q.Granted == nil }

// DaysOpen is the days from the request to on.
func (q Request) DaysOpen(on planner.Date) int { return on.DaysSince(q.On) }

// Describe says where the request stands in words: "open, 12 days", "due
// for follow-up, 25 days open", "granted 200 on 2026-11-26", "cancelled on
// 2026-11-20".
func (q Request) Describe(on planner.Date, followUpDays int) string {
	switch st := q.StatusOn(on, followUpDays); st {
	case Cancelled:
		return fmt.Sprintf("%s on %s", st, q.CancelledOn)
	case Granted:
		return fmt.Sprintf("%s %d on %s", st, *q.Granted, q.GrantedOn)
	case FollowUp:
		return fmt.Sprintf("%s, %s open", st, wording.Plural(q.DaysOpen(on), "day", "days"))
	default:
		return fmt.Sprintf("%s, %s", st, wording.Plural(q.DaysOpen(on), "day", "days"))
	}
}
