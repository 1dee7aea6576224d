package plan

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/cells"
	"github.com/makplan/makplan/planner/problem"
)

func readAll(t *testing.T, name, data string, opt Options) ([]*planner.Device, problem.Problems) {
	t.Helper()
	var ps problem.Problems
	var out []*planner.Device
	Read(name, strings.NewReader(data), opt, &ps, func(d *planner.Device) { out = append(out, d) })
	return out, ps
}

// TestMECMRow checks that each MECM/slmgr column lands in its field.
func TestMECMRow(t *testing.T) {
	data := "Report: rollout,,,\r\n\r\n" +
		"Netbios_Name0;Manufacturer0;Caption0;Version0;OSLanguage0;OSArchitecture0;Description0;PartialProductKey0;Target OS;Target Language;Image Architecture;Wave;Wave Date;User SA;Local Reactivation\r\n" +
		"NW-1;Hewlett-Packard;Windows(R), Professional edition;10.0.22631;1036;32-bit;Windows(R) Operating System, RETAIL channel;3gvf7;Windows 11 Enterprise;MUI;x64;W2;46405;yes;X\r\n"
	ds, ps := readAll(t, "mecm.csv", data, Options{})
	if len(ps.Errors) > 0 || len(ds) != 1 {
		t.Fatalf("devices %d, problems %v", len(ds), ps.Errors)
	}
	d := ds[0]
	checks := []struct{ got, want any }{
		{d.Name, "NW-1"}, {d.Manufacturer, "HP"}, {d.Licensed.Name(), "Windows 11 Pro"},
		{d.Licensed.Language, "fr-FR"}, {d.Licensed.Arch, planner.ArchX86}, {d.Channel, planner.ChannelRetail},
		{d.Key.Partial, "3GVF7"}, {d.Target.Name(), "Windows 11 Enterprise"}, {d.Target.Language, planner.MUI},
		{d.Target.Arch, planner.ArchX64}, {d.Wave, "W2"}, {d.WaveDate.String(), "2027-01-18"}, {d.UserSAUntil, planner.OpenEnded},
		{d.LocalReactivation, true}, {d.Media, planner.MediaVolume}, {d.Activation, planner.ActivationMAK}, {d.Source().Row, 4},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %v, want %v", i, c.got, c.want)
		}
	}
}

// TestDefaultsFillBlankCellsAndRequiredColumns: a column that defaults fill is
// no longer required, and a blank cell takes the default.
func TestDefaultsFillBlankCellsAndRequiredColumns(t *testing.T) {
	data := "Device name,OS version,SkuFamily,Enterprise Upgrade\nPC-1,10.0.19045.3693,Professional,\n"
	_, ps := readAll(t, "intune.csv", data, Options{})
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, `the required column "License Channel" is missing`) ||
		!strings.Contains(ps.Errors[0].Message, `the required column "Target Product" is missing`) || strings.Contains(ps.Errors[0].Message, `"Device" is missing`) {
		t.Fatalf("want one missing-columns problem, got %v", ps.Errors)
	}
	ds, ps := readAll(t, "intune.csv", data, Options{Defaults: map[string]string{"license channel": "OEM", "Target Product": "Windows 11 Enterprise", "Enterprise Upgrade": "yes"}})
	if len(ps.Errors) > 0 || len(ds) != 1 {
		t.Fatalf("problems %v", ps.Errors)
	}
	if d := ds[0]; d.Licensed.Name() != "Windows 10 Pro" || d.Channel != planner.ChannelOEM || !d.EnterpriseUpgrade {
		t.Errorf("got %s %s EU=%v", d.Licensed.Name(), d.Channel, d.EnterpriseUpgrade)
	}
}

// TestExtraAliases: config aliases name a column.
func TestExtraAliases(t *testing.T) {
	data := "Asset Tag,Licensed Product,License Channel,Target Product\nA-1,Windows 10 Pro,OEM,Windows 10 Pro\n"
	ds, ps := readAll(t, "p.csv", data, Options{Aliases: map[string][]string{"device": {"Asset Tag"}}})
	if len(ps.Errors) > 0 || len(ds) != 1 || ds[0].Name != "A-1" {
		t.Fatalf("devices %v problems %v", ds, ps.Errors)
	}
}

