package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
)

const (
	nsMainAttr = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	nsXAttr    = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
)

// goodFixtures are hand-written sheets (and shared strings) that must read
// as want, and as excelize reads them when checkExcelize is set.
var goodFixtures = []struct {
	name          string
	sheet, sst    string
	want          []row
	checkExcelize bool
}{
	{
		name: "missing r attributes count on",
		sheet: sheetDoc(`<row><c><v>1</v></c><c t="s"><v>0</v></c></row>` +
			`<row><c/><c><v>2</v></c></row>` +
			`<row r="5"><c r="B5"><v>3</v></c><c><v>4</v></c></row><row><c><v>6</v></c></row>`),
		sst:           sstDoc(`<si><t>zero</t></si>`),
		want:          []row{{1, []string{"1", "zero"}}, {2, []string{"", "2"}}, {5, []string{"", "3", "4"}}, {6, []string{"6"}}},
		checkExcelize: true,
	},
	{
		name: "x: prefixed elements",
		sheet: xmlHeader + `<x:worksheet ` + nsXAttr + `><x:sheetData>` +
			`<x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>` +
			`<x:c r="C1"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		sst: xmlHeader + `<x:sst ` + nsXAttr + `><x:si><x:t>zero</x:t></x:si>` +
			`<x:si><x:r><x:t>one </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>run</x:t></x:r></x:si></x:sst>`,
		want:          []row{{1, []string{"one run", "inline", "2"}}},
		checkExcelize: true,
	},
	{
		name: "self-closing elements",
		sheet: sheetDoc(`<row r="1"/><row r="2"><c r="A2"/><c r="B2" s="1"/><c r="C2"><v/></c><c r="D2" t="inlineStr"><is/></c>` +
			`<c r="E2" t="inlineStr"><is><t/></is></c><c r="F2" t="s"><v/></c><c r="G2"><v>7</v></c></row><row r="3"></row>`),
		want:          []row{{2, []string{"", "", "", "", "", "", "7"}}},
		checkExcelize: true,
	},
	{
		name: "character references and entities",
		sheet: sheetDoc(`<row r="1"><c r="&#65;1" t="inlineStr"><is><t>a&#10;b&#x41;&#xD;&#20013;&lt;&gt;&amp;&quot;&apos;</t></is></c>` +
			`<c r="B1" t="str"><v>x&#x1F600;y</v></c><c r="C1"><v>1&#46;5</v></c></row>`),
		want:          []row{{1, []string{"a\nbA\r中<>&\"'", "x😀y", "1.5"}}},
		checkExcelize: true,
	},
	{
		name: "line ends in text become LF, as in encoding/xml",
		sheet: sheetDoc("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc\n</t></is></c>" +
			"<c r=\"B1\" t=\"str\"><v><![CDATA[x\r\ny]]></v></c></row>"),
		want:          []row{{1, []string{"a\nb\nc\n", "x\ny"}}},
		checkExcelize: true,
	},
	{
		name: "comments, processing instructions and CDATA",
		sheet: xmlHeader + "<!-- a comment --><?pi data?>" + `<worksheet ` + nsMainAttr + `><sheetData><!-- rows -->` +
			`<row r="1"><c r="A1" t="str"><v>1<!-- skipped -->2<?pi?><![CDATA[<3 & ]]></v></c></row></sheetData></worksheet>`,
		want:          []row{{1, []string{"12<3 & "}}},
		checkExcelize: true,
	},
	{
		name:  "byte-order mark",
		sheet: "\xEF\xBB\xBF" + sheetDoc(`<row r="1"><c r="A1"><v>1</v></c></row>`),
		want:  []row{{1, []string{"1"}}},
		// excelize reads this too; the BOM is text before the root.
		checkExcelize: true,
	},
	{
		name: "_xHHHH_ escapes: decoded in shared and inline strings, not in t=str",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a_x000D_b</t></is></c>` +
			`<c r="C1" t="str"><v>a_x000D_b</v></c><c r="D1" t="s"><v>1</v></c><c r="E1" t="s"><v>2</v></c></row>`),
		sst:           sstDoc(`<si><t>x_x0001_y_x005F_x0041_z</t></si>`, `<si><r><t>_x00</t></r><r><t>41_</t></r></si>`, `<si><t>_x004_ _X0041_ _x004G_</t></si>`),
		want:          []row{{1, []string{"x\x01y_x0041_z", "a\rb", "a_x000D_b", "A", "_x004_ _X0041_ _x004G_"}}},
		checkExcelize: true,
	},
	{
		name:  "phonetic runs are left out",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>`),
		sst: sstDoc(`<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`,
			`<si><r><t>漢</t></r><r><t>字</t></r><rPh sb="0" eb="1"><t>カン</t></rPh></si>`),
		want:          []row{{1, []string{"東京", "漢字"}}},
		checkExcelize: true,
	},
	{
		name: "cell types as written",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="n"><v>-1.5E-3</v></c>` +
			`<c r="D1" t="d"><v>2024-01-02T03:04:05Z</v></c><c r="E1" t="str"><f>A1</f><v>text</v></c><c r="F1" t="inlineStr"><v>v wins without is</v></c>` +
			`<c r="G1" s="3"><v> 7 </v></c><c r="H1" t="s"><v> 0 </v></c></row>`),
		sst:           sstDoc(`<si><t>zero</t></si>`),
		want:          []row{{1, []string{"1", "#N/A", "-1.5E-3", "2024-01-02T03:04:05Z", "text", "v wins without is", " 7 ", "zero"}}},
		checkExcelize: true,
	},
	{
		name: "unknown elements are skipped",
		sheet: xmlHeader + `<worksheet ` + nsMainAttr + `><sheetPr><tabColor rgb="FF0000"/></sheetPr><dimension ref="A1:B2"/>` +
			`<sheetData><row r="1" spans="1:2" ht="20" customHeight="1"><c r="A1" cm="1"><f t="array" ref="A1">1</f><v>1</v>` +
			`<extLst><ext uri="x"><foo/></ext></extLst></c></row></sheetData>` +
			`<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>` +
			`<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">` +
			`<x14:dataValidations count="1"><x14:dataValidation><x14:formula1><xm:f xmlns:xm="urn:xm">Sheet2!A1</xm:f></x14:formula1></x14:dataValidation></x14:dataValidations></ext></extLst>` +
			`</worksheet>`,
		want:          []row{{1, []string{"1"}}},
		checkExcelize: true,
	},
	{
		name:          "lower-case cell references",
		sheet:         sheetDoc(`<row r="1"><c r="b1"><v>1</v></c></row>`),
		want:          []row{{1, []string{"", "1"}}},
		checkExcelize: true,
	},
	{
		name: "LibreOffice's way",
		sheet: xmlHeader + `<worksheet ` + nsSheet + `><sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr><dimension ref="A1:C3"/>` +
			`<sheetFormatPr defaultColWidth="10.08203125" defaultRowHeight="12.8"></sheetFormatPr><sheetData>` +
			`<row r="1" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false">` +
			`<c r="A1" s="0" t="s"><v>0</v></c><c r="B1" s="0" t="s"><v>1</v></c></row>` +
			`<row r="2" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false">` +
			`<c r="A2" s="0" t="n"><v>1</v></c><c r="C2" s="0" t="s"><v>1</v></c></row></sheetData>` +
			`<printOptions headings="false" gridLines="false"/></worksheet>`,
		sst:           sstDoc(`<si><t xml:space="preserve">a </t></si>`, `<si><t xml:space="preserve">Zürich</t></si>`),
		want:          []row{{1, []string{"a ", "Zürich"}}, {2, []string{"1", "", "Zürich"}}},
		checkExcelize: true,
	},
	{
		name:          "empty sheetData",
		sheet:         sheetDoc(``),
		want:          nil,
		checkExcelize: true,
	},
	{
		name:          "last row and column",
		sheet:         sheetDoc(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`),
		want:          []row{{1048576, append(make([]string, 16383), "1")}},
		checkExcelize: true,
	},
}

func TestGoodFixtures(t *testing.T) {
	for _, f := range goodFixtures {
		t.Run(f.name, func(t *testing.T) {
			data := buildZip(t, workbookParts(f.sheet, f.sst)...)
			got, err := readOurs(data, "Sheet1", Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, f.want) {
				t.Errorf("got  %v\nwant %v", got, f.want)
			}
			if f.checkExcelize {
				theirs, err := readExcelize(data, "Sheet1")
				if err != nil {
					t.Fatalf("excelize: %v", err)
				}
				if d := diffRows(got, theirs); d != "" {
					t.Errorf("differs from excelize:\n%s", d)
				}
			}
		})
	}
}

// badFixtures must fail with a FormatError (or a LimitError when limit is
// set) that names the row and column given and says msg.
var badFixtures = []struct {
	name       string
	sheet, sst string
	lim        Limits
	limit      bool   // a *LimitError rather than a *FormatError
	part       string // the part named, when not the sheet
	row        int
	col        string
	msg        string
}{
	{name: "raw control character in a value", row: 5, col: "A", msg: "U+0001",
		sheet: sheetDoc(`<row r="4"><c r="A4"><v>1</v></c></row><row r="5"><c r="A5" t="inlineStr"><is><t>bad` + "\x01" + `char</t></is></c></row>`)},
	{name: "raw vertical tab in a number", row: 2, col: "C", msg: "U+000B",
		sheet: sheetDoc(`<row r="2"><c r="C2"><v>1` + "\x0B" + `</v></c></row>`)},
	{name: "control character as a character reference", row: 1, col: "B", msg: "&#1;",
		sheet: sheetDoc(`<row r="1"><c r="B1" t="str"><v>a&#1;b</v></c></row>`)},
	{name: "surrogate character reference", row: 1, col: "A", msg: "U+D800",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="str"><v>&#xD800;</v></c></row>`)},
	{name: "broken entity", row: 3, col: "A", msg: "&amp AT&T",
		sheet: sheetDoc(`<row r="3"><c r="A3" t="inlineStr"><is><t>&amp AT&T</t></is></c></row>`)},
	{name: "unknown entity", row: 1, col: "A", msg: "&nbsp;",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="str"><v>a&nbsp;b</v></c></row>`)},
	{name: "invalid UTF-8", row: 1, col: "A", msg: "invalid UTF-8",
		sheet: sheetDoc("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>caf\xE9</v></c></row>")},
	{name: "unterminated element", row: 2, col: "B", msg: "ends",
		sheet: xmlHeader + `<worksheet ` + nsMainAttr + `><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2`},
	{name: "mismatched end tag", row: 1, col: "A", msg: "closed by </c>",
		sheet: sheetDoc(`<row r="1"><c r="A1"><v>1</c></row>`)},
	{name: "row number past the last row", limit: true, row: 1048577, msg: "row number",
		sheet: sheetDoc(`<row r="1048577"><c r="A1048577"><v>1</v></c></row>`)},
	{name: "row number past MaxRows", limit: true, lim: Limits{MaxRows: 10}, row: 11, msg: "row number",
		sheet: sheetDoc(`<row r="10"><c r="A10"><v>1</v></c></row><row><c><v>2</v></c></row>`)},
	{name: "rows going backwards", row: 3, msg: "row 3 comes after row 7",
		sheet: sheetDoc(`<row r="7"><c r="A7"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>`)},
	{name: "repeated row", row: 2, msg: "row 2 appears twice",
		sheet: sheetDoc(`<row r="1"/><row r="2"/><row r="2"/>`)},
	{name: "row number zero", row: 0, msg: "row number 0",
		sheet: sheetDoc(`<row r="0"><c><v>1</v></c></row>`)},
	{name: "row number not a number", row: 1, msg: `r="1a"`,
		sheet: sheetDoc(`<row r="1"/><row r="1a"/>`)},
	{name: "shared-string index out of range", row: 1, col: "B", msg: "index 2 is out of range",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c></row>`),
		sst:   sstDoc(`<si><t>a</t></si>`, `<si><t>b</t></si>`)},
	{name: "shared-string index without a table", row: 1, col: "A", msg: "0 shared strings",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)},
	{name: "shared-string index not a number", row: 1, col: "A", msg: `index "x"`,
		sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>x</v></c></row>`), sst: sstDoc(`<si><t>a</t></si>`)},
	{name: "cell reference that does not parse", row: 4, msg: `r="4A"`,
		sheet: sheetDoc(`<row r="4"><c r="4A"><v>1</v></c></row>`)},
	{name: "cell reference in another row", row: 4, msg: "cell B5 is in <row r=\"4\">",
		sheet: sheetDoc(`<row r="4"><c r="B5"><v>1</v></c></row>`)},
	{name: "columns going backwards", row: 1, msg: "A1 comes after column C",
		sheet: sheetDoc(`<row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c></row>`)},
	{name: "column past XFD", row: 1, msg: "XFD",
		sheet: sheetDoc(`<row r="1"><c r="XFE1"><v>1</v></c></row>`)},
	{name: "unknown cell type", row: 1, col: "A", msg: `t="x"`,
		sheet: sheetDoc(`<row r="1"><c r="A1" t="x"><v>1</v></c></row>`)},
	{name: "bad style index", row: 1, col: "A", msg: `s="-1"`,
		sheet: sheetDoc(`<row r="1"><c r="A1" s="-1"><v>1</v></c></row>`)},
	{name: "empty style index", row: 1, col: "A", msg: `s=""`, // excelize drops the value
		sheet: sheetDoc(`<row r="1"><c r="A1" s=""><v>1</v></c></row>`)},
	{name: "two values in a cell", row: 1, col: "A", msg: "one <v>",
		sheet: sheetDoc(`<row r="1"><c r="A1"><v>1</v><v>2</v></c></row>`)},
	{name: "element in a value", row: 1, col: "A", msg: "<b>",
		sheet: sheetDoc(`<row r="1"><c r="A1"><v>1<b/></v></c></row>`)},
	{name: "bad formula attribute", row: 1, col: "A", msg: `ca="maybe"`,
		sheet: sheetDoc(`<row r="1"><c r="A1"><f ca="maybe">1</f><v>1</v></c></row>`)},
	{name: "bad rich-text property", row: 1, col: "A", msg: `val="bold"`,
		sheet: sheetDoc(`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b val="bold"/></rPr><t>x</t></r></is></c></row>`)},
	{name: "row outside sheetData", row: 0, msg: "<row> outside <sheetData>",
		sheet: xmlHeader + `<worksheet ` + nsMainAttr + `><row r="1"/><sheetData/></worksheet>`},
	{name: "cell outside a row", row: 1, msg: "<sheetData> may hold <row> elements only",
		sheet: sheetDoc(`<row r="1"/><c r="A1"><v>1</v></c>`)},
	{name: "value nested in an unknown element", row: 1, col: "A", msg: "<v> is not allowed inside <extLst>",
		sheet: sheetDoc(`<row r="1"><c r="A1"><extLst><v>1</v></extLst></c></row>`)},
	{name: "no sheetData", msg: "no <sheetData>",
		sheet: xmlHeader + `<worksheet ` + nsMainAttr + `/>`},
	{name: "DOCTYPE", msg: "DOCTYPE",
		sheet: xmlHeader + `<!DOCTYPE x [<!ENTITY a "b">]>` + sheetDoc(``)},
	{name: "text after the root", msg: "outside the root",
		sheet: sheetDoc(`<row r="1"/>`) + "junk"},
	{name: "unsupported encoding", msg: "ISO-8859-1",
		sheet: `<?xml version="1.0" encoding="ISO-8859-1"?>` + `<worksheet ` + nsMainAttr + `><sheetData/></worksheet>`},
	{name: "UTF-16", msg: "UTF-16",
		sheet: "\xFF\xFE<\x00w\x00/\x00>\x00"},
	{name: "]]> in text", row: 1, col: "A", msg: "]]>",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>`)},
	{name: "cell too long", limit: true, lim: Limits{MaxCellLen: 5}, row: 1, col: "B", msg: "length of the cell",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="str"><v>12345</v></c><c r="B1" t="str"><v>123456</v></c></row>`)},
	{name: "surrogate escape", row: 1, col: "A", msg: "surrogate",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="inlineStr"><is><t>_xD83D__xDE00_</t></is></c></row>`)},
	{name: "control character in the shared strings", part: "xl/sharedStrings.xml", msg: "shared string 0: character U+000B",
		sheet: sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`), sst: sstDoc("<si><t>a\x0Bb</t></si>")},
	{name: "shared strings without their namespace", part: "xl/sharedStrings.xml", msg: "namespace",
		sheet: sheetDoc(``), sst: `<sst><si><t>a</t></si></sst>`},
	{name: "shared string too long", part: "xl/sharedStrings.xml", limit: true, lim: Limits{MaxCellLen: 3}, msg: "shared string 1",
		sheet: sheetDoc(``), sst: sstDoc(`<si><t>abc</t></si>`, `<si><t>abcd</t></si>`)},
	{name: "shared strings past MaxSharedStrings", part: "xl/sharedStrings.xml", limit: true, lim: Limits{MaxSharedStrings: 20}, msg: "memory for shared strings",
		sheet: sheetDoc(``), sst: sstDoc(`<si><t>abc</t></si>`, `<si><t>defgh</t></si>`)},
	{name: "bad count in the shared strings", part: "xl/sharedStrings.xml", msg: `count="many"`,
		sheet: sheetDoc(``), sst: strings.Replace(sstDoc(`<si><t>a</t></si>`), `count="1"`, `count="many"`, 1)},
	{name: "sheet past MaxPartSize", limit: true, lim: Limits{MaxPartSize: 4096}, msg: "uncompressed size",
		sheet: sheetDoc(strings.Repeat(`<row><c><v>1</v></c></row>`, 500))},
}

func TestBadFixtures(t *testing.T) {
	for _, f := range badFixtures {
		t.Run(f.name, func(t *testing.T) {
			data := buildZip(t, workbookParts(f.sheet, f.sst)...)
			rows, err := readOurs(data, "Sheet1", f.lim)
			if err == nil {
				t.Fatalf("no error; rows %v", rows)
			}
			part := "xl/worksheets/sheet1.xml"
			if f.part != "" {
				part = f.part
			}
			var gotPart, gotCol string
			var gotRow int
			if fe := (*FormatError)(nil); errors.As(err, &fe) && !f.limit {
				gotPart, gotRow, gotCol = fe.Part, fe.Row, fe.Column
				if part == "xl/worksheets/sheet1.xml" && fe.Sheet != "Sheet1" {
					t.Errorf("Sheet = %q", fe.Sheet)
				}
			} else if le := (*LimitError)(nil); errors.As(err, &le) && f.limit {
				gotPart, gotRow, gotCol = le.Part, le.Row, le.Column
			} else {
				t.Fatalf("error %T: %v", err, err)
			}
			if gotPart != part || gotRow != f.row || gotCol != f.col {
				t.Errorf("part %q row %d column %q; want %q %d %q (%v)", gotPart, gotRow, gotCol, part, f.row, f.col, err)
			}
			if !strings.Contains(err.Error(), f.msg) {
				t.Errorf("error %q does not say %q", err, f.msg)
			}
			t.Logf("%v", err)
		})
	}
}

// TestExcelizeStopsSilently documents why this package exists: on broken
// sheets excelize returns fewer rows and no error.
func TestExcelizeStopsSilently(t *testing.T) {
	data := buildZip(t, workbookParts(sheetDoc(`<row r="1"><c r="A1"><v>1</v></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>bad`+"\x01"+`</t></is></c></row><row r="3"><c r="A3"><v>3</v></c></row>`), "")...)
	theirs, err := readExcelize(data, "Sheet1")
	if err != nil || len(theirs) != 1 {
		t.Logf("excelize now reports the problem (%d rows, %v): the motivation in doc.go needs updating", len(theirs), err)
	}
	if _, err := readOurs(data, "Sheet1", Limits{}); err == nil {
		t.Error("no error")
	}
}

func TestOpenErrors(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	if _, err := Open(bytes.NewReader(ole), int64(len(ole)), Limits{}); !errors.Is(err, ErrEncryptedOrLegacy) {
		t.Errorf("OLE file: %v", err)
	}
	text := []byte("Name,Key\nPC1,ABCDE\n")
	if _, err := Open(bytes.NewReader(text), int64(len(text)), Limits{}); !errors.Is(err, ErrNotWorkbook) {
		t.Errorf("CSV: %v", err)
	}
	docx := buildZip(t, part{"word/document.xml", `<w:document xmlns:w="urn:w"/>`}, part{"[Content_Types].xml", "<Types/>"},
		part{"_rels/.rels", `<Relationships><Relationship Id="rId1" Type="` + relsNS + `/officeDocument" Target="word/document.xml"/></Relationships>`})
	if _, err := Open(bytes.NewReader(docx), int64(len(docx)), Limits{}); !errors.Is(err, ErrNotWorkbook) {
		t.Errorf("docx: %v", err)
	}
	data := buildZip(t, workbookParts(sheetDoc(``), "")...)
	w, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Rows("Nope"); !errors.Is(err, ErrSheetNotFound) {
		t.Errorf("missing sheet: %v", err)
	}
	if _, err := w.Rows("sheet1"); err != nil {
		t.Errorf("sheet names are matched ignoring case: %v", err)
	}

	// A sheet whose part is missing, a chartsheet, a relationship that is
	// not there; no _rels/.rels (xl/workbook.xml is the default).
	parts := workbookParts(sheetDoc(``), "")
	var kept []part
	for _, p := range parts {
		switch p.name {
		case "_rels/.rels", "xl/worksheets/sheet1.xml":
		case "xl/workbook.xml":
			kept = append(kept, part{p.name, `<workbook ` + nsSheet + `><sheets><sheet name="Gone" sheetId="1" r:id="rId1"/>` +
				`<sheet name="Chart" sheetId="2" r:id="rId5"/><sheet name="Lost" sheetId="3" r:id="rId6"/></sheets></workbook>`})
		case "xl/_rels/workbook.xml.rels":
			kept = append(kept, part{p.name, strings.Replace(p.body, `</Relationships>`,
				`<Relationship Id="rId5" Type="`+relsNS+`/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`, 1)})
		default:
			kept = append(kept, p)
		}
	}
	data = buildZip(t, kept...)
	w, err = Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(w.Sheets(), ","); got != "Gone,Chart,Lost" {
		t.Errorf("Sheets() = %s", got)
	}
	for sheet, want := range map[string]string{"Gone": "missing from the zip", "Chart": "not a worksheet", "Lost": `relationship "rId6"`} {
		if _, err := w.Rows(sheet); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", sheet, err, want)
		}
	}
}

