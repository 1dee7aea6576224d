package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner/problem"
)

// schema is a small plan-like table: Device required, Product optional.
var schema = Schema{
	{Name: "Device", Required: true, Aliases: []string{"Computer Name"}},
	{Name: "Product", Aliases: []string{"Target Product"}},
}

// readAll opens data and returns its rows' Device cells and the problem that
// stopped it (from Open or from Next), if any.
func readAll(t *testing.T, name string, data []byte, lim Limits) ([]string, *problem.Problem) {
	t.Helper()
	tb, err := Open(name, bytes.NewReader(data), schema, Options{Limits: lim})
	if err != nil {
		var p problem.Problem
		if !errors.As(err, &p) {
			t.Fatalf("Open: %v is not a problem.Problem", err)
		}
		return nil, &p
	}
	defer tb.Close()
	var devices []string
	for tb.Next() {
		devices = append(devices, tb.Cell(0))
	}
	if err := tb.Err(); err != nil {
		var p problem.Problem
		if !errors.As(err, &p) {
			t.Fatalf("Next: %v is not a problem.Problem", err)
		}
		return devices, &p
	}
	return devices, nil
}

// workbook zips a minimal .xlsx whose first sheet, "Plan", is sheetData (the
// rows, as XML), with extra parts added as given.
func workbook(t *testing.T, sheetData string, extra map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	add("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`))
	add("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	add("xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if _, ok := extra["xl/sharedStrings.xml"]; ok {
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	add("xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels+`</Relationships>`))
	add("xl/worksheets/sheet1.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		sheetData+`</sheetData></worksheet>`))
	for name, data := range extra {
		add(name, data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rowXML is a row of inline strings.
func rowXML(num int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, num)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, num, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// plan999 is a header and 999 device rows, with raw replacing the cell of
// row 5 (device PC4): what a damaged or hand-made workbook holds.
func plan999(raw string) string {
	var b strings.Builder
	b.WriteString(rowXML(1, "Device", "Product"))
	for i := 1; i <= 999; i++ {
		name := fmt.Sprintf("PC%d", i)
		if i == 4 {
			name = raw
		}
		b.WriteString(rowXML(i+1, name, "Windows 11 Enterprise"))
	}
	return b.String()
}

// Issue 10, case 2: a bad character or broken entity in one cell used to end
// the sheet there without a word (3 devices of 999, no problem). Now the
// reading stops with a problem naming the row and column.
func TestXLSXBadCellIsAProblemNotTheEnd(t *testing.T) {
	for _, raw := range []string{"PC5\x01", "&amp AT&T", "PC\x0B", "PC&#1;", "\xff\xfe"} {
		t.Run(fmt.Sprintf("%q", raw), func(t *testing.T) {
			devices, p := readAll(t, "plan.xlsx", workbook(t, plan999(raw), nil), Limits{})
			if p == nil {
				t.Fatalf("read %d devices and no problem", len(devices))
			}
			if len(devices) != 3 || p.File != "plan.xlsx" || p.Sheet != "Plan" || p.Row != 5 || p.Column != "Device" || !strings.Contains(p.Message, "column A") {
				t.Errorf("got %d devices and %+v; want 3 devices and a problem at sheet Plan, row 5, column Device (A)", len(devices), *p)
			}
			if !strings.Contains(p.Message, "read no further") {
				t.Errorf("the message does not say the sheet was not read to its end: %s", p.Message)
			}
		})
	}
	// The same workbook with a good cell reads all 999.
	devices, p := readAll(t, "plan.xlsx", workbook(t, plan999("PC4"), nil), Limits{})
	if p != nil || len(devices) != 999 {
		t.Fatalf("good workbook: %d devices, problem %v", len(devices), p)
	}
}

// Issue 10, case 3: one unbalanced quote used to swallow the rest of the file
// into one cell ("1 device; 0 problems").
func TestCSVUnbalancedQuote(t *testing.T) {
	var b strings.Builder
	b.WriteString("Device,Product\n")
	for i := 1; i <= 50; i++ {
		if i == 10 {
			b.WriteString("\"PC10,Windows 11 Enterprise\n")
			continue
		}
		fmt.Fprintf(&b, "PC%d,Windows 11 Enterprise\n", i)
	}
	devices, p := readAll(t, "plan.csv", []byte(b.String()), Limits{})
	if p == nil {
		t.Fatalf("read %d devices and no problem", len(devices))
	}
	// Line 11 is PC10's: the quote opens there and is never closed.
	if len(devices) != 9 || p.Row != 11 || !strings.Contains(p.Message, "begins on line 11") {
		t.Errorf("got %d devices and %+v; want 9 and a problem at row 11 naming line 11", len(devices), *p)
	}
	// A stray quote inside an unquoted cell is an error too, with its line.
	devices, p = readAll(t, "plan.csv", []byte("Device,Product\nPC1,Windows 11 Enterprise\nPC\"2,Windows 11 Enterprise\n"), Limits{})
	if p == nil || p.Row != 3 || !strings.Contains(p.Message, "line 3") {
		t.Errorf("bare quote: %d devices, problem %+v", len(devices), p)
	}
}

// Issue 10, case 14: the encoding is judged from the whole file; a
// Windows-1252 ü after the first 4 KB used to come out as U+FFFD.
func TestCSVEncodingFromTheWholeFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Device,Product\n")
	for b.Len() < 64<<10 {
		fmt.Fprintf(&b, "PC%d,Windows 11 Enterprise\n", b.Len())
	}
	b.WriteString("M\xfcller-PC,Windows 11 Enterprise\n")
	devices, p := readAll(t, "plan.csv", b.Bytes(), Limits{})
	if p != nil {
		t.Fatal(p)
	}
	if last := devices[len(devices)-1]; last != "Müller-PC" {
		t.Errorf("last device = %q, want Müller-PC", last)
	}
	// UTF-8 with a multi-byte character cut by a read-chunk boundary stays UTF-8.
	var u bytes.Buffer
	u.WriteString("Device,Product\n")
	for u.Len() < 1<<20-1 {
		u.WriteString("PC,Windows 11 Enterprise\n")
	}
	u.Truncate(1<<20 - 1)
	u.WriteString("\nMüller-PC,Windows 11 Enterprise\n")
	devices, p = readAll(t, "plan.csv", u.Bytes(), Limits{})
	if p != nil {
		t.Fatal(p)
	}
	if last := devices[len(devices)-1]; last != "Müller-PC" {
		t.Errorf("UTF-8: last device = %q, want Müller-PC", last)
	}
}

// Issue 10, case 14: files that are not CSV or .xlsx are named for what
// they are, not dumped to the terminal or reported as "(.xlsx): EOF".
func TestOtherFormatsAreNamed(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0, 1, 2}, 200)...)
	zipOf := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := zw.Create(n)
			_, _ = w.Write([]byte("x"))
		}
		_ = zw.Close()
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"legacy.xls", ole, "legacy Excel 97-2003 workbook (.xls) or a password-protected workbook"},
		{"binary.xlsb", zipOf("[Content_Types].xml", "xl/workbook.bin"), "Excel Binary Workbook (.xlsb)"},
		{"calc.ods", zipOf("mimetype", "content.xml"), "OpenDocument spreadsheet (.ods)"},
		{"photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a text file: it holds a zero byte"},
		{"truncated.xlsx", zipOf("xl/workbook.xml")[:30], "not readable as an Excel workbook"},
	} {
		_, p := readAll(t, c.name, c.data, Limits{})
		if p == nil || !strings.Contains(p.Message, c.want) {
			t.Errorf("%s: got %v, want a problem saying %q", c.name, p, c.want)
		}
	}
}

// Issue 10, cases 5 and 8: limits stop the reading with the file, the row
// and column where known, and the setting that raises the limit.
func TestLimits(t *testing.T) {
	// Rows: a CSV of 12 data rows with a limit of 10.
	var b strings.Builder
	b.WriteString("Device,Product\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "PC%d,Windows 11 Enterprise\n", i)
	}
	devices, p := readAll(t, "plan.csv", []byte(b.String()), Limits{Rows: 10})
	// Rows 2–10 are read (9 devices); row 11 is past the limit.
	if p == nil || len(devices) != 9 || p.Row != 11 || !strings.Contains(p.Message, "inputs.limits.rows") {
		t.Errorf("CSV rows: %d devices, %+v", len(devices), p)
	}

	// Case 14: <row r="2000000"> is reported as what it is, not as row 2.
	devices, p = readAll(t, "plan.xlsx", workbook(t, rowXML(1, "Device", "Product")+rowXML(2000000, "PC1", "Windows 11 Enterprise"), nil), Limits{})
	if p == nil || len(devices) != 0 || !strings.Contains(p.Message, "2,000,000") || !strings.Contains(p.Message, "inputs.limits.rows") {
		t.Errorf("row 2000000: %d devices, %+v", len(devices), p)
	}

	// Cell length: a 40,000-character device name is a problem at its cell,
	// in a CSV and in a workbook, never cut to 32,767.
	long := strings.Repeat("x", 40000)
	devices, p = readAll(t, "plan.csv", []byte("Device,Product\nPC1,Windows 11\n"+long+",Windows 11\n"), Limits{})
	if p == nil || len(devices) != 1 || p.Row != 3 || p.Column != "Device" || !strings.Contains(p.Message, "40,000 characters") || !strings.Contains(p.Message, "inputs.limits.cell_length") {
		t.Errorf("CSV cell: %d devices, %+v", len(devices), p)
	}
	devices, p = readAll(t, "plan.xlsx", workbook(t, rowXML(1, "Device", "Product")+rowXML(2, "PC1", "W")+rowXML(3, long, "W"), nil), Limits{})
	if p == nil || len(devices) != 1 || p.Row != 3 || p.Column != "Device" || !strings.Contains(p.Message, "inputs.limits.cell_length") {
		t.Errorf("XLSX cell: %d devices, %+v", len(devices), p)
	}

	// Line length: a 2 MiB line with a limit of 1 MiB.
	devices, p = readAll(t, "plan.csv", []byte("Device,Product\nPC1,W\nPC2,"+strings.Repeat("y", 2<<20)+"\nPC3,W\n"), Limits{LineLength: 1 << 20})
	if p == nil || len(devices) != 1 || p.Row != 3 || !strings.Contains(p.Message, "line 3 is longer than 1 MiB") || !strings.Contains(p.Message, "inputs.limits.line_length_mb") {
		t.Errorf("CSV line: %d devices, %+v", len(devices), p)
	}

	// Part size: a sheet that inflates past the limit.
	var rows strings.Builder
	rows.WriteString(rowXML(1, "Device", "Product"))
	for i := 2; i < 20000; i++ {
		rows.WriteString(rowXML(i, fmt.Sprintf("PC%d", i), "Windows 11 Enterprise"))
	}
	_, p = readAll(t, "plan.xlsx", workbook(t, rows.String(), nil), Limits{PartSize: 1 << 20})
	if p == nil || p.Sheet != "Plan" || !strings.Contains(p.Message, "xl/worksheets/sheet1.xml inflates to more than 1 MiB") || !strings.Contains(p.Message, "inputs.limits.part_size_mb") {
		t.Errorf("part size: %+v", p)
	}

	// Parts makplan does not need are never inflated: a 64 MiB picture
	// with a workbook limit of 1 MiB does not stop the reading.
	media := map[string][]byte{"xl/media/image1.png": make([]byte, 64<<20)}
	devices, p = readAll(t, "plan.xlsx", workbook(t, plan999("PC4"), media), Limits{WorkbookSize: 1 << 20})
	if p != nil || len(devices) != 999 {
		t.Errorf("unreferenced media: %d devices, %v", len(devices), p)
	}

	// Shared strings: a table over the memory limit.
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&sst, "<si><t>device-name-%08d</t></si>", i)
	}
	sst.WriteString(`</sst>`)
	shared := map[string][]byte{"xl/sharedStrings.xml": []byte(sst.String())}
	_, p = readAll(t, "plan.xlsx", workbook(t, rowXML(1, "Device", "Product"), shared), Limits{SharedStrings: 1 << 20})
	if p == nil || !strings.Contains(p.Message, "shared strings take more than 1 MiB") || !strings.Contains(p.Message, "inputs.limits.shared_strings_mb") {
		t.Errorf("shared strings: %+v", p)
	}
}