// TestDuplicateDevices: a device listed twice (in any case) with the same
// values is counted once, with a warning naming both rows; with other
// values it is a problem naming both rows and what differs.
func TestDuplicateDevices(t *testing.T) {
	data := "Device,Licensed Product,License Channel,Target Product\n" +
		"NW-1,Windows 10 Pro,OEM,Windows 10 Pro\nnw-1,Windows 10 Pro,OEM,Windows 10 Pro\nNW-2,Windows 10 Pro,OEM,Windows 10 Pro\n" +
		"NW-2,Windows 10 Pro,Retail,Windows 10 Pro\nNW-3,Windows 10 Pro,OEM,Windows 10 Pro\n"
	ds, ps := readAll(t, "p.csv", data, Options{})
	ds = Dedupe(ds, &ps)
	if len(ds) != 4 {
		t.Errorf("%d devices, want 4 (nw-1 counted once)", len(ds))
	}
	var warnings, errs []string
	for _, w := range ps.Warnings {
		warnings = append(warnings, w.Error())
	}
	for _, e := range ps.Errors {
		errs = append(errs, e.Error())
	}
	if want := `p.csv, row 3: device "nw-1" is also on row 2 with the same values: counted once`; strings.Join(warnings, "\n") != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), want)
	}
	if want := `p.csv, row 5: device "NW-2" has a Windows desktop row already, row 4, with other values (License Channel): a device has one row per product line (Windows desktop, Windows Server, Office suite, Visio, Project); remove one, or give them different names if they are two devices`; strings.Join(errs, "\n") != want {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(errs, "\n"), want)
	}
}

// TestDuplicateDevicesGrouped: a device on many rows is one warning and at
// most six problems, not one message a row (a million-row sheet of one name
// used to print a million warnings and take half a minute).
func TestDuplicateDevicesGrouped(t *testing.T) {
	var b strings.Builder
	b.WriteString("Device,Licensed Product,License Channel,Target Product\n")
	b.WriteString("PC,Windows 10 Pro,OEM,Windows 10 Pro\n") // row 2, the first
	for i := 0; i < 8; i++ {                                // rows 3–10: the same values
		b.WriteString("PC,Windows 10 Pro,OEM,Windows 10 Pro\n")
	}
	for i := 0; i < 7; i++ { // rows 11–17: another channel
		b.WriteString("PC,Windows 10 Pro,Retail,Windows 10 Pro\n")
	}
	ds, ps := readAll(t, "p.csv", b.String(), Options{})
	ds = Dedupe(ds, &ps)
	// 16 rows of PC: 8 the same as row 2 are dropped, 1 + 7 stay.
	if len(ds) != 8 {
		t.Errorf("%d devices, want 8", len(ds))
	}
	if len(ps.Warnings) != 1 || ps.Warnings[0].Error() != `p.csv, row 2: device "PC" is on 8 more rows with the same values (row 3, row 4, row 5, row 6, row 7 and 3 more): counted once` {
		t.Errorf("warnings: %v", ps.Warnings)
	}
	// Rows 11–15 are named one by one; rows 16 and 17 are counted.
	if len(ps.Errors) != 6 || ps.Errors[0].Row != 11 || ps.Errors[5].Error() != `p.csv, row 16: device "PC" is on 2 more Windows desktop rows with other values than row 2: a device has one row per product line` {
		t.Errorf("problems: %v", ps.Errors)
	}
}

// TestMachineConflictsCapped (issue 28, finding 9): 1,000 rows of one
// device, each with another serial number: five problems name the first
// rows, a sixth counts the other 994 — not a problem a row.
func TestMachineConflictsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("Device,Serial,Licensed Product,License Channel,Target Product\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "PC,SN%d,Windows 10 Pro,OEM,Windows 10 Pro\n", i)
	}
	ds, ps := readAll(t, "p.csv", b.String(), Options{})
	Dedupe(ds, &ps)
	var serial []string
	for _, p := range ps.Errors {
		if strings.Contains(p.Message, "Serial") {
			serial = append(serial, p.Error())
		}
	}
	if len(serial) != 6 || !strings.Contains(serial[5], `device "PC": Serial differs on 994 more rows from row 2`) {
		t.Errorf("%d serial problems: %v", len(serial), serial)
	}
}

