package xlsxstream

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// FuzzSheetXML wraps the fuzzed bytes as xl/worksheets/sheet1.xml (and, when
// not empty, xl/sharedStrings.xml) of a workbook and reads it with this
// package and with excelize; checkAgainstExcelize says what must hold.
//
//	go test -run '^$' -fuzz FuzzSheetXML -fuzztime 60s -fuzzminimizetime 50x ./planner/xlsxstream/
//
// (By default the engine spends up to a minute minimizing each input that
// reaches new code, and an execution here takes about a millisecond.)
// FuzzRowsXML and FuzzSharedStringsXML fuzz less of the part, so that the
// mutations land where the values are.
func FuzzSheetXML(f *testing.F) {
	for _, fx := range goodFixtures {
		f.Add([]byte(fx.sheet), []byte(fx.sst))
	}
	for _, fx := range badFixtures {
		f.Add([]byte(fx.sheet), []byte(fx.sst))
	}
	for _, seed := range generatedSeeds(f) {
		f.Add(seed[0], seed[1])
	}
	for _, rows := range rowSeeds {
		f.Add([]byte(`<worksheet><sheetData>`+rows+`</sheetData></worksheet>`), []byte(fuzzSST))
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		checkAgainstExcelize(t, sheet, sst)
	})
}

