package xlsxstream

import (
	"archive/zip"
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// part is one zip entry of a hand-built workbook.
type part struct {
	name string
	body string
}

// buildZip returns a zip holding the parts, deflated.
func buildZip(tb testing.TB, parts ...part) []byte {
	return buildZipMethod(tb, zip.Deflate, parts...)
}

// buildZipMethod returns a zip holding the parts, compressed with method
// (zip.Store is several times faster to build: the fuzz tests use it).
func buildZipMethod(tb testing.TB, method uint16, parts ...part) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const (
	xmlHeader  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsSheet    = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relsNS     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	typeSheet  = relsNS + `/worksheet`
	typeSST    = relsNS + `/sharedStrings`
	typeStyles = relsNS + `/styles`
)

// workbookParts returns the parts of a one-sheet workbook ("Sheet1") whose
// sheet part is sheetXML; sst, when not "", is xl/sharedStrings.xml. extra
// parts are added at the end.
func workbookParts(sheetXML, sst string, extra ...part) []part {
	rels := `<Relationship Id="rId1" Type="` + typeSheet + `" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId3" Type="` + typeStyles + `" Target="styles.xml"/>`
	overrides := `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	if sst != "" {
		rels += `<Relationship Id="rId2" Type="` + typeSST + `" Target="sharedStrings.xml"/>`
		overrides += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	}
	parts := []part{
		{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` + overrides + `</Types>`},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relsNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", xmlHeader + `<workbook ` + nsSheet + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`},
		{"xl/styles.xml", xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
			`</styleSheet>`},
		{"xl/worksheets/sheet1.xml", sheetXML},
	}
	if sst != "" {
		parts = append(parts, part{"xl/sharedStrings.xml", sst})
	}
	return append(parts, extra...)
}

// sheetDoc wraps rows XML in a worksheet.
func sheetDoc(rows string) string {
	return xmlHeader + `<worksheet ` + nsSheet + `><sheetData>` + rows + `</sheetData></worksheet>`
}

// sstDoc wraps string items in a shared-string table.
func sstDoc(items ...string) string {
	return xmlHeader + fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(items), len(items)) +
		strings.Join(items, "") + `</sst>`
}

// row is a row as read: its number and cells, without trailing empty cells.
type row struct {
	Num   int
	Cells []string
}

func (r row) String() string { return fmt.Sprintf("%d:%q", r.Num, r.Cells) }

// trimRow drops trailing empty cells; a row left empty is dropped by the
// callers, as excelize does not tell an empty row from a missing one.
func trimRow(cells []string) []string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	return append([]string(nil), cells[:n]...)
}

// readOurs reads every non-empty row of a sheet with this package.
func readOurs(data []byte, sheet string, lim Limits) ([]row, error) {
	w, err := Open(bytes.NewReader(data), int64(len(data)), lim)
	if err != nil {
		return nil, err
	}
	rows, err := w.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var got []row
	for rows.Next() {
		if cells := trimRow(rows.Cells()); len(cells) > 0 {
			got = append(got, row{rows.Num(), cells})
		}
	}
	return got, rows.Err()
}

// readExcelize reads every non-empty row of a sheet with excelize's Rows
// and Columns(RawCellValue), the reference. Row numbers are counted as
// GetRows counts them: excelize's Next stops once per row number.
func readExcelize(data []byte, sheet string) (rows []row, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("excelize panicked: %v", p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	num := 0
	for it.Next() {
		num++
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			it.Close()
			return rows, err
		}
		if cells = trimRow(cells); len(cells) > 0 {
			rows = append(rows, row{num, cells})
		}
	}
	if err := it.Error(); err != nil {
		return rows, err
	}
	return rows, it.Close()
}

// diffRows describes how two readings differ, or returns "".
func diffRows(ours, theirs []row) string {
	if reflect.DeepEqual(ours, theirs) {
		return ""
	}
	var b strings.Builder
	for i := 0; i < max(len(ours), len(theirs)); i++ {
		var o, t string
		if i < len(ours) {
			o = ours[i].String()
		}
		if i < len(theirs) {
			t = theirs[i].String()
		}
		if o != t {
			fmt.Fprintf(&b, "row #%d: ours %s, excelize %s\n", i, o, t)
			if b.Len() > 2000 {
				break
			}
		}
	}
	return b.String()
}

func openBytes(data []byte) (*Workbook, error) {
	return Open(bytes.NewReader(data), int64(len(data)), Limits{})
}