// TestWorkbookParts checks how parts are found: absolute and relative
// targets, a shared-string part under another name, several sheets in
// workbook order, the 1904 date system, strict OOXML namespaces.
func TestWorkbookParts(t *testing.T) {
	const strictRels = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	data := buildZip(t,
		part{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + strictRels + `/officeDocument" Target="/xl/workbook.xml"/></Relationships>`},
		part{"xl/workbook.xml", `<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="` + strictRels + `">` +
			`<workbookPr date1904="true"/><sheets><sheet name="Zeta" sheetId="2" r:id="rId7"/><sheet name="Alpha" sheetId="1" r:id="rId3" state="hidden"/></sheets></workbook>`},
		part{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId3" Type="` + strictRels + `/worksheet" Target="/xl/worksheets/a.xml"/>` +
			`<Relationship Id="rId7" Type="` + strictRels + `/worksheet" Target="worksheets/../worksheets/z.xml"/>` +
			`<Relationship Id="rId9" Type="` + strictRels + `/sharedStrings" Target="strings.xml"/></Relationships>`},
		part{"xl/worksheets/a.xml", `<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`},
		part{"xl/worksheets/z.xml", `<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData><row r="2"><c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>`},
		part{"xl/strings.xml", `<sst xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><si><t>alpha</t></si><si><t>zeta</t></si></sst>`},
	)
	w, err := Open(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(w.Sheets(), ","); got != "Zeta,Alpha" || !w.Date1904() {
		t.Errorf("Sheets() = %s, Date1904() = %v", got, w.Date1904())
	}
	for sheet, want := range map[string][]row{"Alpha": {{1, []string{"alpha"}}}, "Zeta": {{2, []string{"", "zeta"}}}} {
		got, err := readOurs(data, sheet, Limits{})
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v; want %v", sheet, got, err, want)
		}
	}
}