// Issue 10, case 1: the header-row problem quotes the likeliest header row,
// which may be a data row holding a whole key: it is masked.
func TestHeaderProblemMasksKeys(t *testing.T) {
	data := "7XN4B-JKC2Q-TYG8M-W3RPD-VF68T,MAK,47/63\nD9HGK-2WMXT-B6QYR-7CFJP-3GVF7,MAK,1/10\n"
	_, p := readAll(t, "keys.csv", []byte(data), Limits{})
	if p == nil {
		t.Fatal("no problem for a table without a header row")
	}
	if strings.Contains(p.Message, "JKC2Q") || !strings.Contains(p.Message, "XXXXX-XXXXX-XXXXX-XXXXX-VF68T") {
		t.Errorf("the problem does not mask the key: %s", p.Message)
	}
}

// A panic while reading ahead (a bug) is reported as the reading's error,
// not a crash of the process without makplan's report of it.
func TestReadAheadPanicIsAnError(t *testing.T) {
	a := startReadAhead(func() (Row, bool, error) { panic("boom") })
	defer a.stop()
	_, ok, err := a.next()
	if ok || err == nil || !strings.Contains(err.Error(), "internal error while reading (a bug in makplan): boom") {
		t.Fatalf("ok %v, err %v", ok, err)
	}
}

