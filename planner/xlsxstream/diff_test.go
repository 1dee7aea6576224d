package xlsxstream

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// rewritePart returns a copy of the zip data with the named part passed
// through edit.
func rewritePart(tb testing.TB, data []byte, name string, edit func(string) string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var parts []part
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		body := string(b)
		if f.Name == name {
			found = true
			body = edit(body)
		}
		parts = append(parts, part{f.Name, body})
	}
	if !found {
		tb.Fatalf("no part %s", name)
	}
	return buildZip(tb, parts...)
}

// mustReplace replaces old by new in s, failing if old is not there.
func mustReplace(tb testing.TB, s, old, new string) string {
	tb.Helper()
	if !strings.Contains(s, old) {
		tb.Fatalf("%q not found in %.300s...", old, s)
	}
	return strings.ReplaceAll(s, old, new)
}

// diffTexts are strings that exercise text handling: unicode, spaces kept
// at the ends, line breaks, markup characters, things that look like
// _xHHHH_ escapes.
var diffTexts = []string{
	"plain",
	"café é", "中文字符", "emoji 😀👍🏽",
	"  leading and trailing  ", " ", "\ttab",
	"line one\nline two", "crlf\r\nline", "cr\ronly",
	`markup <b>&amp; "quotes" 'apos'</b>`, "AT&T", "a]]>b",
	"_x0041_ looks like an escape", "C:\\dir\\_x000D_", "_x005F_x0041_", "x_y_z_",
	"=not a formula", "0123", "1e5", "TRUE",
	strings.Repeat("long ", 6553), // 32,765 characters
}

// buildDiffWorkbook writes a workbook with excelize: Sheet1 through the
// in-memory API (shared strings, rich text, numbers, booleans, dates,
// formulas, sparse rows and columns), Stream through the StreamWriter
// (inline strings, inline rich text, formulas with cached string results).
func buildDiffWorkbook(tb testing.TB, date1904 bool) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			tb.Fatal(err)
		}
	}
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	const s1 = "Sheet1"
	// Row 1: headers; row 2: numbers; row 7: sparse cells; row 1000: dates.
	for i, h := range []string{"Text", "Int", "Float", "Bool", "Date", "Formula"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		must(f.SetCellValue(s1, cell, h))
	}
	must(f.SetCellValue(s1, "A2", 42))
	must(f.SetCellValue(s1, "B2", -17))
	must(f.SetCellValue(s1, "C2", 3.14159))
	must(f.SetCellValue(s1, "D2", true))
	must(f.SetCellValue(s1, "E2", false))
	must(f.SetCellValue(s1, "F2", 1e-10))
	must(f.SetCellValue(s1, "G2", -2.5e300))
	must(f.SetCellValue(s1, "H2", 12345678901234567))
	must(f.SetCellValue(s1, "I2", 0.1+0.2))
	must(f.SetCellValue(s1, "J2", float32(1.5)))
	must(f.SetCellValue(s1, "K2", uint64(18446744073709551615)))
	must(f.SetCellValue(s1, "A7", "first"))
	must(f.SetCellValue(s1, "D7", "after a gap"))
	must(f.SetCellValue(s1, "Z7", "far right"))
	style, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"FFFF00"}, Pattern: 1}})
	must(err)
	must(f.SetCellStyle(s1, "B7", "C7", style)) // styled but empty: <c r="B7" s="2"/>
	must(f.SetCellValue(s1, "A1000", time.Date(2024, 2, 29, 13, 45, 30, 0, time.UTC)))
	must(f.SetCellValue(s1, "B1000", time.Date(1904, 1, 2, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellValue(s1, "C1000", time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellValue(s1, "D1000", 90*time.Minute))
	must(f.SetCellFormula(s1, "E1000", "SUM(A2:C2)"))
	must(f.SetCellValue(s1, "F1000", "after formula"))
	must(f.SetCellRichText(s1, "A1001", []excelize.RichTextRun{
		{Text: "bold ", Font: &excelize.Font{Bold: true}},
		{Text: "and italic", Font: &excelize.Font{Italic: true, Color: "FF0000"}},
		{Text: " _x0041_ plain"},
	}))
	for i, s := range diffTexts {
		cell, _ := excelize.CoordinatesToCellName(i%5+1, 1002+i/5)
		must(f.SetCellValue(s1, cell, s))
	}

	// A second sheet through the StreamWriter: inline strings.
	_, err = f.NewSheet("Stream")
	must(err)
	sw, err := f.NewStreamWriter("Stream")
	must(err)
	must(sw.SetRow("A1", []any{"inline", 1, 2.5, true, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)}))
	must(sw.SetRow("A2", []any{
		excelize.Cell{Formula: "CONCAT(\"a\",\"b\")", Value: "ab"},
		excelize.Cell{Formula: "1/0", Value: "#DIV/0!"},
		excelize.Cell{Formula: "NA()", Value: "#N/A"},
		nil,
		[]excelize.RichTextRun{{Text: "rich ", Font: &excelize.Font{Bold: true}}, {Text: "inline"}},
	}))
	for i, s := range diffTexts {
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		must(sw.SetRow(cell, []any{s, i, nil, s}))
	}
	must(sw.SetRow("C1000", []any{"sparse", nil, nil, "row"}))
	must(sw.Flush())
	var buf bytes.Buffer
	must(f.Write(&buf))
	data := buf.Bytes()
	// excelize writes error results as t="str"; make two of them real error
	// cells, t="e", as Excel writes them.
	return rewritePart(tb, data, "xl/worksheets/sheet2.xml", func(s string) string {
		s = mustReplace(tb, s, `t="str"><f>1/0</f><v>#DIV/0!</v>`, `t="e"><f>1/0</f><v>#DIV/0!</v>`)
		return mustReplace(tb, s, `t="str"><f>NA()</f><v>#N/A</v>`, `t="e"><f>NA()</f><v>#N/A</v>`)
	})
}

// TestDifferential compares every cell this package reads with what
// excelize's Rows and Columns(RawCellValue) read, on workbooks excelize
// wrote, in both date systems.
func TestDifferential(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		data := buildDiffWorkbook(t, date1904)
		w, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Date1904(); got != date1904 {
			t.Errorf("Date1904() = %v, want %v", got, date1904)
		}
		if got := strings.Join(w.Sheets(), ","); got != "Sheet1,Stream" {
			t.Errorf("Sheets() = %s", got)
		}
		for _, sheet := range w.Sheets() {
			ours, err := readOurs(data, sheet, Limits{})
			if err != nil {
				t.Fatalf("%s: %v", sheet, err)
			}
			theirs, err := readExcelize(data, sheet)
			if err != nil {
				t.Fatalf("excelize, %s: %v", sheet, err)
			}
			if d := diffRows(ours, theirs); d != "" {
				t.Errorf("date1904=%v, sheet %s:\n%s", date1904, sheet, d)
			}
			if len(ours) < 10 {
				t.Errorf("sheet %s: only %d rows read", sheet, len(ours))
			}
		}
	}
}

