// Package samples holds the reviewed table behind samples/plan.xlsx: a
// mid-size customer's reimaging plan whose rows each name, in a comment, the
// verdict they were designed for. cmd gen writes plan.xlsx from it, and the
// benchmarks write synthetic plans of any size by cycling over it.
package samples

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"time"
)

// Canonical names mixed with the MECM names the sheet was pasted from
// (Computer Name, OS Language with LCIDs …).
// Headers is the header row as the admin's sheet has it.
var Headers = []string{"Computer Name", "Serial Number", "Manufacturer", "Current OS", "License Channel",
	"OS Language", "OS Architecture", "Licensed Components", "Target Product", "Target Language",
	"Target Architecture", "Target Components", "Media", "Media OEM", "Originally OEM Imaged",
	"Enterprise Upgrade", "SA Per Device", "User SA Until", "Agreement", "Activation", "Wave", "Wave Date",
	"Key", "Local Reactivation", "Qualifying OS", "Windows 11 Capable", "Status", "Primary User"}

// Row is one planned device.
type Row struct {
	Dev, Serial, Make, Licensed, Channel string
	Lang                                 any // LCID number as MECM gives it, or a tag
	Arch, Comps, Target, TLang, TArch    string
	TComps, Media, MediaOEM, OEMImaged   string
	EU, SA, UserSA, Agreement, Act, Wave string
	Key, Local, Qualifying, Capable      string
	Status                               string
	User                                 string // the primary user, on the rows with User SA Until
}

var (
	w0 = "W0 Pilot"
	w1 = "W1 Finance"
	w2 = "W2 Sales"
	w3 = "W3 Operations"
)

// WaveDates are the dates of the sample waves. W0 was the pilot, before the
// key exports were taken: their used counts already hold it.
var WaveDates = map[string]time.Time{
	w0: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC),
	w1: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
	w2: time.Date(2027, 1, 18, 0, 0, 0, 0, time.UTC),
	w3: time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC),
}

const (
	win10pro = "Microsoft Windows 10 Pro"
	win11pro = "Microsoft Windows 11 Pro"
	win11ent = "Windows 11 Enterprise"
	win10ent = "Windows 10 Enterprise"
)

