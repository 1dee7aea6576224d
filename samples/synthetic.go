package samples

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// synthetic returns the cells of synthetic device i (cycling over Rows,
// with a unique device name and serial number) and the wave date, if any.
func synthetic(i int) ([]any, time.Time, bool) {
	r := Rows[i%len(Rows)]
	d, ok := WaveDates[r.Wave]
	return []any{r.Dev + "-" + strconv.Itoa(i), r.Serial + strconv.Itoa(i), r.Make, r.Licensed, r.Channel, r.Lang, r.Arch, r.Comps, r.Target, r.TLang,
		r.TArch, r.TComps, r.Media, r.MediaOEM, r.OEMImaged, r.EU, r.SA, r.UserSA, r.Agreement, r.Act, r.Wave, nil, r.Key, r.Local,
		r.Qualifying, r.Capable, r.Status, syntheticUser(r.User, i)}, d, ok
}

// syntheticUser gives each synthetic device with a primary user a user of
// its own: SA per User covers at most five devices a user.
func syntheticUser(user string, i int) string {
	if user == "" {
		return ""
	}
	return strconv.Itoa(i) + "." + user
}

// WriteSyntheticXLSX writes a plan of n synthetic devices as Excel writes a
// workbook: title rows above the header, every text in the shared-string
// table, the language as a number, wave dates as date serials with a date
// style, cell references on every cell, the sheet's dimension first. It is
// what the benchmarks read (scripts/bench-cli.sh); the same n gives the
// same bytes.
func WriteSyntheticXLSX(out io.Writer, n int) error {
	zw := zip.NewWriter(out)
	part := func(name, body string) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, body)
		}
		return err
	}
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	for _, p := range [][2]string{
		{"[Content_Types].xml", head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", head + `<workbook ` + ns + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Rollout plan" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", head + `<styleSheet ` + ns + `><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	} {
		if err := part(p[0], p[1]); err != nil {
			return err
		}
	}

	sw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(sw, 1<<20)
	index := map[string]int{}
	var table []string
	ref := func(s string) int {
		i, ok := index[s]
		if !ok {
			i = len(table)
			index[s] = i
			table = append(table, s)
		}
		return i
	}
	last := 4 + n
	fmt.Fprintf(w, head+`<worksheet %s><dimension ref="A1:%s%d"/><sheetData>`, ns, column(len(Headers)-1), last)
	text := func(col, row int, s string) {
		fmt.Fprintf(w, `<c r="%s%d" t="s"><v>%d</v></c>`, column(col), row, ref(s))
	}
	fmt.Fprintf(w, `<row r="1">`)
	text(0, 1, "Northwind Traders: Windows 11 Enterprise and Office LTSC rollout, winter 2026/27")
	fmt.Fprintf(w, `</row><row r="2">`)
	text(0, 2, "Source: MECM collection 'Rollout FY27', synthetic rows for benchmarks")
	fmt.Fprintf(w, `</row><row r="4">`)
	for c, h := range Headers {
		text(c, 4, h)
	}
	w.WriteString(`</row>`)
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		row := 5 + i
		cells, date, dated := synthetic(i)
		fmt.Fprintf(w, `<row r="%d">`, row)
		for c, v := range cells {
			if t, err := time.Parse("2006-01-02", fmt.Sprint(v)); err == nil && c == 17 { // User SA Until
				fmt.Fprintf(w, `<c r="%s%d" s="1"><v>%d</v></c>`, column(c), row, int(t.Sub(epoch).Hours()/24))
				continue
			}
			switch v := v.(type) {
			case string:
				if v != "" {
					text(c, row, v)
				}
			case int:
				fmt.Fprintf(w, `<c r="%s%d"><v>%d</v></c>`, column(c), row, v)
			case nil:
				if c == 21 && dated { // Wave Date
					fmt.Fprintf(w, `<c r="%s%d" s="1"><v>%d</v></c>`, column(c), row, int(date.Sub(epoch).Hours()/24))
				}
			}
		}
		w.WriteString(`</row>`)
	}
	w.WriteString(`</sheetData></worksheet>`)
	if err := w.Flush(); err != nil {
		return err
	}

	ssw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	w = bufio.NewWriterSize(ssw, 1<<20)
	fmt.Fprintf(w, head+`<sst %s count="%d" uniqueCount="%d">`, ns, len(table), len(table))
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	for _, s := range table {
		fmt.Fprintf(w, `<si><t>%s</t></si>`, esc.Replace(s))
	}
	w.WriteString(`</sst>`)
	if err := w.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// column returns the letters of 0-based column c (A … ZZ).
func column(c int) string {
	if c < 26 {
		return string(rune('A' + c))
	}
	return string(rune('A'+c/26-1)) + string(rune('A'+c%26))
}
