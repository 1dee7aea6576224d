package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/makplan/makplan/samples"
)

// syntheticPlan writes a CSV plan of n devices cycling over the sample rows.
func syntheticPlan(b *testing.B, n int) string {
	return synthetic(b, "plan.csv", n, samples.WriteSyntheticCSV)
}

// syntheticXLSX writes an Excel-style workbook plan of n devices.
func syntheticXLSX(b *testing.B, n int) string {
	return synthetic(b, "plan.xlsx", n, samples.WriteSyntheticXLSX)
}

func synthetic(b *testing.B, name string, n int, write func(io.Writer, int) error) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := write(f, n); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchRun(b *testing.B, args []string) {
	for i := 0; i < b.N; i++ {
		if code := run(args, nil, io.Discard, io.Discard); code != exitShortfall {
			b.Fatalf("exit status %d, want 3 (the samples are short)", code)
		}
	}
}

// BenchmarkMillion computes the whole plan for 1,000,000 devices in-process
// — read the CSV, judge, allocate, summarise — as `check` does (the capacity
// issue's target: under 5 s on the 2-core machine); json also streams the
// million verdicts of the JSON summary.
func BenchmarkMillion(b *testing.B) {
	path := syntheticPlan(b, 1_000_000)
	base := []string{"check", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--plan", path}
	b.Run("summary", func(b *testing.B) { benchRun(b, base) })
	b.Run("json", func(b *testing.B) { benchRun(b, append(base, "--json")) })
}

// BenchmarkPlanDeliverables100k is `makplan plan` on 100,000 devices,
// writing the workbook (100,000 explained device rows) and the request.
func BenchmarkPlanDeliverables100k(b *testing.B) {
	path := syntheticPlan(b, 100_000)
	benchRun(b, []string{"plan", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--plan", path, "--out", b.TempDir()})
}

// BenchmarkPlanXLSX100k is `makplan plan` on an Excel-style 100,000-device
// workbook: the target is 1.5 s and 200 MB for the whole process
// (scripts/bench-cli.sh measures that).
func BenchmarkPlanXLSX100k(b *testing.B) {
	path := syntheticXLSX(b, 100_000)
	b.ResetTimer()
	benchRun(b, []string{"plan", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--plan", path, "--out", b.TempDir()})
}

// BenchmarkCheckXLSX100k is `makplan check` on the same workbook: reading
// and judging without writing.
func BenchmarkCheckXLSX100k(b *testing.B) {
	path := syntheticXLSX(b, 100_000)
	b.ResetTimer()
	benchRun(b, []string{"check", "--config", "../../config.example.yaml", "--as-of", "2026-11-27", "--plan", path})
}
