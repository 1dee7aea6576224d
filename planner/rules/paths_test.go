package rules

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/makplan/makplan/planner"
)

// TestEveryPathTriedProperty (docs/rules.md rev 4, items 1, 2 and 4): for
// random combinations of SA per device, Enterprise Upgrade with or without
// Upgrade Covers Until, User SA Until, enterprise_wide and program, a
// Windows 10 Pro (OEM) device going to Windows Enterprise is eligible
// exactly when at least one path covers the target's availability date on
// the day judged. The oracle below is written from the rules' text, apart
// from the judge.
func TestEveryPathTriedProperty(t *testing.T) {
	programs := []planner.Program{planner.ProgramEA, planner.ProgramMPSA, planner.ProgramEAS, planner.ProgramCampus, planner.ProgramSelectPlus}
	var ags []planner.Agreement
	for _, p := range programs {
		for _, ew := range []bool{false, true} {
			for _, out := range []bool{false, true} {
				ags = append(ags, planner.Agreement{Number: fmt.Sprintf("%s/%v/%v", p, ew, out), Program: p, EnterpriseWide: ew, BoughtOut: out})
			}
		}
	}
	j := NewJudge(ags, Builtin(true), asOf, nil)
	targets := []string{"Windows 10 Enterprise", "Windows 11 Enterprise", "Windows 11 Enterprise LTSC 2024", "Windows 10 Enterprise LTSC 2021"}
	// Dates around the targets' availability (2015-07-29, 2021-10-04,
	// 2021-11-16, 2024-10-01) and the days judged (2026-11-27, the waves).
	dates := []planner.Date{planner.NewDate(2015, 7, 28), planner.NewDate(2015, 7, 29), planner.NewDate(2021, 10, 3), planner.NewDate(2021, 10, 4),
		planner.NewDate(2021, 11, 16), planner.NewDate(2024, 9, 30), planner.NewDate(2024, 10, 1), planner.NewDate(2026, 11, 26),
		planner.NewDate(2026, 11, 27), planner.NewDate(2027, 1, 17), planner.NewDate(2027, 1, 18), planner.NewDate(2027, 6, 30)}
	rng := rand.New(rand.NewSource(4))
	pick := func() planner.Date { return dates[rng.Intn(len(dates))] }
	for n := 0; n < 20000; n++ {
		ag := ags[rng.Intn(len(ags))]
		d := dev("Windows 10 Pro", "OEM", targets[rng.Intn(len(targets))], agreement(ag.Number))
		if rng.Intn(3) == 0 {
			d.WaveDate = planner.Date{}
		} else {
			d.WaveDate = pick()
		}
		switch rng.Intn(4) {
		case 1:
			d.SAPerDevice = planner.SA{State: planner.SAYes}
		case 2:
			d.SAPerDevice = planner.SA{State: planner.SANo}
		case 3:
			d.SAPerDevice = planner.SA{State: planner.SADated, Until: pick()}
		}
		d.EnterpriseUpgrade = rng.Intn(2) == 0
		if d.EnterpriseUpgrade && rng.Intn(2) == 0 {
			d.UpgradeCoversUntil = pick()
		}
		if rng.Intn(3) == 0 {
			d.UserSAUntil = pick()
		}
		want, why := oracle(d, ag)
		v := j.Judge(d)
		if v.Eligible != want {
			t.Fatalf("%s: %s; SA %+v, upgrade %v until %s, user SA until %s, wave %s, agreement %s: eligible %v (reasons %v), the oracle says %v (%s)",
				d.Target.Prod.Name, ag.Number, d.SAPerDevice, d.EnterpriseUpgrade, d.UpgradeCoversUntil, d.UserSAUntil, d.WaveDate, ag.Number, v.Eligible, v.Reasons(), want, why)
		}
	}
}

// oracle: the day judged is the later of the as-of date and the wave date;
// a subscription's licence (unless bought out) ends on a date before it; a
// perpetual licence covers the versions made available up to its date.
func oracle(d *planner.Device, ag planner.Agreement) (bool, string) {
	on := asOf
	if d.WaveDate.After(on) {
		on = d.WaveDate
	}
	avail := d.Target.Prod.Available
	sub := (ag.Program == planner.ProgramEAS || ag.Program == planner.ProgramCampus) && !ag.BoughtOut
	coversBy := func(until planner.Date) bool {
		if sub && until.Before(on) {
			return false
		}
		return !avail.After(until)
	}
	switch {
	case d.SAPerDevice.State == planner.SAYes:
		return true, "SA per device Yes"
	case d.SAPerDevice.State == planner.SADated && coversBy(d.SAPerDevice.Until):
		return true, "SA per device's date"
	case ag.EnterpriseWide:
		return true, "enterprise-wide"
	case !d.UserSAUntil.IsZero() && !d.UserSAUntil.Before(on):
		return true, "user SA current"
	}
	if d.EnterpriseUpgrade {
		switch {
		case !d.UpgradeCoversUntil.IsZero():
			return coversBy(d.UpgradeCoversUntil), "the upgrade's own date"
		case d.SAPerDevice.State == planner.SADated:
			return coversBy(d.SAPerDevice.Until), "the upgrade's SA date"
		}
		return true, "the upgrade, its version taken from the program or assumed"
	}
	return false, "no path"
}
