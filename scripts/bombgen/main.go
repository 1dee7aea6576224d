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
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
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
