package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/makplan/makplan/samples"
)

// BenchmarkPlanMillion runs `makplan plan` in-process on a 1,000,000-device
// CSV plan cycling over the sample rows, with the sample keys and config (the
// capacity issue's target: under 5 s on the 2-core machine). The JSON variant
// also streams a million verdicts to stdout.
func BenchmarkPlanMillion(b *testing.B) {
	path := filepath.Join(b.TempDir(), "plan-1m.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := samples.WriteSyntheticCSV(f, 1_000_000); err != nil {
		b.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name string
		args []string
	}{{"summary", nil}, {"json", []string{"--json"}}} {
		b.Run(tc.name, func(b *testing.B) {
			args := append([]string{"plan", "--config", "../../config.example.yaml", "--plan", path, "--out", b.TempDir()}, tc.args...)
			for i := 0; i < b.N; i++ {
				if code := run(args, nil, io.Discard, io.Discard); code != exitShortfall {
					b.Fatalf("exit status %d, want 3 (the samples are short)", code)
				}
			}
		})
	}
}