// countingReaderAt records the byte ranges read from a file.
type countingReaderAt struct {
	r     io.ReaderAt
	mu    sync.Mutex
	reads [][2]int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.mu.Lock()
	c.reads = append(c.reads, [2]int64{off, off + int64(len(p))})
	c.mu.Unlock()
	return c.r.ReadAt(p, off)
}

// TestUnreferencedPartsAreNotRead checks that a part the reader does not
// need, here an image declared as 4 GB, is never read, let alone inflated.
func TestUnreferencedPartsAreNotRead(t *testing.T) {
	// 64 KiB that do not compress, first in the zip: far from its end,
	// where archive/zip looks for the central directory.
	image := make([]byte, 64<<10)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range image {
		image[i] = byte(rnd.Uint32())
	}
	data := buildZip(t, append([]part{{"xl/media/image1.png", string(image)}},
		workbookParts(sheetDoc(`<row r="1"><c r="A1"><v>1</v></c></row>`), "")...)...)
	// Declare 4 GB (0xFFFFFFFE bytes) for the image in the central directory.
	name := []byte("xl/media/image1.png")
	cd := 0
	for ; ; cd++ {
		i := bytes.Index(data[cd:], []byte("PK\x01\x02"))
		if i < 0 {
			t.Fatal("image not in the central directory")
		}
		cd += i
		nameLen := int(binary.LittleEndian.Uint16(data[cd+28:]))
		if bytes.Equal(data[cd+46:cd+46+nameLen], name) {
			break
		}
	}
	binary.LittleEndian.PutUint32(data[cd+24:], 0xFFFFFFFE)

	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var start, end int64
	for _, f := range zr.File {
		if f.Name == string(name) {
			if f.UncompressedSize64 != 0xFFFFFFFE {
				t.Fatalf("declared size %d", f.UncompressedSize64)
			}
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			start, end = off, off+int64(f.CompressedSize64)
		}
	}
	r := &countingReaderAt{r: bytes.NewReader(data)}
	w, err := Open(r, int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := w.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, rd := range r.reads {
		if rd[0] < end && rd[1] > start {
			t.Errorf("read [%d, %d) overlaps the image's data [%d, %d)", rd[0], rd[1], start, end)
		}
	}
	if len(r.reads) == 0 {
		t.Error("nothing read at all")
	}
}

// TestDeclaredSizes checks that the sizes in the zip are not trusted: a
// sheet declared larger than MaxPartSize is refused before it is inflated,
// and one that inflates past its declared size is an error.
func TestDeclaredSizes(t *testing.T) {
	sheet := sheetDoc(strings.Repeat(`<row><c><v>1</v></c></row>`, 200))
	data := buildZip(t, workbookParts(sheet, "")...)
	_, err := readOurs(data, "Sheet1", Limits{MaxPartSize: int64(len(sheet)) - 1})
	var le *LimitError
	if !errors.As(err, &le) || le.Got != int64(len(sheet)) {
		t.Errorf("declared size past the limit: %v", err)
	}
	// Two parts each within MaxPartSize but past MaxTotalSize together:
	// counted as they inflate.
	sst := sstDoc(`<si><t>` + strings.Repeat("x", 3000) + `</t></si>`)
	data = buildZip(t, workbookParts(sheet, sst)...)
	_, err = readOurs(data, "Sheet1", Limits{MaxTotalSize: int64(len(sheet) + len(sst) - 100)})
	if !errors.As(err, &le) || !strings.Contains(le.What, "parts read") {
		t.Errorf("total past the limit: %v", err)
	}
	// A sheet whose declared size is smaller than what it inflates to.
	data = buildZip(t, workbookParts(sheet, "")...)
	i := bytes.Index(data, []byte("xl/worksheets/sheet1.xml"))
	for i >= 0 && string(data[i-46:i-42]) != "PK\x01\x02" {
		j := bytes.Index(data[i+1:], []byte("xl/worksheets/sheet1.xml"))
		if j < 0 {
			t.Fatal("sheet not in the central directory")
		}
		i += 1 + j
	}
	binary.LittleEndian.PutUint32(data[i-46+24:], 1000)
	_, err = readOurs(data, "Sheet1", Limits{})
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "damaged") {
		t.Errorf("size larger than declared: %v", err)
	}
}

