package plan

import (
	"bytes"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
)

// FuzzRead feeds arbitrary bytes to the plan reader: it may report problems
// but must never panic, and every problem must say where it is.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Device,Licensed Product,License Channel,Target Product\nPC-1,Windows 10 Pro,OEM,Windows 11 Enterprise\n"))
	f.Add([]byte("\xff\xfeD\x00e\x00v\x00i\x00c\x00e\x00"))
	f.Add([]byte("sep=;\nNetbios_Name0;Caption0;Description0;Target OS;Wave Date\nA;Windows(R), Professional edition;OEM_DM channel;Windows 11 Enterprise;03/04/27\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte("\"unterminated,quote\nDevice\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps problem.Problems
		Read("fuzz.csv", bytes.NewReader(data), Options{MaxProblems: 50}, &ps, func(*planner.Device) {})
		for _, p := range ps.Errors {
			if p.File != "fuzz.csv" || p.Message == "" {
				t.Fatalf("problem without a place or a message: %+v", p)
			}
		}
	})
}