// TestColumnRoles (issue 24): with OneColumnPerField, a column is read for one
// field and a field from one column; two candidate columns are a conflict
// naming both, unless a configured alias chooses one (the other overruled);
// a configured alias wins over a built-in one; known columns are not used,
// never near misses.
func TestColumnRoles(t *testing.T) {
	schema := Schema{
		{Name: "Licensed Product", Aliases: []string{"DisplayName0", "Product"}},
		{Name: "Device OS", Aliases: []string{"Caption0", "OS"}},
		{Name: "Device", Required: true, Aliases: []string{"Name0"}},
		{Name: "Device SA"},
	}
	open := func(csv string, opt Options) *Table {
		t.Helper()
		opt.OneColumnPerField = true
		tb, err := Open("p.csv", strings.NewReader(csv), schema, opt)
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	tb := open("Name0,Caption0,DisplayName0,Device ID\n", Options{NotUsed: []string{"Device ID"}})
	if tb.HeaderOf(0) != "DisplayName0" || tb.HeaderOf(1) != "Caption0" || len(tb.Conflicts) != 0 || len(tb.Misses) != 0 ||
		strings.Join(tb.NotUsed, ",") != "Device ID" {
		t.Errorf("roles: product %q, os %q, conflicts %v, misses %v, not used %v", tb.HeaderOf(0), tb.HeaderOf(1), tb.Conflicts, tb.Misses, tb.NotUsed)
	}
	tb = open("Name0,Product,DisplayName0\n", Options{})
	if len(tb.Conflicts) != 1 || tb.Conflicts[0].String() != `columns "Product", "DisplayName0" all name Licensed Product: which to read cannot be told; keep one, or choose it with inputs: aliases: {Licensed Product: ["Product"]}` {
		t.Errorf("conflict: %v", tb.Conflicts)
	}
	tb = open("Name0,Product,DisplayName0\n", Options{Aliases: map[string][]string{"Licensed Product": {"Product"}}})
	if tb.HeaderOf(0) != "Product" || len(tb.Conflicts) != 0 || len(tb.Overruled) != 1 || strings.Join(tb.Overruled[0].Headers, ",") != "Product,DisplayName0" {
		t.Errorf("chosen: %q, conflicts %v, overruled %v", tb.HeaderOf(0), tb.Conflicts, tb.Overruled)
	}
	// A configured alias that a built-in alias of another field also names:
	// the user's field has it.
	tb = open("Name0,Caption0\n", Options{Aliases: map[string][]string{"Licensed Product": {"Caption0"}}})
	if tb.HeaderOf(0) != "Caption0" || tb.Has(1) {
		t.Errorf("user alias: product %q, os %v", tb.HeaderOf(0), tb.Has(1))
	}
}
