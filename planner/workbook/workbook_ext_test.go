package workbook_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner/internal/estate"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/workbook"
	"github.com/xuri/excelize/v2"
)

// open writes r's workbook and opens it.
func open(t *testing.T, r *report.Report) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := workbook.Write(&b, r, workbook.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// find returns the first row of sheet whose first cell starts with prefix.
func find(t *testing.T, f *excelize.File, sheet, prefix string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) > 0 && strings.HasPrefix(row[0], prefix) {
			return row
		}
	}
	t.Fatalf("sheet %s has no row starting %q", sheet, prefix)
	return nil
}

// TestSamplesWorkbook: the samples' workbook, sheet by sheet: the Summary's
// short pools and their total (20 + 2 − 10 = 12, 4 + 1 − 3 = 2, 5 + 1 − 3 =
// 3: 17, the legend's formula on the totals: 29 + 4 − 16 = 17), the
// headline's scope, every device on Devices with its explanation code, the
// codes explained, To Buy's eight rows; no ESU sheet without ESU, no
// History sheet without a history.
func TestSamplesWorkbook(t *testing.T) {
	r := estate.Samples(t)
	f := open(t, r)
	want := []string{"Summary", "To Buy", "Devices", "Explanations", "Ineligible", "Waves", "Assumptions"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %v, want %v", got, want)
	}
	total := find(t, f, "Summary", "Total of the")
	if total[0] != "Total of the 3 short pools" || total[3] != "16" || total[5] != "29" || total[6] != "4" || total[7] != "17" || total[8] != "17" {
		t.Errorf("Summary total %q", total)
	}
	if row := find(t, f, "Summary", "In scope:"); row[0] != "In scope: 65 devices: 43 eligible, 22 not eligible." {
		t.Errorf("scope %q", row[0])
	}
	devices, err := f.GetRows("Devices")
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, row := range devices[1:] {
		codes[row[len(row)-1]] = true
	}
	if len(devices) != 66 {
		t.Errorf("%d device rows, want 65", len(devices)-1)
	}
	explained, _ := f.GetRows("Explanations")
	n := 0
	for _, row := range explained {
		if len(row) > 3 && codes[row[0]] {
			n++
			if row[3] == "" {
				t.Errorf("explanation %s is empty", row[0])
			}
		}
	}
	if n != len(codes) {
		t.Errorf("%d codes on Devices, %d explained", len(codes), n)
	}
	if row := find(t, f, "To Buy", "Total, each device once"); row[4] != "12" || row[5] != "11" {
		t.Errorf("To Buy total %q", row)
	}
	if row := find(t, f, "Ineligible", "NW-LT-0120"); !strings.HasPrefix(row[2], "enterprise-not-covered:") {
		t.Errorf("Ineligible row %q", row)
	}
}

// TestESUWorkbook: esu.txtar's estate: the ESU sheet per year (figures
// derived in that script) and the Devices sheet's years.
func TestESUWorkbook(t *testing.T) {
	f := open(t, estate.FromScript(t, "esu.txtar", "esu.yaml"))
	y2 := find(t, f, "ESU", "Year 2")
	if y2[2] != "9" || y2[3] != "1" || y2[4] != "1" || y2[5] != "3" || y2[6] != "5" || y2[7] != "50" || y2[10] != "4" {
		t.Errorf("Year 2 %q", y2)
	}
	y3 := find(t, f, "ESU", "Year 3")
	if y3[6] != "5" || y3[7] != "3" || y3[8] != "3" || y3[9] != "3" || y3[10] != "5" {
		t.Errorf("Year 3 %q", y3)
	}
	if row := find(t, f, "ESU", "E-10"); row[1] != "reimaged to Windows 10 again" || row[4] != "2, 3" || row[5] != "3" {
		t.Errorf("E-10 %q", row)
	}
}

// TestRequestWorkbook: each request's own workbook: the form's fields
// (no authorization column under an EA), the pools with their
// arithmetic, the waves; no device name.
func TestRequestWorkbook(t *testing.T) {
	r := estate.Samples(t)
	qs, err := r.Requests()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := workbook.WriteRequest(&b, r, qs[0]); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := find(t, f, "Request", "Agreement / enrollment number")
	if strings.Contains(strings.Join(head, "|"), "Authorization") {
		t.Errorf("an authorization column under an EA: %q", head)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			if strings.Contains(strings.Join(row, "|"), "NW-LT-") {
				t.Fatalf("sheet %s names a device: %q", sheet, row)
			}
		}
	}
}

// TestLongNamesShortened: a device name of 40,000 characters (a plan read
// with a raised inputs.limits.cell_length) and a wave name of 1,200 are
// written cut to 100 characters, the last an ellipsis, never a library
// error (issue 28, finding 16); a key inside such a name is masked before
// the cut, so no cut leaves a key's head in clear.
func TestLongNamesShortened(t *testing.T) {
	r := estate.Samples(t)
	d := r.Devices[0]
	d.Name = "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T " + strings.Repeat("a", 40000)
	d.Wave = strings.Repeat("e", 1200)
	f := open(t, r)
	rows, err := f.GetRows("Devices")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range rows {
		if len(row) > 3 && strings.HasPrefix(row[0], "XXXXX-XXXXX-XXXXX-XXXXX-VF68T a") {
			got = row
		}
	}
	if got == nil {
		t.Fatal("the long-named device is not on the Devices sheet, or its key is not masked")
	}
	// 29 characters of masked key, a space, 69 a's and the ellipsis: 100
	// (a, e: letters no key holds, so the masker leaves them be).
	want := "XXXXX-XXXXX-XXXXX-XXXXX-VF68T " + strings.Repeat("a", 69) + "…"
	if got[0] != want {
		t.Errorf("name cell %q (%d characters), want %d", got[0], len([]rune(got[0])), len([]rune(want)))
	}
	if want := strings.Repeat("e", 99) + "…"; got[3] != want {
		t.Errorf("wave cell %q", got[3])
	}
}

// TestSummaryMasksKeyRows: a License ID that carries a key broken over two
// lines of a cell (Alt+Enter), on a key's row of the Summary: masked there
// like every text from an input (the key rows and the unmatched and
// unrecognised lists once skipped Safe).
func TestSummaryMasksKeyRows(t *testing.T) {
	r := estate.Samples(t)
	for i := range r.Keys {
		r.Keys[i].LicenseIDs = []string{"7XN4B-JKC2Q\nTYG8M-W3RPD-VF68T"}
	}
	f := open(t, r)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	masked := false
	for _, row := range rows {
		for _, c := range row {
			if strings.Contains(c, "JKC2Q") || strings.Contains(c, "TYG8M") {
				t.Fatalf("a Summary cell holds the key: %q", c)
			}
			masked = masked || strings.Contains(c, "License ID XXXXX-XXXXX-XXXXX-XXXXX-VF68T")
		}
	}
	if !masked {
		t.Error("no key row shows its License ID, masked")
	}
}
