package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/wording"
)

// WriteText writes the human summary: device counts, a table per pool with
// its keys (masked), and the unmatched line.
func (r *Report) WriteText(w io.Writer) error {
	c := r.Capacity
	n := r.Counts()
	fmt.Fprintf(w, "As of %s: %s", r.AsOf, n.Headline())
	fmt.Fprintln(w, ".")
	var exports []string
	for _, in := range r.Inputs {
		if in.Kind == "keys" {
			exports = append(exports, fmt.Sprintf("%s as of %s (dated by %s)", in.Path, in.AsOf, in.DatedBy))
		}
	}
	if len(exports) > 0 {
		fmt.Fprintf(w, "Key exports: %s.\n", strings.Join(exports, "; "))
	}
	for p, pool := range c.Pools {
		status := "covered"
		if pool.Shortfall > 0 {
			status = fmt.Sprintf("SHORT by %s: request %s on %s", wording.Count(pool.Shortfall), wording.Count(pool.Request), r.Keys[pool.RequestKey].Key)
		}
		agreement := pool.ExportAgreement()
		if agreement == "" {
			agreement = "none in the exports"
		}
		fmt.Fprintf(w, "\nPool %s: %s (agreement %s) — %s\n", r.PoolID(p), strings.Join(pool.Products, ", "), agreement, status)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  key\tproduct\tremaining\tassigned\tto make\tdone\treserve\tshortfall\trequest\tfirst needed (wave)")
		for _, k := range pool.Keys {
			ku := c.Keys[k]
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\t\t\t\t%s\n", ku.Key.Key, strings.Join(ku.Key.ProductNames(), ", "), wording.Count(ku.Key.Remaining), wording.Count(ku.Allocated), wording.Count(ku.Request))
		}
		first := "-"
		if t := pool.ShortWaveText(); t != "" {
			first = t
		}
		fmt.Fprintf(tw, "  pool\t\t%s\t\t%s\t%s\t%s\t%s\t%s\t%s\n", wording.Count(pool.Remaining), wording.Count(pool.Demand), wording.Count(pool.Done), wording.Count(pool.Reserve),
			wording.Count(pool.Shortfall), wording.Count(pool.Request), first)
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, line := range r.OpenRequestLines(pool.Keys) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	if len(c.Unmatched) > 0 {
		var parts []string
		total := 0
		for _, u := range c.Unmatched {
			parts = append(parts, fmt.Sprintf("%s: %s", u.Product, wording.Count(u.Devices)))
			total += u.Devices
		}
		fmt.Fprintf(w, "\nUnmatched: %s that no MAK in the exports can make (%s): if the agreement licenses the product, get its MAK from VLSC or the Microsoft 365 admin center and add that export; if not, buy the licences first.\n", wording.Plural(total, "MAK activation", "MAK activations"), strings.Join(parts, "; "))
		for _, line := range r.otherAgreementLines() {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	if u := r.Unrecognised(); len(u) > 0 {
		var parts []string
		for _, x := range u {
			parts = append(parts, fmt.Sprintf("%q: %s", x.Product, wording.Count(x.Devices)))
		}
		fmt.Fprintf(w, "\nUnrecognised: %s a product that is not in makplan's catalogue and %s left out (%s); `makplan products` lists the names it reads.\n",
			wording.Plural(n.Unrecognised, "device names", "devices name"), map[bool]string{true: "is", false: "are"}[n.Unrecognised == 1], strings.Join(parts, "; "))
	}
	for _, line := range r.ESULines() {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "\nTotal shortfall %s, total request %s.\n", wording.Count(c.Shortfall), wording.Count(c.Request))
	if line := r.ToBuy().Line(); line != "" {
		fmt.Fprintln(w, line)
		for _, l := range r.ToBuy().Lines() {
			fmt.Fprintln(w, l)
		}
	}
	return nil
}

// otherAgreementLines says, once per target and agreement, where a MAK of
// another agreement covers devices that no key of their own can serve.
func (r *Report) otherAgreementLines() []string {
	c := r.Capacity
	seen := map[[2]string]bool{}
	var out []string
	for i, d := range r.Devices {
		if !c.Consumes[i] || c.PoolOf[i] >= 0 || c.Done[i] {
			continue
		}
		k := [2]string{d.Target.Name(), d.Agreement}
		if seen[k] {
			continue
		}
		seen[k] = true
		if line := r.OtherAgreementKey(d); line != "" {
			out = append(out, upperFirst(line)+".")
		}
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ESULines say the Windows 10 ESU plan per year (docs/rules.md, "Windows 10
// Extended Security Updates"); none when the run plans no ESU.
func (r *Report) ESULines() []string {
	if !r.ESU.Planned() {
		return nil
	}
	out := []string{"", fmt.Sprintf("Windows 10 ESU (Windows 10 support ended %s; %s the plan keeps on Windows 10):",
		planner.Windows10End, wording.Plural(len(r.ESU.Staying), "device", "devices"))}
	var licences []string
	for _, y := range r.ESU.Years {
		if y.Licences > 0 {
			licences = append(licences, fmt.Sprintf("Year %d: %d", y.N, y.Licences))
		}
		if y.End.Before(r.AsOf) {
			continue
		}
		running := ""
		if y.Running {
			running = ", running"
		}
		keys := "no key covers it"
		if y.Remaining != nil {
			keys = fmt.Sprintf("its keys have %d remaining", *y.Remaining)
			if y.Shortfall > 0 {
				keys += fmt.Sprintf(", short by %d: request %d", y.Shortfall, y.Request)
			}
		}
		out = append(out, fmt.Sprintf("  Year %d (%s to %s%s): %s on Windows 10, %d entitled in the cloud, %d not enrolled, %d already activated, %s to activate; %s",
			y.N, y.Start, y.End, running, wording.Plural(y.OnWindows, "device", "devices"), y.Cloud, y.NotEnrolled, y.Activated,
			wording.Count(y.ToActivate), keys))
	}
	if len(licences) > 0 {
		out = append(out, "  ESU licences to buy (per device and year; a device joining late buys the earlier years too): "+strings.Join(licences, ", ")+".")
	}
	return out
}
