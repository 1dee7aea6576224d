package plan

import (
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
)

func readAll(t *testing.T, name, data string, opt Options) ([]*planner.Device, planner.Problems) {
	t.Helper()
	var ps planner.Problems
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
		{d.Name, "NW-1"}, {d.Manufacturer, "HP"}, {d.Licensed.Product().Name(), "Windows 11 Pro"},
		{d.Licensed.Language, "fr-FR"}, {d.Licensed.Arch, planner.ArchX86}, {d.Channel, planner.ChannelRetail},
		{d.Key.Partial, "3GVF7"}, {d.Target.Product().Name(), "Windows 11 Enterprise"}, {d.Target.Language, planner.MUI},
		{d.Target.Arch, planner.ArchX64}, {d.Wave, "W2"}, {d.WaveDate.String(), "2027-01-18"}, {d.UserSAUntil, planner.OpenEnded},
		{d.LocalReactivation, true}, {d.Media, planner.MediaVolume}, {d.Activation, planner.ActivationMAK}, {d.Source.Row, 4},
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
	if len(ps.Errors) != 1 || !strings.Contains(ps.Errors[0].Message, "License Channel, Target Product") {
		t.Fatalf("want one missing-columns problem, got %v", ps.Errors)
	}
	ds, ps := readAll(t, "intune.csv", data, Options{Defaults: map[string]string{"license channel": "OEM", "Target Product": "Windows 11 Enterprise", "Enterprise Upgrade": "yes"}})
	if len(ps.Errors) > 0 || len(ds) != 1 {
		t.Fatalf("problems %v", ps.Errors)
	}
	if d := ds[0]; d.Licensed.Product().Name() != "Windows 10 Pro" || d.Channel != planner.ChannelOEM || !d.EnterpriseUpgrade {
		t.Errorf("got %s %s EU=%v", d.Licensed.Product().Name(), d.Channel, d.EnterpriseUpgrade)
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

// TestDuplicateDevicesAreWarned: a name planned twice (in any case) is a
// warning naming both rows; both rows are kept.
func TestDuplicateDevicesAreWarned(t *testing.T) {
	data := "Device,Licensed Product,License Channel,Target Product\n" +
		"NW-1,Windows 10 Pro,OEM,Windows 10 Pro\nnw-1,Windows 10 Pro,OEM,Windows 10 Pro\nNW-2,Windows 10 Pro,OEM,Windows 10 Pro\n" +
		"NW-1,Windows 10 Pro,OEM,Windows 10 Pro\nNW-3,Windows 10 Pro,OEM,Windows 10 Pro\n"
	ds, ps := readAll(t, "p.csv", data, Options{})
	if len(ds) != 5 || len(ps.Errors) != 0 {
		t.Fatalf("%d devices, problems %v", len(ds), ps.Errors)
	}
	var got []string
	for _, w := range ps.Warnings {
		got = append(got, w.Error())
	}
	want := []string{`p.csv, row 3, column "Device": device "nw-1" is also on row 2; both rows are planned`,
		`p.csv, row 5, column "Device": device "NW-1" is also on row 2; both rows are planned`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