// TestDeviceWithSeveralProducts (rules.md rev 3): a PC that gets Windows and
// Office is one device on two rows, each a product; the machine columns
// filled on one row hold for both; a blank wave takes the device's; the
// Click-to-Run entries per language of one suite are one product; the name
// folds case with Unicode rules.
func TestDeviceWithSeveralProducts(t *testing.T) {
	data := "Device,Serial,Manufacturer,Licensed Product,License Channel,Target Product,Qualifying OS,Windows 11 Capable,Wave,Wave Date,Enterprise Upgrade\n" +
		// row 2: Windows, with the machine columns and the wave.
		"MÜNCHEN-1,5CG1,HP,Windows 10 Pro,OEM,Windows 11 Enterprise,[4.0] Professional OEM:DM,Yes,W1,2027-01-18,Yes\n" +
		// rows 3 and 4: Office, in two languages (Click-to-Run), blank machine columns and wave.
		"münchen-1,,,Microsoft Office LTSC Professional Plus 2024 - en-us,Volume,Microsoft Office LTSC Professional Plus 2024 - en-us,,,,,\n" +
		"München-1,,,Microsoft Office LTSC Professional Plus 2024 - de-de,Volume,Microsoft Office LTSC Professional Plus 2024 - de-de,,,,,\n" +
		// row 5: Visio, in a later wave of its own.
		"münchen-1,,,Visio LTSC Professional 2021,Volume,Visio LTSC Professional 2021,,,W3,2027-02-15,\n"
	ds, ps := readAll(t, "p.csv", data, Options{})
	ds = Dedupe(ds, &ps)
	if len(ps.Errors) > 0 {
		t.Fatalf("problems %v", ps.Errors)
	}
	// 4 rows: Windows, Office (the de-de entry merged into en-us), Visio = 3 products of 1 device.
	if len(ds) != 3 {
		t.Fatalf("%d rows, want 3", len(ds))
	}
	another := 0
	for _, d := range ds {
		if d.Another {
			another++
		}
	}
	if another != 2 {
		t.Errorf("%d rows marked another product, want 2", another)
	}
	office, visio := ds[1], ds[2]
	if office.Serial != "5CG1" || office.Manufacturer != "HP" || office.Win11Capable != planner.CapableYes || office.Qualifying == nil {
		t.Errorf("office row did not take the machine columns: %+v %+v", office, office.Attrs)
	}
	if office.Wave != "W1" || office.WaveDate.String() != "2027-01-18" || visio.Wave != "W3" {
		t.Errorf("waves: office %s %s, visio %s", office.Wave, office.WaveDate, visio.Wave)
	}
	if office.Licensed.Language != "en-US" || office.Target.Prod == nil || office.Target.Prod.Name != "Office LTSC Professional Plus 2024" {
		t.Errorf("office row: %s in %q", office.Target.Name(), office.Licensed.Language)
	}
	if len(ps.Warnings) != 1 || !strings.Contains(ps.Warnings[0].Error(), `p.csv, row 3: device "münchen-1" lists Office LTSC Professional Plus 2024 in en-US, de-DE (also on row 4): Click-to-Run`) {
		t.Errorf("warnings %v", ps.Warnings)
	}
}

// TestDeviceRowsDisagree: the rows of one device that disagree on a
// machine column, or repeat a product line, are problems naming the device,
// the column and both rows.
func TestDeviceRowsDisagree(t *testing.T) {
	data := "Device,Manufacturer,Licensed Product,License Channel,Target Product\n" +
		"PC-1,Dell,Windows 10 Pro,OEM,Windows 11 Pro\n" +
		"PC-1,HP,Office Professional Plus 2019,Volume,Office Professional Plus 2019\n" +
		"PC-1,Dell,Office Standard 2019,Volume,Office Standard 2019\n"
	ds, ps := readAll(t, "p.csv", data, Options{})
	Dedupe(ds, &ps)
	var errs []string
	for _, e := range ps.Errors {
		errs = append(errs, e.Error())
	}
	want := `p.csv, row 3: device "PC-1": Manufacturer is "HP" here but "Dell" on row 2; the rows of one device describe one machine: fill it on one row, or the same on each` + "\n" +
		`p.csv, row 4: device "PC-1" has an Office suite row already, row 3, with other values (Licensed Product/Language/Architecture/Components, Target Product/Language/Architecture/Components): a device has one row per product line (Windows desktop, Windows Server, Office suite, Visio, Project); remove one, or give them different names if they are two devices`
	if got := strings.Join(errs, "\n"); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestDateOrder: inputs.date_order reads US and European text dates; an
// impossible date says which part is wrong.
func TestDateOrder(t *testing.T) {
	data := "Device,Licensed Product,License Channel,Target Product,Wave Date\nPC-1,Windows 10 Pro,OEM,Windows 10 Pro,01/11/2027\n"
	_, ps := readAll(t, "us.csv", data, Options{})
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, "date_order: DMY or MDY on its entry of inputs.plan") {
		t.Errorf("without an order: %v", ps.Errors)
	}
	for order, want := range map[cells.DateOrder]string{cells.MDY: "2027-01-11", cells.DMY: "2027-11-01"} {
		ds, ps := readAll(t, "us.csv", data, Options{DateOrder: order})
		if len(ps.Errors) != 0 || len(ds) != 1 || ds[0].WaveDate.String() != want {
			t.Errorf("%s: %v %v", order, ds, ps.Errors)
		}
	}
	_, ps = readAll(t, "bad.csv", strings.Replace(data, "01/11/2027", "2027-13-45", 1), Options{})
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, `impossible date "2027-13-45": the month 13 is not 1 to 12`) {
		t.Errorf("impossible date: %v", ps.Errors)
	}
	_, ps = readAll(t, "bad.csv", strings.Replace(data, "01/11/2027", "31/02/2027", 1), Options{DateOrder: cells.DMY})
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, `impossible date "31/02/2027": February 2027 has 28 days, not 31`) {
		t.Errorf("impossible day: %v", ps.Errors)
	}
}

