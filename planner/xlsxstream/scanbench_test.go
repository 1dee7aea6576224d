package xlsxstream

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// BenchmarkScan measures the sheet reader alone, on inflated XML held in
// memory: what the pipe must keep up with.
func BenchmarkScan(b *testing.B) {
	b.Run("shared", func(b *testing.B) { benchScan(b, true) })
	b.Run("inline", func(b *testing.B) { benchScan(b, false) })
}

func benchScan(b *testing.B, shared bool) {
	path := benchWorkbook(b, 100_000, shared)
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	var sheet, sst []byte
	for _, f := range zr.File {
		rc, _ := f.Open()
		switch f.Name {
		case "xl/worksheets/sheet1.xml":
			sheet, _ = io.ReadAll(rc)
		case "xl/sharedStrings.xml":
			sst, _ = io.ReadAll(rc)
		}
		rc.Close()
	}
	zr.Close()
	w := &Workbook{lim: Limits{}.withDefaults()}
	w.parts = map[string]*zip.File{}
	table := &sharedStrings{}
	if sst != nil {
		if table, err = loadSharedStringsFrom(w, "sst", bytes.NewReader(sst), int64(len(sst))); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(sheet)))
	b.ReportAllocs()
	for b.Loop() {
		rows := &Rows{w: w, sheet: "Sheet1", part: "sheet", sst: table, s: newScanner("sheet", bytes.NewReader(sheet), int64(len(sheet)))}
		cells := 0
		for rows.Next() {
			cells += len(rows.Cells())
		}
		if rows.Err() != nil {
			b.Fatal(rows.Err())
		}
	}
}
