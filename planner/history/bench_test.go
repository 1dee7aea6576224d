package history

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/timeline"
)

// BenchmarkCheckOnTenYears is what the history adds to a check: open the
// database, record this month's snapshots of 200 keys, read back each
// key's last 6 snapshots and the requests, on a history of ten years of
// monthly snapshots for those keys (24,000 rows). The budget: 1 s.
func BenchmarkCheckOnTenYears(b *testing.B) {
	path := filepath.Join(b.TempDir(), "h.db")
	h, err := Open(path, 10*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	const keys, months = 200, 120
	fps := make([]string, keys)
	for k := range fps {
		fps[k] = fmt.Sprintf("K%04d:%024x", k, k)
	}
	month := func(m int) []KeySnapshot {
		on := planner.NewDate(2016, time.Month(1+m), 1)
		out := make([]KeySnapshot, keys)
		for k, fp := range fps {
			used := 10 * m
			out[k] = KeySnapshot{Fingerprint: fp, Last5: fp[:5], Products: "Windows 10/11 Enterprise", Agreement: "91000001ZZS0001",
				Count: timeline.Count{AsOf: on, Limit: ip(5000), Used: &used, Remaining: 5000 - used}}
		}
		return out
	}
	for m := 0; m < months; m++ {
		if err := h.Record(planner.NewDate(2016, time.Month(1+m), 1), month(m), nil, false); err != nil {
			b.Fatal(err)
		}
	}
	h.Close()
	now := month(months)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h, err := Open(path, 10*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Record(now[0].AsOf, now, nil, false); err != nil {
			b.Fatal(err)
		}
		for _, fp := range fps {
			ss, err := h.Snapshots(fp, 6)
			if err != nil || len(ss) != 6 {
				b.Fatal(len(ss), err)
			}
			counts := make([]timeline.Count, len(ss))
			for i, sn := range ss {
				counts[i] = sn.Count
			}
			if _, ok := timeline.Slope(counts); !ok {
				b.Fatal("no slope")
			}
		}
		if _, err := h.Requests(); err != nil {
			b.Fatal(err)
		}
		h.Close()
	}
}
