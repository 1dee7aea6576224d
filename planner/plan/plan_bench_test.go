package plan

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/makplan/makplan/planner"
)

// synthetic returns a CSV plan of n rows shaped like the samples (MECM names,
// LCIDs, mixed channels and targets).
func synthetic(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Computer Name,Serial Number,Manufacturer,Current OS,License Channel,OS Language,OS Architecture,Target Product,Media,Enterprise Upgrade,SA Per Device,User SA Until,Agreement,Activation,Wave,Wave Date,Key,Local Reactivation\r\n")
	targets := []string{"Windows 11 Enterprise", "Windows 10 Pro", "Office LTSC Professional Plus 2021"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "NW-%07d,SN%07d,Dell Inc.,Microsoft Windows 10 Pro,OEM:DM,1033,64-bit,%s,Volume,Yes,,2027-12-31,91000001ZZS0001,MAK,W%d,2027-0%d-15,,No\r\n",
			i, i, targets[i%len(targets)], i%3+1, i%3+1)
	}
	return b.Bytes()
}

// BenchmarkReadCSV100k reads a 100,000-row CSV plan (the foundation issue's
// target: validate in under 2 s on the 2-core machine).
func BenchmarkReadCSV100k(b *testing.B) {
	data := synthetic(100_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var ps planner.Problems
		n := 0
		Read("plan.csv", bytes.NewReader(data), Options{}, &ps, func(*planner.Device) { n++ })
		if n != 100_000 || len(ps.Errors) > 0 {
			b.Fatalf("read %d devices, %d problems: %v", n, len(ps.Errors), ps.Errors)
		}
	}
}
