package plantemplate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/plan"
	"github.com/makplan/makplan/planner/problem"
	"github.com/xuri/excelize/v2"
)

// TestExampleIsOneDeviceWithThreeProducts: the template's Example sheet
// reads back, through the plan reader, as one device with Windows, Office
// and Visio, and the Plan sheet as an empty plan with every column.
func TestExampleIsOneDeviceWithThreeProducts(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	var ps problem.Problems
	var rows []*planner.Device
	plan.Read("plan-template.xlsx", bytes.NewReader(buf.Bytes()), plan.Options{Sheet: ExampleSheet}, &ps, func(d *planner.Device) { rows = append(rows, d) })
	rows = plan.Dedupe(rows, &ps)
	if len(ps.Errors) > 0 || len(rows) != 3 || planner.CountDevices(rows) != 1 {
		t.Fatalf("%d rows, %d devices, problems %v", len(rows), planner.CountDevices(rows), ps.Errors)
	}
	for i, want := range []string{"Windows desktop", "Office suite", "Visio"} {
		if got := plan.Line(rows[i].Attrs); got != want {
			t.Errorf("row %d is %s, want %s", i+2, got, want)
		}
	}
	if office := rows[1]; office.Wave != "W2" || office.Manufacturer != "HP" || office.SAPerDevice.State != planner.SAYes {
		t.Errorf("the Office row: wave %q, manufacturer %q, SA %+v", office.Wave, office.Manufacturer, office.SAPerDevice)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	head, err := f.GetRows(TemplateSheet)
	if err != nil || len(head) != 1 || len(head[0]) != len(plan.Schema) || !strings.EqualFold(head[0][0], "Device") {
		t.Errorf("the Plan sheet: %v, %v", head, err)
	}
}