// TestInventorySpellings reads testdata/inventory.csv: 68 devices as
// inventories write them (MECM captions, slmgr and WMI edition names with
// MECM's Version0, firmware key descriptions, OSPP license names, VLSC
// abbreviations, retail names) and checks each one's identity in the
// catalogue against the expected columns of the file. On Volume rows and
// Volume media, 2021 and later Office and Visio suites are the LTSC products.
func TestInventorySpellings(t *testing.T) {
	data, err := os.ReadFile("testdata/inventory.csv")
	if err != nil {
		t.Fatal(err)
	}
	ds, ps := readAll(t, "inventory.csv", string(data), Options{Aliases: map[string][]string{"Licensed Product": {"Installed As"}}})
	if len(ps.Errors) > 0 {
		t.Fatalf("problems: %v", ps.Errors)
	}
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != len(recs)-1 || len(ds) < 60 {
		t.Fatalf("%d devices read of %d rows", len(ds), len(recs)-1)
	}
	for i, d := range ds {
		want := recs[i+1][6:9]
		q := ""
		if d.Qualifying != nil {
			q = d.Qualifying.Name
		}
		if d.Licensed.Name() != want[0] || d.Target.Name() != want[1] || q != want[2] {
			t.Errorf("%s: licensed %q, target %q, qualifying %q; want %q", d.Name, d.Licensed.Name(), d.Target.Name(), q, want)
		}
	}
}

// TestUnrecognisedProducts: a name that is not in the catalogue is one
// problem per distinct name, with its rows and the closest name; with
// ReportUnrecognised the rows go on with no product and a warning.
func TestUnrecognisedProducts(t *testing.T) {
	data := "Device,Licensed Product,License Channel,Target Product,Wave Dte\n" +
		"PC-1,Windows 10 Pro,OEM,Win 11 Ent,\nPC-2,Acrobat Pro,OEM,Windows 11 Pro,\nPC-3,Windows 10 Pro,OEM,Win 11 Ent,\n" +
		"PC-4,Windows 10 Pro,OEM,Windows 11 Pro,\n"
	ds, ps := readAll(t, "p.csv", data, Options{})
	var got []string
	for _, p := range ps.Errors {
		got = append(got, p.Error())
	}
	want := []string{
		`p.csv, row 1, column "Wave Dte": "Wave Dte" matches no column: did you mean "Wave Date"? (rename the header, or add it to inputs.aliases)`,
		`p.csv, row 2, column "Target Product": product "Win 11 Ent" is not in makplan's catalogue; did you mean "Windows 11 Enterprise"? (2 rows: 2, 4); ` + "`makplan products`" + ` lists every accepted spelling`,
		`p.csv, row 3, column "Licensed Product": product "Acrobat Pro" is not in makplan's catalogue (another vendor's product, or one makplan does not model) (row 3); ` + "`makplan products`" + ` lists every accepted spelling`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ds) != 1 || ds[0].Name != "PC-4" {
		t.Errorf("devices %v, want only PC-4", ds)
	}
	ds, ps = readAll(t, "p.csv", data, Options{ReportUnrecognised: true})
	if len(ps.Errors) != 0 || len(ps.Warnings) != 3 || len(ds) != 4 {
		t.Fatalf("report: %d devices, errors %v, warnings %v", len(ds), ps.Errors, ps.Warnings)
	}
	// A required column with a typo: no header row, and the likely fix.
	_, ps = readAll(t, "q.csv", "Device,Curent OS,License Channel,Target Product\nPC-1,Windows 10 Pro,OEM,Windows 11 Pro\n", Options{})
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, `"Curent OS" matches no column: did you mean "Current OS" (Device OS)?`) {
		t.Errorf("typo'd required header: %v", ps.Errors)
	}
	if false {
		t.Fatalf("report: %d devices, errors %v, warnings %v", len(ds), ps.Errors, ps.Warnings)
	}
	if ds[0].Target.Prod != nil || ds[0].Target.Text != "Win 11 Ent" || ds[1].Licensed.Prod != nil {
		t.Errorf("unrecognised rows: %+v %+v", ds[0].Target, ds[1].Licensed)
	}
}

