// Command bombgen writes the hostile inputs of docs/robustness.md into a
// folder, for scripts/bombs.sh to time makplan on: zip bombs whose parts
// inflate to gigabytes from a few megabytes, millions of rows, a .cilx
// nested a million deep, endless CSV lines and cells. Huge zip entries are
// written as one small deflate block repeated (a fresh compressor's block
// refers to nothing before it), so a 4 GiB part takes seconds to write.
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"database/sql"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/history"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"
)

func main() {
	dir := flag.String("out", "bombs", "folder to write the bombs into")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	at := func(name string) string { return filepath.Join(*dir, name) }
	header := rowOf(1, "Device", "Licensed Product", "License Channel", "Target Product")
	rows := header + rowOf(2, "PC-1", "Windows 10 Pro", "OEM", "Windows 11 Pro") + rowOf(3, "PC-2", "Windows 10 Pro", "OEM", "Windows 11 Pro")

	// 5a: an unreferenced 4 GiB picture in a 4 MB workbook.
	must(writeWorkbook(at("media.xlsx"), sheetXML(rows), nil, part{"xl/media/image1.png", nil, make([]byte, 1<<20), 4096, true}))
	// 5b: a sheet that inflates to 3 GiB: blank rows (which the reader
	// skips, so that it reads on) of 16,000 cells, 512 KiB each.
	wide := "<row>" + strings.Repeat(`<c t="inlineStr"><is><t> </t></is></c>`, 16000) + "</row>"
	sheetHead := []byte(xmlHead + `<worksheet xmlns="` + nsMain + `"><sheetData>` + header)
	must(writeWorkbook(at("sheet-3gb.xlsx"), nil, nil, part{"xl/worksheets/sheet1.xml", sheetHead, []byte(wide), 3 << 30 / int64(len(wide)), true}))
	// ... and the same with its size in the zip understated, as a hostile
	// writer would: the reader counts what it inflates.
	must(writeWorkbook(at("sheet-3gb-lying.xlsx"), nil, nil, part{"xl/worksheets/sheet1.xml", sheetHead, []byte(wide), 3 << 30 / int64(len(wide)), false}))
	// 5c: a 128 MB shared-string part in a file of a few hundred KB, and one
	// of 512 MB.
	si := []byte(strings.Repeat("<si><t>device-name-000000000000000000000000000000000000000000000000</t></si>", 1024))
	sstHead := []byte(xmlHead + `<sst xmlns="` + nsMain + `">`)
	must(writeWorkbook(at("sst-128mb.xlsx"), sheetXML(rows), []byte{}, part{"xl/sharedStrings.xml", sstHead, si, 128 << 20 / int64(len(si)), true}))
	must(writeWorkbook(at("sst-512mb.xlsx"), sheetXML(rows), []byte{}, part{"xl/sharedStrings.xml", sstHead, si, 512 << 20 / int64(len(si)), true}))
	// 5d: 6.4 million rows (rows without numbers count on from the last) of
	// shared strings: 600 MB of sheet, under the part size limit.
	row := []byte(strings.Repeat(`<row><c t="s"><v>4</v></c><c t="s"><v>5</v></c><c t="s"><v>6</v></c><c t="s"><v>7</v></c></row>`, 100))
	strs := []byte(`<si><t>Device</t></si><si><t>Licensed Product</t></si><si><t>License Channel</t></si><si><t>Target Product</t></si>` +
		`<si><t>PC</t></si><si><t>Windows 10 Pro</t></si><si><t>OEM</t></si><si><t>Windows 11 Pro</t></si>`)
	sharedHead := []byte(xmlHead + `<worksheet xmlns="` + nsMain + `"><sheetData><row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>`)
	must(writeWorkbook(at("rows-6.4m.xlsx"), nil, []byte{}, part{"xl/worksheets/sheet1.xml", sharedHead, row, 64_000, true},
		part{"xl/sharedStrings.xml", sstHead, strs, 1, true}))
	// 8b: a 50 MB device name in a workbook.
	cell := xmlHead + `<worksheet xmlns="` + nsMain + `"><sheetData>` + header + `<row r="2"><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("x", 50<<20) + `</t></is></c></row></sheetData></worksheet>`
	must(writeWorkbook(at("cell-50mb.xlsx"), []byte(cell), nil))

	// 6: a .cilx nested 7 million elements deep (70 MB).
	must(writeFile(at("deep.cilx"), func(w io.Writer) error {
		if _, err := io.WriteString(w, xmlHead+"<SoftwareLicensingData>"); err != nil {
			return err
		}
		_, err := w.Write(bytes.Repeat([]byte("<a>"), 70<<20/3))
		return err
	}))
	// 8a: a CSV with a 1 GB line (over the file size limit), one with a
	// 400 MB line, and a 50 MB device name.
	csvHead := "Device,Licensed Product,License Channel,Target Product\n"
	for name, n := range map[string]int64{"line-1gb.csv": 1 << 30, "line-400mb.csv": 400 << 20, "cell-50mb.csv": 50 << 20} {
		must(writeFile(at(name), func(w io.Writer) error {
			if _, err := io.WriteString(w, csvHead); err != nil {
				return err
			}
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for left := n; left > 0; left -= int64(len(chunk)) {
				if _, err := w.Write(chunk[:min(left, int64(len(chunk)))]); err != nil {
					return err
				}
			}
			_, err := io.WriteString(w, ",Windows 10 Pro,OEM,Windows 11 Pro\n")
			return err
		}))
	}
	issue28(at)
}

// issue28 writes the hostile inputs of issue 28 (docs/robustness.md).
func issue28(at func(string) string) {
	rng := rand.New(rand.NewPCG(28, 28))
	hexWord := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "0123456789abcdef"[rng.IntN(16)]
		}
		return string(b)
	}
	letters := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	planHead := "Device,Licensed Product,License Channel,Target Product,Enterprise Upgrade,Wave,Wave Date\n"
	// 5: ten wave names of 32,000 hexadecimal digits (masking was quadratic).
	must(writeFile(at("hexwaves.csv"), func(w io.Writer) error {
		fmt.Fprint(w, planHead)
		for i := 0; i < 10; i++ {
			fmt.Fprintf(w, "PC-%d,Windows 10 Pro,OEM,Windows 11 Enterprise,Yes,W%s,2027-01-18\n", i, hexWord(32000))
		}
		return nil
	}))
	// 6: 100,000 merged ranges reaching row 167,772,160, in a small workbook.
	var merges strings.Builder
	merges.WriteString(`<mergeCells count="100000">`)
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&merges, `<mergeCell ref="E%d:E167772160"/>`, 2+i%3)
	}
	merges.WriteString(`</mergeCells>`)
	mrows := rowOf(1, "Device", "Licensed Product", "License Channel", "Target Product", "Wave") +
		rowOf(2, "PC-1", "Windows 10 Pro", "OEM", "Windows 11 Pro", "W1") + rowOf(3, "PC-2", "Windows 10 Pro", "OEM", "Windows 11 Pro", "") +
		rowOf(4, "PC-3", "Windows 10 Pro", "OEM", "Windows 11 Pro", "")
	must(writeWorkbook(at("merged.xlsx"), []byte(xmlHead+`<worksheet xmlns="`+nsMain+`"><sheetData>`+mrows+`</sheetData>`+merges.String()+`</worksheet>`), nil))
	// 7: a YAML alias bomb of a few hundred bytes.
	var yaml strings.Builder
	yaml.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for c := 'b'; c <= 'i'; c++ {
		fmt.Fprintf(&yaml, "%c: &%c [%s]\n", c, c, strings.TrimSuffix(strings.Repeat("*"+string(c-1)+",", 9), ","))
	}
	must(os.WriteFile(at("alias.yaml"), []byte(yaml.String()), 0o644))
	// 8: 120 header cells of 32,000 letters; 200 unknown products of
	// 32,000 letters; 100 MAKs whose product is 32,000 letters.
	must(writeFile(at("headers.csv"), func(w io.Writer) error {
		fmt.Fprint(w, "Device,Licensed Product,License Channel,Target Product")
		for i := 0; i < 120; i++ {
			fmt.Fprint(w, ","+letters(32000))
		}
		fmt.Fprint(w, "\nPC-1,Windows 10 Pro,OEM,Windows 11 Pro\n")
		return nil
	}))
	must(writeFile(at("products.csv"), func(w io.Writer) error {
		fmt.Fprint(w, planHead)
		for i := 0; i < 200; i++ {
			fmt.Fprintf(w, "PC-%d,%s,OEM,Windows 11 Pro,No,W1,2027-01-18\n", i, letters(32000))
		}
		return nil
	}))
	must(writeFile(at("keyproducts.csv"), func(w io.Writer) error {
		fmt.Fprint(w, "License ID,Parent Program,Organization,Product,Product Key,Type,MAK Activations-Used/Available\n")
		for i := 0; i < 100; i++ {
			fmt.Fprintf(w, "1,91000001ZZS0001,N,%s,%s,MAK,1/10\n", letters(32000), productKey(rng))
		}
		return nil
	}))
	// 9: Click-to-Run: 100,000 language entries of one device's suite, and
	// 100,000 rows of one device that disagree.
	langs := []string{"en-us", "fr-fr", "de-de", "es-es", "it-it", "nl-nl", "pt-br", "ja-jp", "zh-cn", "ko-kr"}
	must(writeFile(at("c2r.csv"), func(w io.Writer) error {
		fmt.Fprint(w, "Device,Licensed Product,License Channel,Target Product,Wave,Wave Date\n")
		for i := 0; i < 100_000; i++ {
			l := langs[i%len(langs)]
			fmt.Fprintf(w, "PC-1,Microsoft Office LTSC Professional Plus 2024 - %s,Volume,Microsoft Office LTSC Professional Plus 2024 - %s,W1,2027-01-18\n", l, l)
		}
		return nil
	}))
	must(writeFile(at("c2r-conflict.csv"), func(w io.Writer) error {
		fmt.Fprint(w, "Device,Serial,Licensed Product,License Channel,Target Product,Wave,Wave Date\n")
		for i := 0; i < 100_000; i++ {
			fmt.Fprintf(w, "PC-1,SN%d,Office Professional Plus 2019,Volume,Office Professional Plus %d,W1,2027-01-18\n", i, 2019+2*(i%2))
		}
		return nil
	}))
	// 5, 11: an older history (schema 1) of 0.2 MB with a 32,000-digit hex
	// word and keys split by invisible characters in its text, to migrate;
	// a history with 400,000 open requests for the samples' key.
	must(oldHistory(at("old-history.db"), hexWord))
	must(manyRequests(at("requests-history.db")))
}

// productKey makes a syntactically valid product key.
func productKey(rng *rand.Rand) string {
	const alphabet = "BCDFGHJKMPQRTVWXY2346789"
	b := make([]byte, 0, 29)
	for g := 0; g < 5; g++ {
		if g > 0 {
			b = append(b, '-')
		}
		for i := 0; i < 5; i++ {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
	}
	return string(b)
}

func oldHistory(path string, hexWord func(int) string) error {
	os.Remove(path)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	// Schema 1, as the first makplan with a history wrote it.
	stmts := append(history.OlderSchema(1),
		`INSERT INTO meta (name, value) VALUES ('app', 'makplan history'), ('salt', '00112233445566778899aabbccddeeff')`)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			return err
		}
	}
	for i := 0; i < 6; i++ {
		if _, err := db.Exec(`INSERT INTO wave_snapshots VALUES ('VF68T', ?, '2027-01-18', '2026-11-01', 5, 0)`, "W "+hexWord(32000)); err != nil {
			return err
		}
		if _, err := db.Exec(`INSERT INTO requests (fingerprint, last5, requested, ticket, on_date) VALUES ('VF68T:x', 'VF68T', 10, ?, '2026-11-01')`,
			"T 7XN4B\u200bJKC2Q\u200bTYG8M\u200bW3RPD\u200bVF68T "+hexWord(1000)); err != nil {
			return err
		}
	}
	return nil
}

func manyRequests(path string) error {
	os.Remove(path)
	h, err := history.Open(path, 10*time.Second)
	if err != nil {
		return err
	}
	k, _ := planner.ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	fp := h.Fingerprint(k)
	lim, used := 500, 400
	snap := history.KeySnapshot{Fingerprint: fp, Last5: k.Last5(), Products: "Windows 10/11 Enterprise",
		Count: planner.Counts{AsOf: planner.NewDate(2026, 11, 1), Limit: &lim, Used: &used, Remaining: 100}}
	if err := h.Record(planner.NewDate(2026, 11, 1), []history.KeySnapshot{snap}, nil, false); err != nil {
		return err
	}
	h.Close()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	st, err := tx.Prepare(`INSERT INTO requests (fingerprint, last5, requested, ticket, on_date, limit_then) VALUES (?, 'VF68T', 5, '', '2026-11-02', 500)`)
	if err != nil {
		return err
	}
	for i := 0; i < 400_000; i++ {
		if _, err := st.Exec(fp); err != nil {
			return err
		}
	}
	return tx.Commit()
}

const (
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
)

func rowOf(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for _, c := range cells {
		fmt.Fprintf(&b, `<c t="inlineStr"><is><t>%s</t></is></c>`, c)
	}
	b.WriteString("</row>")
	return b.String()
}

func sheetXML(rows string) []byte {
	return []byte(xmlHead + `<worksheet xmlns="` + nsMain + `"><sheetData>` + rows + `</sheetData></worksheet>`)
}

// part is a zip entry made of head, then block repeated n times; a
// worksheet or shared-string part is closed after that. honest says
// whether the zip records its true uncompressed size.
type part struct {
	name   string
	head   []byte
	block  []byte
	n      int64
	honest bool
}

// writeWorkbook writes a workbook of one sheet: sheet as given, or a part
// named xl/worksheets/sheet1.xml among parts; sst, when not nil, makes the
// workbook refer to a shared-string part.
func writeWorkbook(path string, sheet, sst []byte, parts ...part) error {
	return writeFile(path, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		add := func(name, data string) error {
			f, err := zw.Create(name)
			if err == nil {
				_, err = io.WriteString(f, data)
			}
			return err
		}
		rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
		if sst != nil {
			rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
		}
		for _, e := range []struct{ name, data string }{
			{"[Content_Types].xml", xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
			{"_rels/.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
			{"xl/workbook.xml", xmlHead + `<workbook xmlns="` + nsMain + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>`},
			{"xl/_rels/workbook.xml.rels", xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`},
		} {
			if err := add(e.name, e.data); err != nil {
				return err
			}
		}
		if sheet != nil {
			if err := add("xl/worksheets/sheet1.xml", string(sheet)); err != nil {
				return err
			}
		}
		for _, p := range parts {
			if err := writeRepeated(zw, p); err != nil {
				return err
			}
		}
		return zw.Close()
	})
}

// writeRepeated writes p as raw deflate: head, block n times, then the
// element that closes the part.
func writeRepeated(zw *zip.Writer, p part) error {
	var tail []byte
	switch {
	case strings.HasPrefix(p.name, "xl/worksheets/"):
		tail = []byte("</sheetData></worksheet>")
	case strings.HasSuffix(p.name, "sharedStrings.xml"):
		tail = []byte("</sst>")
	}
	compress := func(b []byte) []byte {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		fw.Write(b)
		fw.Flush() // a sync flush: byte-aligned, not final
		return buf.Bytes()
	}
	ch, cb, ct := compress(p.head), compress(p.block), compress(tail)
	size := uint64(len(p.head)) + uint64(len(p.block))*uint64(p.n) + uint64(len(tail))
	crc := crc32.Update(0, crc32.IEEETable, p.head)
	for i := int64(0); i < p.n; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, p.block)
	}
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	final := []byte{1, 0, 0, 0xff, 0xff} // an empty stored block, the last
	fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(ch)) + uint64(len(cb))*uint64(p.n) + uint64(len(ct)+len(final)), UncompressedSize64: size}
	if !p.honest {
		fh.UncompressedSize64 = 1 << 20
	}
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := w.Write(ch); err != nil {
		return err
	}
	for i := int64(0); i < p.n; i++ {
		if _, err := w.Write(cb); err != nil {
			return err
		}
	}
	if _, err := w.Write(ct); err != nil {
		return err
	}
	_, err = w.Write(final)
	return err
}

func writeFile(path string, fill func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
