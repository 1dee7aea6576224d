package email

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/wording"
)

// Form is the request as ready-to-paste text for Microsoft's web form
// (makadd-request-<agreement>.txt): one block per key asked for.
func Form(r *report.Report, q report.Request) string {
	var b strings.Builder
	blocks := r.FormBlocks(q)
	fmt.Fprintf(&b, "MAK activation increase request for Microsoft's Volume Licensing request form\n")
	fmt.Fprintf(&b, "Customer: %s; agreement %s; as of %s. One block per product key; %s in all.\n",
		redact.Sanitize(r.Customer.Name), q.Agreement, r.AsOf, wording.Plural(q.Total, "activation", "activations"))
	for i, f := range blocks {
		fmt.Fprintf(&b, "\n--- Key %d of %d ---\n", i+1, len(blocks))
		fmt.Fprintf(&b, "Agreement / enrollment number or License ID: %s\n", f.Agreement)
		if f.AskAuthorization {
			auth := f.Authorization
			if auth == "" {
				auth = "(to fill in: the agreement's authorization number, which VLSC shows with it)"
			}
			fmt.Fprintf(&b, "Authorization number: %s\n", auth)
		}
		fmt.Fprintf(&b, "Product name (version and edition): %s\n", f.Product)
		fmt.Fprintf(&b, "Last five characters of the product key: %s\n", f.Last5)
		fmt.Fprintf(&b, "Number of activations: %d\n", f.Activations)
		if f.Earlier != "" {
			fmt.Fprintf(&b, "Earlier request for this key: %s\n", f.Earlier)
		}
		fmt.Fprintf(&b, "Business justification: %s\n", f.Justification)
	}
	return b.String()
}