// FuzzRowsXML fuzzes the content of <sheetData>, after a first valid row,
// with a fixed shared-string table.
func FuzzRowsXML(f *testing.F) {
	for _, rows := range rowSeeds {
		f.Add([]byte(rows))
	}
	f.Fuzz(func(t *testing.T, rows []byte) {
		sheet := append([]byte(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`), rows...)
		checkAgainstExcelize(t, append(sheet, `</sheetData></worksheet>`...), []byte(fuzzSST))
	})
}

// FuzzSharedStringsXML fuzzes the content of <sst>, with a fixed sheet that
// uses the first strings.
func FuzzSharedStringsXML(f *testing.F) {
	for _, items := range sstSeeds {
		f.Add([]byte(items))
	}
	sheet := []byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>` +
		`<c r="C1" t="s"><v>2</v></c></row></sheetData></worksheet>`)
	f.Fuzz(func(t *testing.T, items []byte) {
		sst := append([]byte(`<sst `+nsMainAttr+`>`), items...)
		checkAgainstExcelize(t, sheet, append(sst, `</sst>`...))
	})
}

// Small seeds: the engine mutates small inputs far more effectively.
var (
	fuzzSST  = `<sst ` + nsMainAttr + `><si><t>zero</t></si><si><r><t>o</t></r><r><rPr><b/></rPr><t>ne</t></r></si><si><t>_x0032_</t></si></sst>`
	rowSeeds = []string{
		`<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="D2" t="s"><v>2</v></c></row>`,
		`<row r="2"><c r="A2"><v>-1.5E+3</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2" s="1"><v>45351.5</v></c></row>`,
		`<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a&amp;b&#x41;&#65;&lt;&#10;</t></is></c><c r="B2" t="str"><f>A2</f><v>x</v></c></row>`,
		`<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b val="1"/><sz val="11"/></rPr><t>rich</t></r><r><t>_x000D_</t></r></is></c></row>`,
		`<row><c><v>1</v></c><c/><c><v>3</v></c></row><row r="9"><c r="C9"><v><![CDATA[<x>]]></v></c></row>`,
		`<x:row r="2" xmlns:x="urn:x"><x:c r="B2"><x:v>2</x:v></x:c></x:row><!-- note --><row r="3"/>`,
		"<row r=\"2\"><c r=\"A2\" t=\"str\"><v>caf\u00e9 \u4e2d \U0001F600\r\n</v></c></row>",
	}
	sstSeeds = []string{
		`<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si>`,
		`<si><r><t>x</t></r><r><rPr><i/><color rgb="FF0000"/></rPr><t>y</t></r></si><si><t>&#x41;&amp;</t></si><si/>`,
		`<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si><si><t>_x005F_x0041_</t></si><si><t xml:space="preserve"> </t></si>`,
	}
)

// checkAgainstExcelize reads a workbook whose first sheet is sheet (and
// whose shared strings are sst, when not empty) with this package and with
// excelize, and fails t if compareWithExcelize finds a problem.
func checkAgainstExcelize(t *testing.T, sheet, sst []byte) {
	// The fuzzing engine has no time limit per input: a hang would stall it
	// silently, so make one a crash, with every goroutine's stack.
	watchdog := time.AfterFunc(20*time.Second, func() {
		buf := make([]byte, 1<<20)
		panic("input took over 20s:\n" + string(buf[:runtime.Stack(buf, true)]))
	})
	defer watchdog.Stop()
	if problem := compareWithExcelize(t, sheet, sst); problem != "" {
		t.Fatal(problem)
	}
}

// compareWithExcelize reads a workbook whose first sheet is sheet (and
// whose shared strings are sst; none when empty) with this package and with
// excelize. This package must either read the rows without error, and then
// excelize must read them too, without error and cell for cell alike; or
// return a *FormatError or *LimitError that names a row when it stopped
// among the rows. Never rows that differ from excelize's, never fewer rows
// with a nil error where excelize failed or silently stopped. It returns
// what went wrong, or "".
func compareWithExcelize(tb testing.TB, sheet, sst []byte) string {
	data := buildZipMethod(tb, zip.Store, workbookParts(string(sheet), string(sst))...)
	ours, seen, pastRows, err := readOursTracked(data)
	theirs, theirErr := readExcelize(data, "Sheet1")
	if err == nil {
		if theirErr != nil {
			return fmt.Sprintf("read %d rows without error, but excelize fails: %v", len(ours), theirErr)
		}
		if bytes.Contains(sst, []byte("purl.oclc.org")) {
			return "" // excelize rewrites namespace URIs in strings: see TestKnownDifference
		}
		if d := diffRows(ours, theirs); d != "" {
			return "rows differ from excelize's:\n" + d
		}
		return ""
	}
	var fe *FormatError
	var le *LimitError
	row, part := 0, ""
	switch {
	case errors.As(err, &fe):
		row, part = fe.Row, fe.Part
	case errors.As(err, &le):
		row, part = le.Row, le.Part
	default:
		return fmt.Sprintf("error of type %T: %v", err, err)
	}
	if part == "xl/worksheets/sheet1.xml" && seen > 0 && !pastRows && row <= 0 {
		return fmt.Sprintf("stopped after %d rows, but the error names no row: %v", seen, err)
	}
	if err.Error() == "" {
		return "empty error message"
	}
	return ""
}

// TestSingleEdits applies every single-byte edit of a set (a replacement by
// a byte that matters to XML or to this reader, a change of case, a
// deletion) at every position of the small fuzzing seeds, and checks each
// result as the fuzz tests do: a systematic neighbourhood the random
// mutations of a one-minute fuzzing run cover only in part.
func TestSingleEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: some 30,000 workbooks")
	}
	replacements := []byte("<>&;#x\"'/= \r\n\t]:A0\x01\x0b\xff\xc3")
	edits := func(seed string, check func(edited []byte)) {
		for i := range len(seed) {
			for _, c := range replacements {
				if seed[i] != c {
					check([]byte(seed[:i] + string([]byte{c}) + seed[i+1:]))
				}
			}
			if c := seed[i]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				check([]byte(seed[:i] + string([]byte{c ^ 0x20}) + seed[i+1:]))
			}
			check([]byte(seed[:i] + seed[i+1:]))
		}
	}
	failures, checks := 0, 0
	report := func(problem string, input []byte) {
		checks++
		if problem != "" {
			if failures++; failures <= 10 {
				t.Errorf("%s\ninput: %q", problem, input)
			}
		}
	}
	prefix, suffix := `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>`, `</sheetData></worksheet>`
	for _, seed := range rowSeeds {
		edits(seed, func(rows []byte) {
			sheet := prefix + string(rows) + suffix
			report(compareWithExcelize(t, []byte(sheet), []byte(fuzzSST)), rows)
		})
	}
	whole := `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ` + nsXAttr + `><x:sheetData><x:row r="1"><x:c r="A1" t="s">` +
		`<x:v>0</x:v></x:c><x:c r="B1"><x:f>1</x:f><x:v>2</x:v></x:c></x:row><x:row/></x:sheetData></x:worksheet>`
	edits(whole, func(sheet []byte) {
		report(compareWithExcelize(t, sheet, []byte(fuzzSST)), sheet)
	})
	sheet := []byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>` +
		`<c r="C1" t="s"><v>2</v></c></row></sheetData></worksheet>`)
	for _, seed := range sstSeeds {
		edits(seed, func(items []byte) {
			report(compareWithExcelize(t, sheet, []byte(`<sst `+nsMainAttr+`>`+string(items)+`</sst>`)), items)
		})
	}
	t.Logf("%d edited workbooks, %d failures", checks, failures)
}

// readOursTracked reads the sheet like readOurs and also returns how many
// rows Next returned and whether the reader had passed </sheetData>.
func readOursTracked(data []byte) (got []row, seen int, pastRows bool, err error) {
	w, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		return nil, 0, false, err
	}
	rows, err := w.Rows("Sheet1")
	if err != nil {
		return nil, 0, false, err
	}
	defer rows.Close()
	for rows.Next() {
		seen++
		if cells := trimRow(rows.Cells()); len(cells) > 0 {
			got = append(got, row{rows.Num(), cells})
		}
	}
	return got, seen, rows.pastRows, rows.Err()
}

// generatedSeeds returns the sheets and shared strings of a small workbook
// excelize wrote: shared strings, rich text, numbers, booleans, a date, a
// formula, sparse cells, and a sheet from the StreamWriter with inline
// strings, inline rich text and formulas with cached results. The
// StreamWriter's root tag, which declares forty namespaces, is shortened:
// large seeds make the fuzzing engine slow to minimize what it finds.
func generatedSeeds(tb testing.TB) [][2][]byte {
	f := excelize.NewFile()
	defer f.Close()
	for cell, v := range map[string]any{
		"A1": "text", "B1": 42, "C1": -1.5e-7, "D1": true, "E1": time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC),
		"A3": " spaced \n lines ", "C3": "中文 😀", "F3": "_x000D_", "Z9": "far",
	} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			tb.Fatal(err)
		}
	}
	if err := f.SetCellRichText("Sheet1", "B2", []excelize.RichTextRun{{Text: "bold", Font: &excelize.Font{Bold: true}}, {Text: " plain"}}); err != nil {
		tb.Fatal(err)
	}
	if err := f.SetCellFormula("Sheet1", "C2", "B1*2"); err != nil {
		tb.Fatal(err)
	}
	if _, err := f.NewSheet("Stream"); err != nil {
		tb.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Stream")
	if err != nil {
		tb.Fatal(err)
	}
	for i, row := range [][]any{
		{"inline", 1, 2.5, false},
		{excelize.Cell{Formula: "A1&\"x\"", Value: "inlinex"}, nil, []excelize.RichTextRun{{Text: "rich", Font: &excelize.Font{Italic: true}}, {Text: " run"}}},
	} {
		if err := sw.SetRow(fmt.Sprintf("A%d", 2*i+1), row); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if i, j := bytes.Index(b, []byte("<worksheet")), bytes.Index(b, []byte("><sheetData")); i >= 0 && j > i {
			b = append(append(append([]byte{}, b[:i]...), "<worksheet "+nsSheet...), b[j:]...)
		}
		parts[zf.Name] = b
	}
	sheet1, sheet2, sst := parts["xl/worksheets/sheet1.xml"], parts["xl/worksheets/sheet2.xml"], parts["xl/sharedStrings.xml"]
	if len(sheet1) == 0 || len(sheet2) == 0 || len(sst) == 0 {
		tb.Fatal("parts missing from the generated workbook")
	}
	return [][2][]byte{{sheet1, sst}, {sheet2, nil}, {sheet1[:len(sheet1)/2], sst}}
}