// Rows are the sample devices.
var Rows = []Row{
	// Windows 11 Enterprise through Commercial Licensing (docs/rules.md, the Commercial Licensing way); each consumes one MAK.
	{Dev: "NW-LT-0101", Serial: "7HQ2JX3", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w1},                                            // eligible, no-sa-needed
	{Dev: "NW-LT-0102", Serial: "9KX4LM2", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, SA: "Yes", Wave: w1},                                            // eligible (SA per device)
	{Dev: "NW-LT-0103", Serial: "5CG1234XYZ", Make: "HP", Licensed: win11pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, UserSA: "2027-12-31", User: "mia.wong@northwind.example", Wave: w1}, // eligible (user SA per User)
	{Dev: "NW-LT-0104", Serial: "PF3ABCD1", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w1},
	{Dev: "NW-LT-0105", Serial: "PF3ABCD2", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w1, Key: "3GVF7"}, // pinned to the second Enterprise MAK
	{Dev: "NW-LT-0106", Serial: "PF3ABCD3", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w1, Local: "Yes"}, // eligible, local reactivation: consumes nothing
	{Dev: "NW-LT-0107", Serial: "8JX2LM4", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w1},
	{Dev: "NW-DT-0201", Serial: "CZC9876ABC", Make: "Hewlett-Packard", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w2},
	{Dev: "NW-DT-0202", Serial: "CZC9876ABD", Make: "Hewlett-Packard", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, SA: "Yes", Wave: w2},
	{Dev: "NW-DT-0203", Serial: "MJ0ABC12", Make: "LENOVO", Licensed: win10pro, Channel: "Retail", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w2}, // eligible, a retail license
	{Dev: "NW-DT-0204", Serial: "MJ0ABC13", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w2},
	{Dev: "NW-DT-0205", Serial: "4TR8QW1", Make: "Dell Inc.", Licensed: "Microsoft Windows 8.1 Pro", Channel: "OEM:SLP", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w2}, // eligible: the upgrade is not tied to the version
	{Dev: "NW-DT-0206", Serial: "4TR8QW2", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1031, Arch: "64-bit", Target: win11ent, TLang: "en-US", EU: "Yes", Wave: w2},     // eligible: nor to the language
	{Dev: "NW-DT-0207", Serial: "4TR8QW3", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w2, Act: "KMS"},         // eligible, KMS: consumes nothing
	{Dev: "NW-DT-0208", Serial: "CZC9876ABE", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w3},
	{Dev: "NW-DT-0209", Serial: "CZC9876ABF", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, SA: "Yes", Wave: w3},
	{Dev: "NW-DT-0210", Serial: "CZC9876ABG", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "32-bit", Target: win11ent, TArch: "x64", EU: "Yes", Wave: w3}, // eligible; 32 to 64 bit, but no architecture-change note: the edition changes too
	{Dev: "NW-DT-0211", Serial: "MJ0ABC14", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w3},
	{Dev: "NW-DT-0212", Serial: "MJ0ABC15", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w3},
	{Dev: "NW-DT-0213", Serial: "MJ0ABC16", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w3, Act: "AD-based"}, // eligible, AD-based: consumes nothing
	{Dev: "NW-DT-0299", Serial: "3QZ7WX9", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: "Backlog"},         // eligible, no wave date: sorts last
	// Devices that already run Windows 10 Enterprise from Volume media: the most common migration.
	{Dev: "NW-LT-0108", Serial: "8JX2LN1", Make: "Dell Inc.", Licensed: "Microsoft Windows 10 Enterprise", Channel: "Volume:MAK", Lang: 1033, Arch: "64-bit", Target: win11ent, SA: "Yes", Wave: w1, Qualifying: "[4.0] Professional OEM:DM"}, // eligible: the firmware key shows a qualifying Pro
	{Dev: "NW-LT-0109", Serial: "8JX2LN2", Make: "Dell Inc.", Licensed: "Microsoft Windows 10 Enterprise", Channel: "Volume:MAK", Lang: 1033, Arch: "64-bit", Target: win11ent, SA: "Yes", Wave: w2},                                          // eligible, qualifying-os-assumed
	// Finished work is not demand.
	{Dev: "NW-LT-0110", Serial: "8JX2LN3", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w1, Status: "Done"}, // eligible, done: consumes nothing new
	{Dev: "NW-LT-0111", Serial: "8JX2LN4", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w0},                 // eligible; the pilot wave is before the key snapshot: done
	{Dev: "NW-LT-0112", Serial: "8JX2LN5", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Wave: w0},                 // the same

	// Not eligible for Windows Enterprise.
	{Dev: "NW-LT-0120", Serial: "8JX2LM5", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win10ent, Wave: w1},                                                                          // enterprise-not-covered
	{Dev: "NW-LT-0121", Serial: "8JX2LM6", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win10ent, UserSA: "2027-01-10", User: "sam.lee@northwind.example", Wave: w2},                 // user-sa-expired (ends before the wave date)
	{Dev: "NW-LT-0122", Serial: "4TR8QW4", Make: "Dell Inc.", Licensed: "Microsoft Windows 8.1 Pro", Channel: "OEM:SLP", Lang: 1033, Arch: "64-bit", Target: win10ent, Wave: w2},                                                      // enterprise-not-covered, different-version
	{Dev: "NW-LT-0125", Serial: "4TR8QW5", Make: "Dell Inc.", Licensed: win10ent, Channel: "Volume:MAK", Lang: 1033, Arch: "64-bit", Target: win10ent, Wave: w2},                                                                      // enterprise-not-covered: a Volume image is media, not a license
	{Dev: "NW-LT-0130", Serial: "PF3ABCD9", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, EU: "Yes", Agreement: "93000003", Wave: w3},                                          // program-not-eligible (CSP)
	{Dev: "NW-LT-0132", Serial: "8JX2LN6", Make: "Dell Inc.", Licensed: "Microsoft Windows 10 Enterprise", Channel: "Volume:MAK", Lang: 1033, Arch: "64-bit", Target: win11ent, SA: "Yes", Wave: w2, Qualifying: "[4.0] Core OEM:DM"}, // no-qualifying-os (Home underneath)
	{Dev: "NW-LT-0133", Serial: "PF3ABCE3", Make: "LENOVO", Licensed: "Microsoft Windows 11 Home", Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: win11ent, Wave: w3},                                                         // no-qualifying-os, enterprise-not-covered

	// Windows Pro kept as Pro (docs/rules.md: reimaging rights over the OEM or retail license).
	{Dev: "NW-LT-0140", Serial: "CZC1111AAA", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "32-bit", Target: "Windows 10 Pro", TArch: "64-bit", Wave: w1}, // eligible, architecture-change
	{Dev: "NW-LT-0141", Serial: "CZC1111AAB", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 7 Professional", Wave: w1},          // downgrade-expired: the OEM right to Windows 7 ended with its support on 2020-01-14
	{Dev: "NW-LT-0142", Serial: "CZC1111AAC", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", Wave: w2},
	{Dev: "NW-LT-0143", Serial: "MJ0ABC20", Make: "LENOVO", Licensed: win10pro, Channel: "Retail", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", Wave: w2},                                                                         // eligible from a retail license
	{Dev: "NW-LT-0131", Serial: "CZC1111AAD", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", Media: "OEM recovery", MediaOEM: "HP", OEMImaged: "Yes", Wave: w2},                  // eligible, OEM media: no MAK
	{Dev: "NW-LT-0123", Serial: "CZC1111AAE", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", TLang: "MUI", Wave: w2},                                                             // different-language
	{Dev: "NW-LT-0124", Serial: "CZC1111AAF", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", TLang: "fr-FR", Wave: w2},                                                           // different-language
	{Dev: "NW-LT-0126", Serial: "8JX2LM7", Make: "Dell Inc.", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", Media: "OEM", MediaOEM: "HP", Wave: w3},                                         // oem-media-other-device (HP image on a Dell)
	{Dev: "NW-LT-0127", Serial: "CZC1111AAG", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", Media: "OEM", MediaOEM: "HP", OEMImaged: "No", Wave: w3},                            // oem-media-other-device (not imaged with it)
	{Dev: "NW-LT-0128", Serial: "PF3ABCE1", Make: "LENOVO", Licensed: win11pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 11 Pro", Media: "OEM recovery (modified)", MediaOEM: "Lenovo", OEMImaged: "Yes", Wave: w3}, // oem-media-version
	{Dev: "NW-LT-0129", Serial: "PF3ABCE2", Make: "LENOVO", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 Pro", Media: "Retail", Wave: w3},                                                        // retail-media-reuse
	{Dev: "NW-LT-0144", Serial: "CZC1111AAH", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 11 Pro", Wave: w2, Capable: "Yes"},                                                           // eligible, free-upgrade
	{Dev: "NW-LT-0145", Serial: "CZC1111AAJ", Make: "HP", Licensed: win10pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 11 Pro", Wave: w2, Capable: "No"},                                                            // different-version: the hardware cannot run Windows 11
	{Dev: "NW-LT-0146", Serial: "PF3ABCE4", Make: "LENOVO", Licensed: "Microsoft Windows 11 Pro N", Channel: "OEM:DM", Lang: 1031, Arch: "64-bit", Target: "Windows 11 Pro", TLang: "de-DE", Wave: w3},                                     // different-components (N)
	{Dev: "NW-LT-0147", Serial: "PF3ABCE5", Make: "LENOVO", Licensed: win11pro, Channel: "OEM:DM", Lang: 1033, Arch: "64-bit", Target: "Windows 10 IoT Enterprise LTSC 2021", EU: "Yes", Wave: w3},                                         // not-a-volume-product, different-product

	// Office.
	{Dev: "NW-DT-0220", Serial: "4TR8QX1", Make: "Dell Inc.", Licensed: "Office LTSC Professional Plus 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office LTSC Professional Plus 2021", Wave: w1},
	{Dev: "NW-DT-0221", Serial: "4TR8QX2", Make: "Dell Inc.", Licensed: "Office LTSC Professional Plus 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office LTSC Professional Plus 2021", Wave: w1},
	{Dev: "NW-DT-0222", Serial: "4TR8QX3", Make: "Dell Inc.", Licensed: "Office LTSC Professional Plus 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office LTSC Professional Plus 2021", Wave: w2},
	{Dev: "NW-DT-0223", Serial: "4TR8QX4", Make: "Dell Inc.", Licensed: "Office LTSC Professional Plus 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office LTSC Professional Plus 2021", Wave: w2},
	{Dev: "NW-DT-0224", Serial: "4TR8QX5", Make: "Dell Inc.", Licensed: "Office LTSC Professional Plus 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office LTSC Professional Plus 2021", Wave: w3},
	{Dev: "NW-DT-0225", Serial: "4TR8QX6", Make: "Dell Inc.", Licensed: "Office LTSC Professional Plus 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office Professional Plus 2019", Wave: w1}, // eligible, downgrade-right (the Product Terms' down-version right)
	{Dev: "NW-DT-0226", Serial: "4TR8QX7", Make: "Dell Inc.", Licensed: "Office Professional Plus 2019", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office Professional Plus 2019", Wave: w2},
	{Dev: "NW-LT-0150", Serial: "CZC2222AAA", Make: "HP", Licensed: "Office Standard 2016", Channel: "OEM", Lang: "en-US", Arch: "x86", Target: "Office Professional Plus 2016", Wave: w2},                                    // different-product, different-components
	{Dev: "NW-LT-0151", Serial: "CZC2222AAB", Make: "HP", Licensed: "Office 365 ProPlus", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office Professional Plus 2016", Wave: w2},                                   // different-product
	{Dev: "NW-LT-0152", Serial: "CZC2222AAC", Make: "HP", Licensed: "Office Professional Plus 2019", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Office Professional Plus 2019", Agreement: "92000002", Wave: w3}, // open-license-not-bought
	{Dev: "NW-DT-0230", Serial: "4TR8QX8", Make: "Dell Inc.", Licensed: "Project Professional 2021", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Project Professional 2021", Wave: w3},                            // eligible; no Project MAK: unmatched
	{Dev: "NW-LT-0153", Serial: "CZC2222AAD", Make: "HP", Licensed: "Office Home and Business 2021", Channel: "Retail", Lang: "en-US", Arch: "x64", Target: "Office Home and Business 2021", Wave: w3},                        // not-a-volume-product
	{Dev: "NW-LT-0154", Serial: "CZC2222AAE", Make: "HP", Licensed: "Microsoft 365 Apps for enterprise", Channel: "Volume", Lang: "en-US", Arch: "x64", Target: "Microsoft 365 Apps for enterprise", Wave: w2},                // eligible, subscription-activation: no MAK

	// Servers.
	{Dev: "NW-SV-0301", Serial: "CZJ3333AAA", Make: "HPE", Licensed: "Windows Server 2012 R2 Standard", Channel: "Volume", Lang: 1033, Arch: "64-bit", Target: "Windows Server 2012 R2 Essentials", Wave: w1}, // different-product
	{Dev: "NW-SV-0302", Serial: "CZJ3333AAB", Make: "HPE", Licensed: "Windows Server 2012 R2 Standard", Channel: "Volume", Lang: 1033, Arch: "64-bit", Target: "Windows Server 2012 Standard", Wave: w1},      // eligible, downgrade-right (the Product Terms' down-version right); no Server 2012 MAK: unmatched
	{Dev: "NW-SV-0303", Serial: "CZJ3333AAC", Make: "HPE", Licensed: "Windows Server 2022 Standard", Channel: "Volume", Lang: 1033, Arch: "64-bit", Target: "Windows Server 2022 Standard", Wave: w2},
	{Dev: "NW-SV-0304", Serial: "CZJ3333AAD", Make: "HPE", Licensed: "Windows Server 2022 Datacenter", Channel: "Volume", Lang: 1033, Arch: "64-bit", Target: "Windows Server 2022 Standard", Wave: w3}, // eligible, down-edition-right
}

// WriteSyntheticCSV writes n plan rows cycling over the sample rows, with
// unique device names, as a CSV the way Excel saves one: for benchmarks.
func WriteSyntheticCSV(out io.Writer, n int) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	w := csv.NewWriter(bw)
	if err := w.Write(Headers); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		cells, d, dated := synthetic(i)
		rec := make([]string, len(cells))
		for c, v := range cells {
			if v != nil {
				rec[c] = fmt.Sprint(v)
			}
		}
		if dated {
			rec[21] = d.Format("2006-01-02")
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
