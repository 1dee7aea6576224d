package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/makplan/makplan/planner/problem"
	"github.com/xuri/excelize/v2"
)

// cellsOf turns fuzz text into rows of cells: rows split on '\x1e', cells
// on '\x1f'. Rows that are blank are dropped: the reader skips them by
// design. The result is what any writer should be able to store.
func cellsOf(text string, keep func(rune) bool) [][]string {
	var rows [][]string
	for _, line := range strings.Split(text, "\x1e") {
		var cells []string
		for _, c := range strings.Split(line, "\x1f") {
			cells = append(cells, strings.Map(func(r rune) rune {
				if keep(r) {
					return r
				}
				return -1
			}, c))
		}
		if !blank(cells) {
			rows = append(rows, cells)
		}
	}
	return rows
}

// readRows reads every data row of a table (cells as stored, untrimmed,
// without the empty cells at the end) and the problem that stopped it.
func readRows(name string, data []byte) ([][]string, error, error) {
	tb, err := Open(name, bytes.NewReader(data), schema, Options{})
	if err != nil {
		return nil, err, nil
	}
	defer tb.Close()
	var rows [][]string
	for tb.Next() {
		rows = append(rows, trimEnd(append([]string(nil), tb.Row().Cells...)))
	}
	return rows, nil, tb.Err()
}

func trimEnd(cells []string) []string {
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// located reports whether err is a problem that names the file (and the
// row, for a problem met after the header row).
func located(err error, name string, afterHeader bool) bool {
	var p problem.Problem
	if !errors.As(err, &p) || p.File != name || p.Message == "" {
		return false
	}
	return !afterHeader || p.Row > 0
}

// FuzzCSV: cells written by encoding/csv (Excel's quoting rules) read back
// exactly, or the reader names a problem at a row: never both, never
// neither. Raw bytes give rows or a located problem, never a panic.
func FuzzCSV(f *testing.F) {
	f.Add("PC-1\x1fWindows 11 Enterprise\x1ePC-2\x1f\x1e\x1eM\u00fcller, \"Jr\"\x1fline\nbreak", []byte("Device,Product\nPC-1,Windows 10 Pro\n"))
	f.Add("a\x1fb\x1fc", []byte("\"unterminated,quote\nDevice\n"))
	f.Add(" spaced \x1f\ttab", []byte("\xff\xfeD\x00e\x00v\x00i\x00c\x00e\x00\n\x00"))
	f.Add("=1+1\x1f'quoted", []byte("sep=;\nDevice;Product\nPC;W\n"))
	f.Add("x", []byte("Device,Product\nPC\"5,W\n"))
	f.Add("x", []byte("Device\n"+strings.Repeat("M\xfcller\n", 10)))
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		// Round trip.
		want := cellsOf(text, func(r rune) bool { return r != utf8.RuneError && r != 0 && r != '\r' && r != '\x1e' && r != '\x1f' })
		var buf bytes.Buffer
		buf.WriteString("sep=,\n")
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"Device", "Product"})
		for i := range want {
			_ = w.Write(want[i])
			want[i] = trimEnd(want[i])
		}
		w.Flush()
		got, openErr, nextErr := readRows("fuzz.csv", buf.Bytes())
		if openErr != nil || nextErr != nil {
			t.Fatalf("a CSV written by encoding/csv is refused: %v %v\n%q", openErr, nextErr, buf.String())
		}
		if len(got) != len(want) || len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip:\n got %q\nwant %q\ncsv %q", got, want, buf.String())
		}

		// Raw bytes: rows, or a problem that says where; rows stop at the problem.
		_, openErr, nextErr = readRows("fuzz.csv", raw)
		if openErr != nil && !located(openErr, "fuzz.csv", false) {
			t.Fatalf("Open: unlocated problem %v", openErr)
		}
		if nextErr != nil && !located(nextErr, "fuzz.csv", true) {
			t.Fatalf("Next: problem without a row: %v", nextErr)
		}
	})
}

// validXML reports whether r may appear in an XML 1.0 document.
func validXML(r rune) bool {
	return r == '\t' || r == '\n' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// FuzzXLSX: cells written by excelize read back exactly through the
// streaming reader, or a problem names the sheet and row: never both,
// never neither. The sheet XML itself is fuzzed in planner/xlsxstream.
func FuzzXLSX(f *testing.F) {
	f.Add("PC-1\x1fWindows 11 Enterprise\x1ePC-2\x1f\x1e\x1eM\u00fcller & <Jr>\x1fline\nbreak", uint8(0))
	f.Add("_x0041_\x1f 1.5E-3 \x1e\x1f\x1f\x1fz", uint8(3))
	f.Add("TRUE\x1f0042\x1f=SUM(A1)", uint8(1))
	f.Fuzz(func(t *testing.T, text string, gap uint8) {
		want := cellsOf(text, func(r rune) bool {
			return validXML(r) && r != '\x1e' && r != '\x1f' && r != '\r'
		})
		if len(want) > 200 {
			want = want[:200]
		}
		xf := excelize.NewFile()
		defer xf.Close()
		_ = xf.SetSheetRow("Sheet1", "A1", &[]any{"Device", "Product"})
		row := 2
		for i := range want {
			cells := make([]any, len(want[i]))
			for j, c := range want[i] {
				cells[j] = c
			}
			// Rows left out of the sheet are skipped: gap leaves some out.
			row += int(gap % 3)
			if err := xf.SetSheetRow("Sheet1", fmt.Sprintf("A%d", row), &cells); err != nil {
				t.Skip(err)
			}
			row++
			want[i] = trimEnd(want[i])
		}
		var buf bytes.Buffer
		if err := xf.Write(&buf); err != nil {
			t.Skip(err)
		}
		// excelize's own reading of the same workbook is the reference
		// (it stores some strings differently, e.g. with _xHHHH_ escapes).
		rows, err := xf.GetRows("Sheet1", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var ref [][]string
		for _, r := range rows[1:] {
			if !blank(r) {
				ref = append(ref, trimEnd(r))
			}
		}
		got, openErr, nextErr := readRows("fuzz.xlsx", buf.Bytes())
		if openErr != nil || nextErr != nil {
			t.Fatalf("a workbook written by excelize is refused: %v %v", openErr, nextErr)
		}
		if len(got) != len(ref) || len(ref) > 0 && !reflect.DeepEqual(got, ref) {
			t.Fatalf("round trip:\n got %q\nwant %q (excelize)\n put %q", got, ref, want)
		}
	})
}
