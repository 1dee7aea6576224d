package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/xuri/excelize/v2"
)

// Help says, per column, what goes there: the notes of the plan template's
// headers (docs/plan-columns.md says it at length).
var Help = map[int]string{
	ColDevice:             "The device's name, as MECM or Intune knows it. Required; one row per device.",
	ColSerial:             "The serial number or service tag (optional; for people).",
	ColManufacturer:       "The maker: Dell, HP, Lenovo … (as inventories write it). Checked against OEM media.",
	ColLicensedProduct:    "The product the device is licensed for today, as makplan products lists it: Windows 10 Pro, Windows 11 Home, Office Standard 2016 … Required.",
	ColLicenseChannel:     "How that license was acquired: OEM, Retail, Volume or None (slmgr's OEM:DM, Volume:MAK … are read too). Required. A Volume channel on Windows shows the media, not the license.",
	ColLicensedLanguage:   "The licensed language: en-US, 1033 (an LCID), English, or MUI.",
	ColLicensedArch:       "The licensed architecture: x64 (64-bit), x86 (32-bit) or ARM64.",
	ColLicensedComponents: "Office only: the licensed components (Word, Excel …) when they are not the suite's own.",
	ColTargetProduct:      "The product the device will be reimaged with: Windows 11 Enterprise, Office LTSC Professional Plus 2024 … Required.",
	ColTargetLanguage:     "The image's language; blank keeps the licensed language.",
	ColTargetArch:         "The image's architecture; blank keeps the licensed one.",
	ColTargetComponents:   "Office only: the components the image installs, when not the whole suite.",
	ColMedia:              "Where the image comes from: Volume (Commercial Licensing media, the default), OEM (recovery media) or Retail.",
	ColMediaOEM:           "With OEM media: whose (Dell, HP, Lenovo …).",
	ColOEMImaged:          "With OEM media: whether the device was originally imaged with it (Yes/No).",
	ColEnterpriseUpgrade:  "Yes when a Windows Enterprise Upgrade (or, under an academic agreement, the Education upgrade) was bought for the device through Commercial Licensing.",
	ColSAPerDevice:        "Yes when the device is covered by Software Assurance.",
	ColUserSAUntil:        "The day the primary user's Windows SA per User (or Windows E3/E5) ends, YYYY-MM-DD; Yes when it has no end date.",
	ColAgreement:          "The agreement number whose media is used; it must be listed under agreements: in the configuration.",
	ColActivation:         "How the new image activates: MAK (the default), KMS or AD-based. Only MAK uses the keys' activations.",
	ColWave:               "The rollout wave's name. One wave, one date.",
	ColWaveDate:           "The wave's date, YYYY-MM-DD (or an Excel date).",
	ColKey:                "Optional: the MAK this device must use, whole or its last five characters.",
	ColLocalReactivation:  "Yes when VAMT reactivates the device locally from its stored confirmation ID: no activation used.",
	ColQualifyingOS:       "The Windows license under a Volume image: a product, or the firmware key description ([4.0] Professional OEM:DM) from OA3xOriginalProductKeyDescription.",
	ColStatus:             "Done (or Reimaged, Completed, Yes) when the device is already reimaged; Planned or blank otherwise.",
	ColWin11Capable:       "Yes or No: whether the hardware meets Windows 11's requirements (for the free upgrade).",
	ColOSVersion:          "The installed OS version (10.0.22631): tells the version when the product names none (slmgr's Windows(R), Professional edition).",
}

// lists are the closed lists of the template's drop-downs, per column;
// products come from the catalogue.
var lists = map[int][]string{
	ColLicenseChannel:    {"OEM", "Retail", "Volume", "None"},
	ColMedia:             {"Volume", "OEM", "Retail"},
	ColOEMImaged:         {"Yes", "No"},
	ColEnterpriseUpgrade: {"Yes", "No"},
	ColSAPerDevice:       {"Yes", "No"},
	ColActivation:        {"MAK", "KMS", "AD-based"},
	ColLocalReactivation: {"Yes", "No"},
	ColStatus:            {"Planned", "Done"},
	ColWin11Capable:      {"Yes", "No"},
	ColLicensedArch:      {"x64", "x86", "ARM64"},
	ColTargetArch:        {"x64", "x86", "ARM64"},
}

// TemplateSheet and ListsSheet are the template's sheets.
const (
	TemplateSheet = "Plan"
	ListsSheet    = "Lists"
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
	for id := 0; id < numColumns; id++ {
		c := Schema[id]
		col, _ := excelize.ColumnNumberToName(id + 1)
		cell := col + "1"
		if err := f.SetCellValue(TemplateSheet, cell, c.Name); err != nil {
			return err
		}
		if err := f.SetCellStyle(TemplateSheet, cell, cell, header); err != nil {
			return err
		}
		note := Help[id]
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
		case id == ColLicensedProduct || id == ColTargetProduct:
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
		case id == ColWaveDate || id == ColUserSAUntil:
			if err := f.SetCellStyle(TemplateSheet, col+"2", fmt.Sprintf("%s%d", col, templateRows+1), date); err != nil {
				return err
			}
			dv = nil
		default:
			dv = nil
		}
		if dv != nil {
			dv.SetInput(c.Name, truncate(Help[id], 250))
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
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "makplan", Title: "Reimaging plan template",
		Description: "Fill one row per device; docs/plan-columns.md describes every column.", Created: "2026-01-01T00:00:00Z", Modified: "2026-01-01T00:00:00Z"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// truncate keeps a data-validation prompt within Excel's 255 characters.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