// TestDocumentedColumns: docs/plan-columns.md names every column and alias,
// and its example rows read without problems.
func TestDocumentedColumns(t *testing.T) {
	doc, err := os.ReadFile("../../docs/plan-columns.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	for _, c := range Schema {
		if !strings.Contains(text, "`"+c.Name+"`") {
			t.Errorf("docs/plan-columns.md does not document %s", c.Name)
		}
		for _, a := range c.Aliases {
			if !strings.Contains(text, a) {
				t.Errorf("docs/plan-columns.md does not name %s's alias %s", c.Name, a)
			}
		}
	}
	for id := range Schema {
		if Help[id] == "" {
			t.Errorf("column %s has no help for the template", Schema[id].Name)
		}
	}
	defaults := map[string]string{"License Channel": "OEM", "Target Product": "Windows 11 Enterprise", "Enterprise Upgrade": "yes"}
	blocks := strings.Split(text, "```csv\n")[1:]
	// The examples: MECM, Intune, a PC with Windows and Office (two rows,
	// one device), slmgr.
	rows := []int{1, 1, 2, 1}
	if len(blocks) != len(rows) {
		t.Fatalf("%d example blocks", len(blocks))
	}
	for i, b := range blocks {
		data := b[:strings.Index(b, "```")]
		ds, ps := readAll(t, fmt.Sprintf("example%d.csv", i+1), data, Options{Defaults: defaults})
		ds = Dedupe(ds, &ps)
		if len(ps.Errors) > 0 || len(ds) != rows[i] {
			t.Errorf("example %d: %d rows, problems %v", i+1, len(ds), ps.Errors)
		}
	}
}

// TestRepeatedProblemsGrouped: the same problem on 150 rows is one problem
// naming its rows (it used to be 150 lines, and the first 1,000 only).
func TestRepeatedProblemsGrouped(t *testing.T) {
	var b strings.Builder
	b.WriteString("Device,Licensed Product,License Channel,Target Product,Wave,Wave Date\n")
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, "PC-%d,Windows 10 Pro,OEM,Windows 11 Pro,W1,04/12/2026\n", i)
	}
	b.WriteString("PC-X,Windows 10 Pro,OEM,Windows 11 Pro,W1,13/13/2026\n") // row 152: another problem
	_, ps := readAll(t, "p.csv", b.String(), Options{})
	if len(ps.Errors) != 2 {
		t.Fatalf("%d problems: %v", len(ps.Errors), ps.Errors)
	}
	want := `p.csv, row 2, column "Wave Date": 150 rows (rows 2–151): ambiguous date "04/12/2026": it could be 4 December (day first, DMY) or 12 April (month first, MDY); write it as YYYY-MM-DD, or say how this file writes dates: date_order: DMY or MDY on its entry of inputs.plan or inputs.keys ({file: …, date_order: MDY}), or inputs.date_order for every file`
	if got := ps.Errors[0].Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if ps.Errors[1].Row != 152 {
		t.Errorf("second problem %v", ps.Errors[1])
	}
}

// TestClickToRunWarningNamesTheLanguage (rules.md rev 4, item 9): Click-to-Run
// entries whose target is written without the language suffix (the
// plan's own target column) name the languages the licence suffixes give,
// never an empty "in  (also on …)".
func TestClickToRunWarningNamesTheLanguage(t *testing.T) {
	data := "Device,Licensed Product,License Channel,Target Product\n" +
		"PC-1,Microsoft Office LTSC Professional Plus 2024 - en-us,Volume,Office LTSC Professional Plus 2024\n" +
		"PC-1,Microsoft Office LTSC Professional Plus 2024 - fr-fr,Volume,Office LTSC Professional Plus 2024\n"
	ds, ps := readAll(t, "p.csv", data, Options{})
	ds = Dedupe(ds, &ps)
	if len(ds) != 1 || len(ps.Errors) > 0 {
		t.Fatalf("%d rows, problems %v", len(ds), ps.Errors)
	}
	if len(ps.Warnings) != 1 || !strings.Contains(ps.Warnings[0].Error(), `device "PC-1" lists Office LTSC Professional Plus 2024 in en-US, fr-FR (also on row 3)`) {
		t.Errorf("warnings %v", ps.Warnings)
	}
}
