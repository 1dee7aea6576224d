package plan

import (
	"bytes"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/samples"
)

func synthetic(n int) []byte {
	var b bytes.Buffer
	if err := samples.WriteSyntheticCSV(&b, n); err != nil {
		panic(err)
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
		var ps problem.Problems
		n := 0
		Read("plan.csv", bytes.NewReader(data), Options{Defaults: map[string]string{"Agreement": "91000001ZZS0001"}}, &ps, func(*planner.Device) { n++ })
		if n != 100_000 || len(ps.Errors) > 0 {
			b.Fatalf("read %d devices, %d problems: %v", n, len(ps.Errors), ps.Errors)
		}
	}
}
