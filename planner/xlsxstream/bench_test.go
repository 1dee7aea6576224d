package xlsxstream

import (
	"archive/zip"
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkRows reads every cell of a generated sheet (14 columns: strings
// from pools of a few hundred values, integers, floats, negative numbers,
// booleans, dates) with this package and, on 100,000 rows, with excelize's
// Rows iterator. MB/s is of inflated sheet XML. The 1,000,000-row runs are
// skipped with -short.
//
//	go test -run '^$' -bench Rows -benchtime 3x ./planner/xlsxstream/
func BenchmarkRows(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, shared := range []bool{true, false} {
			variant := "inline"
			if shared {
				variant = "shared"
			}
			b.Run(fmt.Sprintf("%s-%dk/xlsxstream", variant, n/1000), func(b *testing.B) {
				if n > 100_000 && testing.Short() {
					b.Skip("-short")
				}
				benchOurs(b, benchWorkbook(b, n, shared), n)
			})
			if n <= 100_000 {
				b.Run(fmt.Sprintf("%s-%dk/excelize", variant, n/1000), func(b *testing.B) {
					benchExcelize(b, benchWorkbook(b, n, shared), n)
				})
			}
		}
	}
}

// sheetSize returns the uncompressed size of the workbook's first sheet.
func sheetSize(b *testing.B, path string) int64 {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			return int64(f.UncompressedSize64)
		}
	}
	b.Fatal("no sheet1.xml")
	return 0
}

func benchOurs(b *testing.B, path string, n int) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	b.SetBytes(sheetSize(b, path))
	b.ReportAllocs()
	for b.Loop() {
		w, err := Open(f, fi.Size(), Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rows, err := w.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for rows.Next() {
			cells += len(rows.Cells())
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		if cells != (n+1)*benchColumns {
			b.Fatalf("read %d cells, want %d", cells, (n+1)*benchColumns)
		}
	}
}

func benchExcelize(b *testing.B, path string, n int) {
	b.SetBytes(sheetSize(b, path))
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for rows.Next() {
			row, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				b.Fatal(err)
			}
			cells += len(row)
		}
		rows.Close()
		f.Close()
		if cells != (n+1)*benchColumns {
			b.Fatalf("read %d cells, want %d", cells, (n+1)*benchColumns)
		}
	}
}