// TestKnownDifference pins the one case where this package returns a value
// that differs from excelize's: excelize rewrites the strict-OOXML namespace
// URI into the transitional one anywhere in the shared-string part, inside
// the strings too. The fuzz test leaves such inputs out of its comparison.
func TestKnownDifference(t *testing.T) {
	text := "see http://purl.oclc.org/ooxml/spreadsheetml/main"
	data := buildZip(t, workbookParts(sheetDoc(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`),
		`<sst xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><si><t>`+text+`</t></si></sst>`)...)
	ours, err := readOurs(data, "Sheet1", Limits{})
	if err != nil || len(ours) != 1 || ours[0].Cells[0] != text {
		t.Fatalf("ours: %v, %v", ours, err)
	}
	theirs, err := readExcelize(data, "Sheet1")
	if err == nil && len(theirs) == 1 && theirs[0].Cells[0] == text {
		t.Log("excelize now returns the text as written: drop the exemption in FuzzSheetXML and this test")
	}
}

// TestPartNames reads a zip whose part names use backslashes and another
// case than the relationships.
func TestPartNames(t *testing.T) {
	var parts []part
	for _, p := range workbookParts(sheetDoc(`<row r="1"><c r="A1"><v>1</v></c></row>`), "") {
		if p.name == "xl/worksheets/sheet1.xml" {
			p.name = `XL\Worksheets\Sheet1.xml`
		}
		parts = append(parts, p)
	}
	data := buildZip(t, parts...)
	got, err := readOurs(data, "Sheet1", Limits{})
	if err != nil || !reflect.DeepEqual(got, []row{{1, []string{"1"}}}) {
		t.Errorf("%v, %v", got, err)
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{-1: "", 0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
	}
	for col := 1; col <= maxColumns; col++ {
		c, row, ok := parseCellRef([]byte(ColumnName(col-1) + "7"))
		if !ok || c != col || row != 7 {
			t.Fatalf("parseCellRef(%s7) = %d, %d, %v", ColumnName(col-1), c, row, ok)
		}
	}
}
