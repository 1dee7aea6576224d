package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/xuri/excelize/v2"
)

// TestMergedWaveCells: a Wave and a Wave Date merged over the rows of a
// wave (Excel keeps the value in the first cell only) are filled down, with
// a warning naming each range; they used to leave every device but the
// first without a wave, and "0 warnings".
func TestMergedWaveCells(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Device", "Licensed Product", "License Channel", "Target Product", "Wave", "Wave Date"},
		{"PC-1", "Windows 10 Pro", "OEM", "Windows 11 Pro", "W1", "2027-01-18"},
		{"PC-2", "Windows 10 Pro", "OEM", "Windows 11 Pro"},
		{"PC-3", "Windows 10 Pro", "OEM", "Windows 11 Pro"},
		{"PC-4", "Windows 10 Pro", "OEM", "Windows 11 Pro", "W2", "2027-02-15"},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, rng := range [][2]string{{"E2", "E4"}, {"F2", "F4"}} {
		if err := f.MergeCell("Sheet1", rng[0], rng[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	var ps problem.Problems
	var ds []*planner.Device
	Read("plan.xlsx", bytes.NewReader(buf.Bytes()), Options{}, &ps, func(d *planner.Device) { ds = append(ds, d) })
	if len(ps.Errors) > 0 || len(ds) != 4 {
		t.Fatalf("%d devices, problems %v", len(ds), ps.Errors)
	}
	for i, want := range []string{"W1 2027-01-18", "W1 2027-01-18", "W1 2027-01-18", "W2 2027-02-15"} {
		if got := ds[i].Wave + " " + ds[i].WaveDate.String(); got != want {
			t.Errorf("%s: %s, want %s", ds[i].Name, got, want)
		}
	}
	var ws []string
	for _, w := range ps.Warnings {
		ws = append(ws, w.Error())
	}
	want := `plan.xlsx, sheet "Sheet1", row 2, column "Wave": cells E2:E4 are merged: the value of Wave's first cell is taken for its 2 rows below (Excel keeps it in the first cell only); unmerge them to silence this` + "\n" +
		`plan.xlsx, sheet "Sheet1", row 2, column "Wave Date": cells F2:F4 are merged: the value of Wave Date's first cell is taken for its 2 rows below (Excel keeps it in the first cell only); unmerge them to silence this`
	if got := strings.Join(ws, "\n"); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}
