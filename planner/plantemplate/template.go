// Package plantemplate writes plan-template.xlsx (makplan init --template):
// every plan column with a note saying what goes there (plan.Help) and
// drop-down lists of the values makplan reads.
package plantemplate

import (
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/plan"
	"github.com/xuri/excelize/v2"
)

// lists are the closed lists of the template's drop-downs, per column;
// products come from the catalogue.
var lists = map[int][]string{
	plan.ColLicenseChannel:    {"OEM", "Retail", "Volume", "None"},
	plan.ColMedia:             {"Volume", "OEM", "Retail"},
	plan.ColOEMImaged:         {"Yes", "No"},
	plan.ColEnterpriseUpgrade: {"Yes", "No"},
	plan.ColActivation:        {"MAK", "KMS", "AD-based"},
	plan.ColLocalReactivation: {"Yes", "No"},
	plan.ColStatus:            {"Planned", "Done"},
	plan.ColWin11Capable:      {"Yes", "No"},
	plan.ColLicensedArch:      {"x64", "x86", "ARM64"},
	plan.ColTargetArch:        {"x64", "x86", "ARM64"},
}

// TemplateSheet, ListsSheet and ExampleSheet are the template's sheets.
const (
	TemplateSheet = "Plan"
	ListsSheet    = "Lists"
	ExampleSheet  = "Example"
	templateRows  = 5000 // rows the drop-downs and formats cover
)