// TestDifferentialSpotChecks checks values the differential test relies on
// excelize for, so that a change in both would not go unnoticed.
func TestDifferentialSpotChecks(t *testing.T) {
	data := buildDiffWorkbook(t, false)
	rows, err := readOurs(data, "Sheet1", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	byNum := map[int][]string{}
	for _, r := range rows {
		byNum[r.Num] = r.Cells
	}
	check := func(num, col int, want string) {
		t.Helper()
		cells := byNum[num]
		got := ""
		if col < len(cells) {
			got = cells[col]
		}
		if got != want {
			t.Errorf("row %d column %s = %q, want %q", num, ColumnName(col), got, want)
		}
	}
	check(1, 0, "Text")
	check(2, 0, "42")
	check(2, 1, "-17")
	check(2, 3, "1")
	check(2, 4, "0")
	check(7, 0, "first")
	check(7, 1, "")
	check(7, 3, "after a gap")
	check(7, 25, "far right")
	check(1000, 0, "45351.57326388889")             // 2024-02-29 13:45:30
	check(1001, 0, "bold and italic _x0041_ plain") // excelize escapes the literal as _x005F_x0041_
	if _, ok := byNum[3]; ok {
		t.Error("row 3 read, but the sheet has none")
	}
	stream, err := readOurs(data, "Stream", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := stream[1].Cells; len(got) < 5 || got[0] != "ab" || got[1] != "#DIV/0!" || got[2] != "#N/A" || got[4] != "rich inline" {
		t.Errorf("Stream row 2 = %q", got)
	}
}

// TestConcurrentSheets reads the sheets of one Workbook from several
// goroutines at once, the first Rows calls racing to load the shared
// strings (run with -race).
func TestConcurrentSheets(t *testing.T) {
	data := buildDiffWorkbook(t, false)
	w, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := readOurs(data, "Sheet1", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			rows, err := w.Rows([]string{"Sheet1", "Stream"}[i%2])
			if err != nil {
				errs <- err
				return
			}
			defer rows.Close()
			var got []row
			for rows.Next() {
				if cells := trimRow(rows.Cells()); len(cells) > 0 {
					got = append(got, row{rows.Num(), cells})
				}
			}
			if err := rows.Err(); err != nil {
				errs <- err
				return
			}
			if i%2 == 0 && diffRows(got, want) != "" {
				errs <- fmt.Errorf("goroutine %d read different rows", i)
				return
			}
			errs <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestCloseEarly stops reading in the middle of a sheet: Close must stop
// the inflating goroutine, and Next must then return false.
func TestCloseEarly(t *testing.T) {
	data := buildZip(t, workbookParts(sheetDoc(strings.Repeat(`<row><c><v>1</v></c></row>`, 100000)), "")...)
	w, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		rows, err := w.Rows("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; n < i*10 && rows.Next(); n++ {
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if rows.Next() || rows.Err() != nil {
			t.Fatal("Next after Close")
		}
		rows.Close()
	}
}
