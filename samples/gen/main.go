// Command gen writes samples/plan.xlsx, the sample reimaging plan of a
// mid-size customer, from the table below. The table is the reviewed source;
// the workbook is its output. Run from the repository root:
//
//	go run ./samples/gen
//
// Each row's comment names the verdict it was designed for; the end-to-end
// script cmd/makplan/testdata/script/explain_samples.txtar checks them.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// The header row as the admin's sheet has it: canonical names mixed with the
// MECM names it was pasted from (Computer Name, OS Language with LCIDs …).
var headers = []string{"Computer Name", "Serial Number", "Manufacturer", "Current OS", "License Channel",
	"OS Language", "OS Architecture", "Licensed Components", "Target Product", "Target Language",
	"Target Architecture", "Target Components", "Media", "Media OEM", "Originally OEM Imaged",
	"Enterprise Upgrade", "SA Per Device", "User SA Until", "Agreement", "Activation", "Wave", "Wave Date",
	"Key", "Local Reactivation"}

type row struct {
	dev, serial, make, licensed, channel string
	lang                                 any // LCID number as MECM gives it, or a tag
	arch, comps, target, tlang, tarch    string
	tcomps, media, mediaOEM, oemImaged   string
	eu, sa, userSA, agreement, act, wave string
	key, local                           string
}

var (
	w1 = "W1 Finance"
	w2 = "W2 Sales"
	w3 = "W3 Operations"
)

var waveDates = map[string]time.Time{
	w1: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
	w2: time.Date(2027, 1, 18, 0, 0, 0, 0, time.UTC),
	w3: time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC),
}

const (
	win10pro = "Microsoft Windows 10 Pro"
	win11pro = "Microsoft Windows 11 Pro"
	win11ent = "Windows 11 Enterprise"
	win10ent = "Windows 10 Enterprise"
	ea       = "" // blank: the config's defaults fill the EA number
)

