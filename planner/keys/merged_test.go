package keys

import (
	"bytes"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner/problem"
	"github.com/xuri/excelize/v2"
)

// TestMergedCellsInAKeyExport: merged cells in a key table would leave the
// rows below their first without a value; they are a problem naming the range.
func TestMergedCellsInAKeyExport(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"License ID", "Product", "Product Key", "Type", "MAK Activations-Used/Available"},
		{"63412587", "Windows 10/11 Enterprise", "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "MAK", "47/63"},
		{"", "", "D9HGK-2WMXT-B6QYR-7CFJP-3GVF7", "MAK", "10/20"},
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	if err := f.MergeCell("Sheet1", "A2", "B3"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	var ps problem.Problems
	Read("keys.xlsx", bytes.NewReader(buf.Bytes()), Options{}, &ps)
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Error(), `keys.xlsx, sheet "Sheet1", row 2: cells A2:B3 are merged`) {
		t.Errorf("problems %v", ps.Errors)
	}
}