// WriteTemplate writes plan-template.xlsx: a header row with every column
// and a note on each saying what goes there, and drop-down lists for the
// closed values — license channel, media, yes/no, activation, status,
// architecture, and the catalogue's products — so that a plan typed by hand
// cannot name a product makplan does not know.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TemplateSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(ListsSheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	// The products, for the product columns' drop-downs, on the Lists sheet.
	var products []string
	ps := append([]*planner.Product(nil), planner.Catalogue()...)
	planner.SortProducts(ps)
	for _, p := range ps {
		products = append(products, p.Name)
	}
	listCol := 0
	writeList := func(title string, values []string) (string, error) {
		listCol++
		col, _ := excelize.ColumnNumberToName(listCol)
		if err := f.SetCellValue(ListsSheet, col+"1", title); err != nil {
			return "", err
		}
		for i, v := range values {
			if err := f.SetCellValue(ListsSheet, fmt.Sprintf("%s%d", col, i+2), v); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("%s!$%s$2:$%s$%d", ListsSheet, col, col, len(values)+1), nil
	}
	productRange, err := writeList("Products", products)
	if err != nil {
		return err
	}
	for id := 0; id < len(plan.Schema); id++ {
		c := plan.Schema[id]
		col, _ := excelize.ColumnNumberToName(id + 1)
		cell := col + "1"
		if err := f.SetCellValue(TemplateSheet, cell, c.Name); err != nil {
			return err
		}
		if err := f.SetCellStyle(TemplateSheet, cell, cell, header); err != nil {
			return err
		}
		note := plan.Help[id]
		if c.Required {
			note = "Required. " + strings.TrimSuffix(strings.TrimPrefix(note, "Required. "), " Required.")
		}
		if len(c.Aliases) > 0 {
			note += " Also read under: " + strings.Join(c.Aliases, ", ") + "."
		}
		if err := f.AddComment(TemplateSheet, excelize.Comment{Cell: cell, Author: "makplan", Paragraph: []excelize.RichTextRun{{Text: note}}}); err != nil {
			return err
		}
		width := float64(max(len(c.Name)+4, 14))
		rows := fmt.Sprintf("%s2:%s%d", col, col, templateRows+1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rows
		switch {
		case id == plan.ColLicensedProduct || id == plan.ColTargetProduct:
			dv.SetSqrefDropList(productRange)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Not a product makplan knows", "Pick the product from the list (makplan products lists every accepted spelling).")
			width = 38
		case lists[id] != nil:
			r, err := writeList(c.Name, lists[id])
			if err != nil {
				return err
			}
			dv.SetSqrefDropList(r)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Not a value makplan reads", "Pick a value from the list.")
		case id == plan.ColWaveDate || id == plan.ColUserSAUntil || id == plan.ColUpgradeCoversUntil:
			if err := f.SetCellStyle(TemplateSheet, col+"2", fmt.Sprintf("%s%d", col, templateRows+1), date); err != nil {
				return err
			}
			dv = nil
		default:
			dv = nil
		}
		if dv != nil {
			dv.SetInput(c.Name, truncate(plan.Help[id], 250))
			if err := f.AddDataValidation(TemplateSheet, dv); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(TemplateSheet, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(TemplateSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := writeExample(f, header); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "makplan", Title: "Reimaging plan template",
		Description: "Fill one row per product on a device (a PC with Windows and Office is two rows); docs/plan-columns.md describes every column.", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// example is a PC that gets Windows 11 Enterprise and Office LTSC in one
// wave and Visio in a later one: one device on three rows, the machine
// columns on the first only (docs/plan-columns.md, "One row per product on a device").
var example = []map[int]string{
	{plan.ColDevice: "NW-LT-0160", plan.ColSerial: "5CG2041XYZ", plan.ColManufacturer: "HP", plan.ColLicensedProduct: "Windows 10 Pro",
		plan.ColLicenseChannel: "OEM", plan.ColLicensedLanguage: "en-US", plan.ColLicensedArch: "x64", plan.ColTargetProduct: "Windows 11 Enterprise",
		plan.ColEnterpriseUpgrade: "Yes", plan.ColSAPerDevice: "2027-06-30", plan.ColAgreement: "91000001ZZS0001", plan.ColWave: "W2",
		plan.ColWaveDate: "2027-01-18", plan.ColQualifyingOS: "[4.0] Professional OEM:DM", plan.ColWin11Capable: "Yes"},
	{plan.ColDevice: "NW-LT-0160", plan.ColLicensedProduct: "Office Professional Plus 2019", plan.ColLicenseChannel: "Volume",
		plan.ColLicensedLanguage: "en-US", plan.ColLicensedArch: "x86", plan.ColTargetProduct: "Office LTSC Professional Plus 2021",
		plan.ColSAPerDevice: "Yes", plan.ColAgreement: "91000001ZZS0001"},
	{plan.ColDevice: "NW-LT-0160", plan.ColLicensedProduct: "Visio Professional 2019", plan.ColLicenseChannel: "Volume",
		plan.ColTargetProduct: "Visio Professional 2019", plan.ColAgreement: "91000001ZZS0001", plan.ColWave: "W3", plan.ColWaveDate: "2027-02-15"},
}

// writeExample writes the Example sheet: the columns and a device with
// Windows, Office and Visio.
func writeExample(f *excelize.File, header int) error {
	if _, err := f.NewSheet(ExampleSheet); err != nil {
		return err
	}
	for id := 0; id < len(plan.Schema); id++ {
		col, _ := excelize.ColumnNumberToName(id + 1)
		if err := f.SetCellValue(ExampleSheet, col+"1", plan.Schema[id].Name); err != nil {
			return err
		}
		if err := f.SetCellStyle(ExampleSheet, col+"1", col+"1", header); err != nil {
			return err
		}
		for r, row := range example {
			if v := row[id]; v != "" {
				if err := f.SetCellStr(ExampleSheet, fmt.Sprintf("%s%d", col, r+2), v); err != nil {
					return err
				}
			}
		}
		if err := f.SetColWidth(ExampleSheet, col, col, float64(max(len(plan.Schema[id].Name)+4, 14))); err != nil {
			return err
		}
	}
	return f.AddComment(ExampleSheet, excelize.Comment{Cell: "A2", Author: "makplan", Paragraph: []excelize.RichTextRun{{Text: "One device, three products: a row for Windows, one for Office, one for Visio (in a later wave). " +
		"Serial, manufacturer, qualifying OS and Windows 11 capable are filled once; the Office row's blank wave takes the device's. " +
		"SA Per Device is per licence: Windows' SA ends 2027-06-30, Office's is current."}}})
}

// truncate keeps a data-validation prompt within Excel's 255 characters.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
