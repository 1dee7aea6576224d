package esu

import (
	"math/rand"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
)

func product(t *testing.T, name string) *planner.Product {
	t.Helper()
	p, err := planner.LookupProduct(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestCloudAndActivatedNeverConsume (issue 26): for random Windows 10
// devices, waves, targets and as-of days, a device marked cloud never needs
// an activation, and a year already activated is never activated again —
// except by a reimage to Windows 10 during that year, which activates it
// again (docs/rules.md). Every activation planned is a year the device
// needs, once.
func TestCloudAndActivatedNeverConsume(t *testing.T) {
	pro, ent11, ent10 := product(t, "Windows 10 Pro"), product(t, "Windows 11 Enterprise"), product(t, "Windows 10 Enterprise")
	rng := rand.New(rand.NewSource(26))
	day := func(from planner.Date, span int) planner.Date { return from.AddDays(rng.Intn(span)) }
	keys := []planner.Key{}
	for y := 1; y <= 3; y++ {
		pk, _ := planner.ParseProductKey([]string{"7XN4B-JKC2Q-TYG8M-W3RPD-VF68T", "D9HGK-2WMXT-B6QYR-7CFJP-3GVF7", "C8GXR-HQW4P-3YKBT-DJ7F9-MV2HW"}[y-1])
		keys = append(keys, planner.Key{Key: pk, Type: planner.KeyESU, Remaining: 10,
			Products: []planner.KeyProduct{{Name: planner.ESUProduct(y).Name, Covers: []*planner.Product{planner.ESUProduct(y)}}}})
	}
	for n := 0; n < 3000; n++ {
		asOf := day(planner.NewDate(2025, 9, 1), 1200)
		var devices, staying []*planner.Device
		for i := 0; i < 8; i++ {
			a := &planner.Attrs{Licensed: planner.Image{Prod: pro}, Channel: planner.ChannelOEM, Media: planner.MediaVolume, Activation: planner.ActivationMAK}
			switch rng.Intn(4) {
			case 0:
				a.ESU = planner.ESU{State: planner.ESUCloud}
			case 1:
				a.ESU = planner.ESU{State: planner.ESUNo}
			case 2:
				var set planner.ESUSet
				for y := 1; y <= 3; y++ {
					if rng.Intn(2) == 0 {
						set = set.With(y)
					}
				}
				if set != 0 {
					a.ESU = planner.ESU{State: planner.ESUYes, Activated: set}
				}
			}
			d := &planner.Device{Name: string(rune('A' + i)), Attrs: a}
			switch rng.Intn(3) {
			case 0:
				a.Stays = true
				staying = append(staying, d)
				continue
			case 1:
				a.Target = planner.Image{Prod: ent11}
			case 2:
				a.Target = planner.Image{Prod: ent10}
			}
			if rng.Intn(4) > 0 {
				a.WaveDate = day(planner.NewDate(2025, 6, 1), 1500)
				a.Wave = "W-" + a.WaveDate.String()
			}
			devices = append(devices, d)
		}
		r := Plan(devices, staying, keys, asOf, capacity.Settings{ReservePercent: 10})
		rows := map[string]int{}
		for _, row := range r.Rows {
			rows[row.Name]++
		}
		for _, dv := range r.Devices {
			d := dv.D
			if d.ESU.State == planner.ESUCloud && dv.Needs != 0 {
				t.Fatalf("%s: cloud device needs %s (as of %s)", d.Name, dv.Needs, asOf)
			}
			for _, y := range planner.ESUYears {
				reimagedInYear := d.Target.Prod == ent10 && !d.WaveDate.IsZero() && !d.WaveDate.Before(y.Start) && !d.WaveDate.After(y.End) && !d.WaveDate.Before(asOf)
				if d.ESU.Activated.Has(y.N) && dv.Needs.Has(y.N) && !reimagedInYear {
					t.Fatalf("%s: year %d activated already, needed again without a reimage in it (wave %s, as of %s)", d.Name, y.N, d.WaveDate, asOf)
				}
				if dv.Needs.Has(y.N) && y.End.Before(asOf) {
					t.Fatalf("%s: needs year %d, over on %s", d.Name, y.N, asOf)
				}
			}
			if rows[d.Name] != len(dv.Needs.Years()) {
				t.Fatalf("%s: %d activation rows for the years %s", d.Name, rows[d.Name], dv.Needs)
			}
		}
	}
}
