package rules

import (
	"runtime"
	"testing"

	"github.com/makplan/makplan/planner"
)

// BenchmarkJudgeMillion judges 1,000,000 in-memory devices cycling over a mix
// of eligible and ineligible shapes (the eligibility issue's target: under 1 s).
func BenchmarkJudgeMillion(b *testing.B) {
	shapes := []*planner.Device{
		dev("Windows 10 Pro", "OEM", "Windows 11 Enterprise", eu),
		dev("Windows 10 Pro", "OEM", "Windows 10 Enterprise"),
		dev("Windows 8.1 Pro", "OEM", "Windows 10 Enterprise"),
		dev("Windows 10 Pro", "OEM", "Windows 7 Professional"),
		dev("Office Standard 2016", "OEM", "Office Professional Plus 2016"),
		dev("Office Professional Plus 2021", "Volume", "Office Professional Plus 2021"),
		dev("Windows Server 2012 R2 Standard", "Volume", "Windows Server 2012 Standard"),
		dev("Windows 10 Pro", "OEM", "Windows 10 Pro", oemMedia("HP"), arch(planner.ArchX86, planner.ArchX64)),
	}
	devices := make([]planner.Device, 1_000_000)
	for i := range devices {
		devices[i] = *shapes[i%len(shapes)]
	}
	j := testJudge()
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		eligible := 0
		for i := range devices {
			if j.Judge(&devices[i]).Eligible {
				eligible++
			}
		}
		if eligible != 3*len(devices)/8 {
			b.Fatalf("eligible = %d", eligible)
		}
	}
}
