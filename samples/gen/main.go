// Command gen writes samples/plan.xlsx, the sample reimaging plan of a
// mid-size customer, from the reviewed table in samples/table.go; with
// -devices N it writes a synthetic plan of N devices for benchmarks (CSV, or
// with -out FILE.xlsx a workbook as Excel writes it). Run from the repository root:
//
//	go run ./samples/gen
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/makplan/makplan/samples"
	"github.com/xuri/excelize/v2"
)

func main() {
	n := flag.Int("devices", 0, "write a synthetic plan of this many devices (cycling over the sample rows) instead of plan.xlsx")
	out := flag.String("out", "plan-synthetic.csv", "with -devices: the file to write: an Excel-style workbook when it ends in .xlsx, else CSV")
	flag.Parse()
	if *n > 0 {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		write := samples.WriteSyntheticCSV
		if strings.HasSuffix(strings.ToLower(*out), ".xlsx") {
			write = samples.WriteSyntheticXLSX
		}
		if err := write(f, *n); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Rollout plan"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		log.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	// Title rows above the header, as admins' sheets have them.
	must(f.SetCellValue(sheet, "A1", "Northwind Traders: Windows 11 Enterprise and Office LTSC rollout, winter 2026/27"))
	must(f.SetCellValue(sheet, "A2", "Source: MECM collection 'Rollout FY27' (exported 2026-11-20), edited by the desktop team"))
	must(f.SetSheetRow(sheet, "A4", &samples.Headers))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	for i, r := range samples.Rows {
		n := 5 + i
		cells := []any{r.Dev, r.Serial, r.Make, r.Licensed, r.Channel, r.Lang, r.Arch, r.Comps, r.Target, r.TLang,
			r.TArch, r.TComps, r.Media, r.MediaOEM, r.OEMImaged, r.EU, r.SA, nil, r.Agreement, r.Act, r.Wave, nil, r.Key, r.Local,
			r.Qualifying, r.Capable, r.Status, r.User}
		must(f.SetSheetRow(sheet, fmt.Sprintf("A%d", n), &cells))
		if r.UserSA != "" {
			t, err := time.Parse("2006-01-02", r.UserSA)
			must(err)
			must(f.SetCellValue(sheet, fmt.Sprintf("R%d", n), t))
			must(f.SetCellStyle(sheet, fmt.Sprintf("R%d", n), fmt.Sprintf("R%d", n), dateStyle))
		}
		if d, ok := samples.WaveDates[r.Wave]; ok {
			must(f.SetCellValue(sheet, fmt.Sprintf("V%d", n), d))
			must(f.SetCellStyle(sheet, fmt.Sprintf("V%d", n), fmt.Sprintf("V%d", n), dateStyle))
		}
	}
	// Fixed document properties so the file is the same on every run.
	must(f.SetDocProps(&excelize.DocProperties{Creator: "Northwind desktop team", Created: "2026-11-20T09:00:00Z", Modified: "2026-11-20T09:00:00Z", Title: "Rollout plan"}))
	must(f.SaveAs("samples/plan.xlsx"))
	fmt.Printf("wrote samples/plan.xlsx with %d devices\n", len(samples.Rows))
}
