package workbook

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/rules"
)

// This file writes the Assumptions sheet: the inputs, the settings, the rights table and every warning.

func (b *builder) assumptions() error {
	r := b.r
	s := b.newSheet(SheetAssumptions, column{title: "Section"}, column{title: "Item", width: 40}, column{title: "Value", width: 45},
		column{title: "Detail", width: 70}, column{title: "Source", width: 45})
	add := func(cells ...any) {
		for len(cells) < 5 {
			cells = append(cells, b.s(""))
		}
		// Text wraps within its column: on paper nothing is cut off.
		for i, c := range cells {
			if x, ok := c.(cell); ok && x.style == b.text {
				x.style = b.wrap
				cells[i] = x
			}
		}
		s.rows = append(s.rows, cells)
	}
	add(b.s("Run"), b.s("makplan version"), b.s(r.Version))
	add(b.s("Run"), b.s("as of (the day the plan is judged on)"), b.d(r.AsOf))
	add(b.s("Run"), b.s("customer"), b.s(shortName(r.Customer.Name)), b.s(strings.TrimSpace(r.Customer.ContactName+" "+r.Customer.ContactEmail)))
	for _, in := range r.Inputs {
		what := in.Kind + " file, as of " + in.AsOf.String()
		if in.DatedBy != planner.DatedUnknown {
			what += ", dated by " + in.DatedBy.String()
		}
		add(b.s("Input"), b.s(in.Path), b.s(what), b.s("SHA-256 "+in.SHA256))
	}
	st := r.Settings
	add(b.s("Capacity"), b.s("reserve_percent"), b.s(fmt.Sprint(st.ReservePercent)), b.s("reserve = max(ceil(demand × reserve_percent / 100), reserve_minimum)"))
	add(b.s("Capacity"), b.s("reserve_minimum"), b.n(st.ReserveMinimum))
	add(b.s("Capacity"), b.s("round_to"), b.n(max(1, st.RoundTo)), b.s("each pool's request is its shortfall rounded up to a multiple of this"))
	for _, line := range slices.Sorted(maps.Keys(st.RoundToByLine)) {
		add(b.s("Capacity"), b.s("round_to_by_product: "+line), b.n(st.RoundToByLine[line]), b.s("round_to for the pools of "+line+" keys"))
	}
	add(b.s("Capacity"), b.s("local_reactivation_consumes"), b.yes(st.LocalReactivationConsumes), b.s("whether rows marked Local Reactivation consume an activation"))
	var pref []string
	for _, k := range st.PreferredKeys {
		pref = append(pref, k.String())
	}
	add(b.s("Capacity"), b.s("preferred_keys"), b.s(strings.Join(pref, ", ")), b.s("keys that receive a pool's request first; else the key with the largest limit"))
	add(b.s("Capacity"), b.s("consumption"), b.s("eligible, Volume media, MAK activation"), b.s("KMS and AD-based activation, OEM and retail media, and ineligible devices consume nothing"))
	add(b.s("Rules"), b.s("Versions SA and upgrades cover"), b.s("by the day made available"), b.w("Software Assurance covers the versions made available while it was active, for good; an Enterprise Upgrade the versions up to its SA's end (Upgrade Covers Until). Where the plan says nothing, each device's verdict names what it assumes: sa-assumed-from-program (a program that includes SA) or upgrade-version-assumed (to confirm)."))
	add(b.s("Rules"), b.s("Volume Windows images"), b.s("media, not a license"), b.w("A Volume channel on a Windows desktop row shows the media, not the license: the device's license is its qualifying OS (the Qualifying OS column, or assumed and noted qualifying-os-assumed: to confirm)."))
	add(b.s("Check"), b.s("min_remaining_percent"), b.s(fmt.Sprint(r.Check.MinRemainingPercent)))
	add(b.s("Check"), b.s("min_runway_waves"), b.n(r.Check.MinRunwayWaves))
	for _, a := range r.Agreements {
		detail := ""
		if a.Bought != nil {
			var parts []string
			for _, p := range a.Bought {
				parts = append(parts, fmt.Sprintf("%s: %d", p.Name, p.Count))
			}
			detail = "licenses bought: " + strings.Join(parts, "; ")
		}
		rights := "grants reimaging rights"
		if !a.Program.GrantsReimaging() {
			rights = "grants no reimaging rights"
		}
		if a.Program.IncludesSA() {
			rights += "; includes SA"
		}
		add(b.s("Agreement"), b.s(a.Number), b.s(string(a.Program)+" ("+rights+")"), b.s(detail))
	}
	for _, row := range r.Judge.Rights {
		origin := "configuration"
		if row.Builtin {
			origin = "built in"
		}
		until := "no end"
		if !row.Until.IsZero() {
			until = "until " + row.Until.String()
		}
		add(b.s("Right ("+row.Kind.String()+")"), b.s(row.LicenseName+" ("+channelName(row.Channel)+")"), b.s("may run "+row.MayRunText()+", "+until),
			b.s(origin+"; confidence "+orDash(row.Confidence)), b.w(row.Source))
	}
	for _, id := range append(append([]rules.ID{}, rules.Rules...), rules.Notes...) {
		info := rules.Catalog[id]
		kind := "Rule"
		if contains(rules.Notes, id) {
			kind = "Note"
		}
		add(b.s(kind), b.s(string(id)), b.w(info.Title), b.w(info.Fix), b.w(info.Section))
	}
	warnings := append([]problem.Problem(nil), r.Warnings...)
	sort.SliceStable(warnings, func(i, j int) bool { return warnings[i].File < warnings[j].File })
	for _, w := range warnings {
		add(b.s("Warning"), b.s(w.File), b.w(w.Message))
	}
	return s.write()
}

func channelName(c planner.Channel) string {
	if c == "" {
		return "any channel"
	}
	return string(c)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func contains(list []rules.ID, id rules.ID) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}
