package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText writes the human summary: device counts, a table per pool with
// its keys (masked), and the unmatched line.
func (r *Report) WriteText(w io.Writer) error {
	c := r.Capacity
	n := r.Counts()
	fmt.Fprintf(w, "As of %s: %d devices, %d eligible, %d not eligible; %d will consume a MAK activation",
		r.AsOf, n.Total, n.Eligible, n.Ineligible, n.ConsumingMAK)
	if n.Done > 0 {
		fmt.Fprintf(w, " (%d more are already done)", n.Done)
	}
	fmt.Fprintln(w, ".")
	for p, pool := range c.Pools {
		status := "covered"
		if pool.Shortfall > 0 {
			status = fmt.Sprintf("SHORT by %d: request %d on %s", pool.Shortfall, pool.Request, r.Keys[pool.RequestKey].Key)
		}
		agreement := pool.Agreement
		if agreement == "" {
			agreement = "any"
		}
		fmt.Fprintf(w, "\nPool %s: %s (agreement %s) — %s\n", r.PoolID(p), strings.Join(pool.Products, ", "), agreement, status)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  key\tproduct\tremaining\tallocated\tdemand\tdone\treserve\tshortfall\trequest\tfirst short wave")
		for _, k := range pool.Keys {
			ku := c.Keys[k]
			fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t\t\t\t\t%d\n", ku.Key.Key, strings.Join(ku.Key.ProductNames(), ", "), ku.Key.Remaining, ku.Allocated, ku.Request)
		}
		first := "-"
		if pool.FirstShortWave != nil {
			first = pool.FirstShortWave.Label()
		}
		fmt.Fprintf(tw, "  pool\t\t%d\t\t%d\t%d\t%d\t%d\t%d\t%s\n", pool.Remaining, pool.Demand, pool.Done, pool.Reserve, pool.Shortfall, pool.Request, first)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(c.Unmatched) > 0 {
		var parts []string
		total := 0
		for _, u := range c.Unmatched {
			parts = append(parts, fmt.Sprintf("%s: %d", u.Product, u.Devices))
			total += u.Devices
		}
		fmt.Fprintf(w, "\nUnmatched: %d consuming devices that no MAK in the exports can activate (%s).\n", total, strings.Join(parts, "; "))
	}
	if u := r.Unrecognised(); len(u) > 0 {
		var parts []string
		for _, x := range u {
			parts = append(parts, fmt.Sprintf("%q: %d", x.Product, x.Devices))
		}
		fmt.Fprintf(w, "\nUnrecognised: %d devices name a product that is not in makplan's catalogue and are left out (%s); `makplan products` lists the names it reads.\n",
			n.Unrecognised, strings.Join(parts, "; "))
	}
	fmt.Fprintf(w, "\nTotal shortfall %d, total request %d.\n", c.Shortfall, c.Request)
	return nil
}