var rows = []row{
	// Windows 11 Enterprise through Commercial Licensing (rules.md, way 1); each consumes one MAK.
	{dev: "NW-LT-0101", serial: "7HQ2JX3", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w1},        // eligible, no-sa-needed
	{dev: "NW-LT-0102", serial: "9KX4LM2", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, sa: "Yes", wave: w1},        // eligible (SA per device)
	{dev: "NW-LT-0103", serial: "5CG1234XYZ", make: "HP", licensed: win11pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, userSA: "2027-12-31", wave: w1}, // eligible (user SA per User)
	{dev: "NW-LT-0104", serial: "PF3ABCD1", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w1},
	{dev: "NW-LT-0105", serial: "PF3ABCD2", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w1, key: "3GVF7"}, // pinned to the second Enterprise MAK
	{dev: "NW-LT-0106", serial: "PF3ABCD3", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w1, local: "Yes"}, // eligible, local reactivation: consumes nothing
	{dev: "NW-LT-0107", serial: "8JX2LM4", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w1},
	{dev: "NW-DT-0201", serial: "CZC9876ABC", make: "Hewlett-Packard", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w2},
	{dev: "NW-DT-0202", serial: "CZC9876ABD", make: "Hewlett-Packard", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, sa: "Yes", wave: w2},
	{dev: "NW-DT-0203", serial: "MJ0ABC12", make: "LENOVO", licensed: win10pro, channel: "Retail", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w2}, // eligible, a retail license
	{dev: "NW-DT-0204", serial: "MJ0ABC13", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w2},
	{dev: "NW-DT-0205", serial: "4TR8QW1", make: "Dell Inc.", licensed: "Microsoft Windows 8.1 Pro", channel: "OEM:SLP", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w2}, // eligible: the upgrade is not tied to the version
	{dev: "NW-DT-0206", serial: "4TR8QW2", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1031, arch: "64-bit", target: win11ent, tlang: "en-US", eu: "Yes", wave: w2},     // eligible: nor to the language
	{dev: "NW-DT-0207", serial: "4TR8QW3", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w2, act: "KMS"},         // eligible, KMS: consumes nothing
	{dev: "NW-DT-0208", serial: "CZC9876ABE", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w3},
	{dev: "NW-DT-0209", serial: "CZC9876ABF", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, sa: "Yes", wave: w3},
	{dev: "NW-DT-0210", serial: "CZC9876ABG", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "32-bit", target: win11ent, tarch: "x64", eu: "Yes", wave: w3}, // eligible, architecture-change
	{dev: "NW-DT-0211", serial: "MJ0ABC14", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w3},
	{dev: "NW-DT-0212", serial: "MJ0ABC15", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w3},
	{dev: "NW-DT-0213", serial: "MJ0ABC16", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: w3, act: "AD-based"}, // eligible, AD-based: consumes nothing
	{dev: "NW-DT-0299", serial: "3QZ7WX9", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", wave: "Backlog"},         // eligible, no wave date: sorts last

	// Not eligible for Windows Enterprise.
	{dev: "NW-LT-0120", serial: "8JX2LM5", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win10ent, wave: w1},                                 // enterprise-not-covered
	{dev: "NW-LT-0121", serial: "8JX2LM6", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win10ent, userSA: "2027-01-10", wave: w2},           // user-sa-expired (ends before the wave date)
	{dev: "NW-LT-0122", serial: "4TR8QW4", make: "Dell Inc.", licensed: "Microsoft Windows 8.1 Pro", channel: "OEM:SLP", lang: 1033, arch: "64-bit", target: win10ent, wave: w2},             // enterprise-not-covered, different-version
	{dev: "NW-LT-0125", serial: "4TR8QW5", make: "Dell Inc.", licensed: win10ent, channel: "Volume:MAK", lang: 1033, arch: "64-bit", target: win10ent, wave: w2},                             // no-qualifying-os
	{dev: "NW-LT-0130", serial: "PF3ABCD9", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: win11ent, eu: "Yes", agreement: "93000003", wave: w3}, // program-not-eligible (CSP)

	// Windows Pro kept as Pro (rules.md, way 2: reimaging rights over the OEM or retail license).
	{dev: "NW-LT-0140", serial: "CZC1111AAA", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "32-bit", target: "Windows 10 Pro", tarch: "64-bit", wave: w1}, // eligible, architecture-change
	{dev: "NW-LT-0141", serial: "CZC1111AAB", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 7 Professional", wave: w1},          // eligible, downgrade-right; no MAK for Windows 7: unmatched
	{dev: "NW-LT-0142", serial: "CZC1111AAC", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", wave: w2},
	{dev: "NW-LT-0143", serial: "MJ0ABC20", make: "LENOVO", licensed: win10pro, channel: "Retail", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", wave: w2},                                                                         // eligible from a retail license
	{dev: "NW-LT-0131", serial: "CZC1111AAD", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", media: "OEM recovery", mediaOEM: "HP", oemImaged: "Yes", wave: w2},                  // eligible, OEM media: no MAK
	{dev: "NW-LT-0123", serial: "CZC1111AAE", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", tlang: "MUI", wave: w2},                                                             // different-language
	{dev: "NW-LT-0124", serial: "CZC1111AAF", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", tlang: "fr-FR", wave: w2},                                                           // different-language
	{dev: "NW-LT-0126", serial: "8JX2LM7", make: "Dell Inc.", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", media: "OEM", mediaOEM: "HP", wave: w3},                                         // oem-media-other-device (HP image on a Dell)
	{dev: "NW-LT-0127", serial: "CZC1111AAG", make: "HP", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", media: "OEM", mediaOEM: "HP", oemImaged: "No", wave: w3},                            // oem-media-other-device (not imaged with it)
	{dev: "NW-LT-0128", serial: "PF3ABCE1", make: "LENOVO", licensed: win11pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 11 Pro", media: "OEM recovery (modified)", mediaOEM: "Lenovo", oemImaged: "Yes", wave: w3}, // oem-media-version
	{dev: "NW-LT-0129", serial: "PF3ABCE2", make: "LENOVO", licensed: win10pro, channel: "OEM:DM", lang: 1033, arch: "64-bit", target: "Windows 10 Pro", media: "Retail", wave: w3},                                                        // retail-media-reuse

	// Office.
	{dev: "NW-DT-0220", serial: "4TR8QX1", make: "Dell Inc.", licensed: "Office LTSC Professional Plus 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Office LTSC Professional Plus 2021", wave: w1},
	{dev: "NW-DT-0221", serial: "4TR8QX2", make: "Dell Inc.", licensed: "Office LTSC Professional Plus 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Office LTSC Professional Plus 2021", wave: w1},
	{dev: "NW-DT-0222", serial: "4TR8QX3", make: "Dell Inc.", licensed: "Office LTSC Professional Plus 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Office LTSC Professional Plus 2021", wave: w2},
	{dev: "NW-DT-0223", serial: "4TR8QX4", make: "Dell Inc.", licensed: "Office LTSC Professional Plus 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Office LTSC Professional Plus 2021", wave: w2},
	{dev: "NW-DT-0224", serial: "4TR8QX5", make: "Dell Inc.", licensed: "Office LTSC Professional Plus 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Office LTSC Professional Plus 2021", wave: w3},
	{dev: "NW-DT-0225", serial: "4TR8QX6", make: "Dell Inc.", licensed: "Office LTSC Professional Plus 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Office Professional Plus 2019", wave: w1}, // eligible, downgrade-right (a config row)
	{dev: "NW-DT-0226", serial: "4TR8QX7", make: "Dell Inc.", licensed: "Office Professional Plus 2019", channel: "Volume", lang: "en-US", arch: "x64", target: "Office Professional Plus 2019", wave: w2},
	{dev: "NW-LT-0150", serial: "CZC2222AAA", make: "HP", licensed: "Office Standard 2016", channel: "OEM", lang: "en-US", arch: "x86", target: "Office Professional Plus 2016", wave: w2},                                    // different-product, different-components
	{dev: "NW-LT-0151", serial: "CZC2222AAB", make: "HP", licensed: "Office 365 ProPlus", channel: "Volume", lang: "en-US", arch: "x64", target: "Office Professional Plus 2016", wave: w2},                                   // different-product
	{dev: "NW-LT-0152", serial: "CZC2222AAC", make: "HP", licensed: "Office Professional Plus 2019", channel: "Volume", lang: "en-US", arch: "x64", target: "Office Professional Plus 2019", agreement: "92000002", wave: w3}, // open-license-not-bought
	{dev: "NW-DT-0230", serial: "4TR8QX8", make: "Dell Inc.", licensed: "Project Professional 2021", channel: "Volume", lang: "en-US", arch: "x64", target: "Project Professional 2021", wave: w3},                            // eligible; no Project MAK: unmatched

	// Servers.
	{dev: "NW-SV-0301", serial: "CZJ3333AAA", make: "HPE", licensed: "Windows Server 2012 R2 Standard", channel: "Volume", lang: 1033, arch: "64-bit", target: "Windows Server 2012 R2 Essentials", wave: w1}, // different-product
	{dev: "NW-SV-0302", serial: "CZJ3333AAB", make: "HPE", licensed: "Windows Server 2012 R2 Standard", channel: "Volume", lang: 1033, arch: "64-bit", target: "Windows Server 2012 Standard", wave: w1},      // different-version
	{dev: "NW-SV-0303", serial: "CZJ3333AAC", make: "HPE", licensed: "Windows Server 2022 Standard", channel: "Volume", lang: 1033, arch: "64-bit", target: "Windows Server 2022 Standard", wave: w2},
}

func main() {
	n := flag.Int("devices", 0, "write a synthetic CSV plan of this many devices (cycling over the sample rows) instead of plan.xlsx")
	out := flag.String("out", "plan-synthetic.csv", "with -devices: the CSV file to write")
	flag.Parse()
	if *n > 0 {
		if err := writeSynthetic(*out, *n); err != nil {
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
	must(f.SetSheetRow(sheet, "A4", &headers))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	for i, r := range rows {
		n := 5 + i
		cells := []any{r.dev, r.serial, r.make, r.licensed, r.channel, r.lang, r.arch, r.comps, r.target, r.tlang,
			r.tarch, r.tcomps, r.media, r.mediaOEM, r.oemImaged, r.eu, r.sa, nil, orDefault(r.agreement, ea), r.act, r.wave, nil, r.key, r.local}
		must(f.SetSheetRow(sheet, fmt.Sprintf("A%d", n), &cells))
		if r.userSA != "" {
			t, err := time.Parse("2006-01-02", r.userSA)
			must(err)
			must(f.SetCellValue(sheet, fmt.Sprintf("R%d", n), t))
			must(f.SetCellStyle(sheet, fmt.Sprintf("R%d", n), fmt.Sprintf("R%d", n), dateStyle))
		}
		if d, ok := waveDates[r.wave]; ok {
			must(f.SetCellValue(sheet, fmt.Sprintf("V%d", n), d))
			must(f.SetCellStyle(sheet, fmt.Sprintf("V%d", n), fmt.Sprintf("V%d", n), dateStyle))
		}
	}
	// Fixed document properties so the file is the same on every run.
	must(f.SetDocProps(&excelize.DocProperties{Creator: "Northwind desktop team", Created: "2026-11-20T09:00:00Z", Modified: "2026-11-20T09:00:00Z", Title: "Rollout plan"}))
	must(f.SaveAs("samples/plan.xlsx"))
	fmt.Printf("wrote samples/plan.xlsx with %d devices\n", len(rows))
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// writeSynthetic writes n plan rows cycling over the sample rows, with unique
// device names, as a CSV the way Excel saves one: for benchmarks.
func writeSynthetic(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(headers); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		r := rows[i%len(rows)]
		lang := fmt.Sprint(r.lang)
		wd := ""
		if d, ok := waveDates[r.wave]; ok {
			wd = d.Format("2006-01-02")
		}
		rec := []string{r.dev + "-" + strconv.Itoa(i), r.serial, r.make, r.licensed, r.channel, lang, r.arch, r.comps, r.target, r.tlang,
			r.tarch, r.tcomps, r.media, r.mediaOEM, r.oemImaged, r.eu, r.sa, r.userSA, r.agreement, r.act, r.wave, wd, r.key, r.local}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}
