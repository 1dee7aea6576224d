package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/rules"
)

// Explained is one device's verdict as `makplan explain` shows it: the JSON
// summary's verdict with the images and the explanations in words.
type Explained struct {
	VerdictJSON
	Licensed string          `json:"licensed"`
	Target   string          `json:"target"`
	Sheet    string          `json:"sheet"`
	Findings []rules.Finding `json:"findings"`
}

// Explain returns device i's verdict explained.
func (r *Report) Explain(i int) Explained {
	d := r.Devices[i]
	return Explained{VerdictJSON: r.VerdictJSON(i), Licensed: DescribeImage(d.Licensed, string(d.Channel)),
		Target: describeTarget(d), Sheet: d.Source().Sheet, Findings: r.Findings(i)}
}

// DescribeImage names an image for people: the product, then what is said
// of it (extra, such as the channel), its language and architecture in
// brackets: "Windows 10 Pro (OEM, en-US, x64)".
func DescribeImage(img planner.Image, extra string) string {
	var parts []string
	for _, p := range []string{extra, img.Language, string(img.Arch)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	name := img.Name()
	if len(parts) == 0 {
		return name
	}
	return name + " (" + strings.Join(parts, ", ") + ")"
}

func describeTarget(d *planner.Device) string {
	s := DescribeImage(d.Target, "")
	var parts []string
	if d.Media != "" {
		m := string(d.Media) + " media"
		if d.Media == planner.MediaOEM && d.MediaOEM != "" {
			m = d.MediaOEM + " OEM media"
		}
		parts = append(parts, m)
	}
	if d.Activation != "" {
		parts = append(parts, string(d.Activation)+" activation")
	}
	return s + ", " + strings.Join(parts, ", ")
}

// WriteBrief writes the verdict on one line: device, verdict, rule IDs.
func (v Explained) WriteBrief(w io.Writer) {
	verdict := "eligible"
	ids := v.Notes
	if !v.Eligible {
		verdict, ids = "NOT eligible", v.Reasons
	}
	fmt.Fprintf(w, "%-12s %-12s %s\n", v.Device, verdict, strings.Join(ids, " "))
}

// WriteText writes the verdict in full: the images, the wave and the plan
// row, the MAK it draws on, and each reason or note with its source and fix.
func (v Explained) WriteText(w io.Writer) {
	head := "NOT ELIGIBLE"
	if v.Eligible {
		head = "ELIGIBLE"
		if v.LicensedBy == rules.ThroughCommercialLicensing {
			head += " (licensed through Commercial Licensing)"
		} else {
			head += " (reimaging rights over its own license)"
		}
	}
	loc := v.File
	if v.Sheet != "" {
		loc += fmt.Sprintf(", sheet %q", v.Sheet)
	}
	fmt.Fprintf(w, "%s: %s\n", v.Device, head)
	fmt.Fprintf(w, "  licensed: %s\n  target:   %s\n", v.Licensed, v.Target)
	wave := v.Wave
	if v.WaveDate != "" {
		wave += " on " + v.WaveDate
	}
	if wave != "" {
		fmt.Fprintf(w, "  wave:     %s\n", wave)
	}
	fmt.Fprintf(w, "  plan row: %d of %s\n", v.Row, loc)
	if v.ConsumesMAK {
		key := "none left: the pool is short or no MAK covers the target"
		if v.Key != nil {
			key = v.Key.String()
		}
		fmt.Fprintf(w, "  MAK:      consumes one activation; key given: %s\n", key)
	}
	for _, f := range v.Findings {
		kind := "note"
		if !v.Eligible {
			kind = "reason"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", kind, f.ID, f.Text)
		fmt.Fprintf(w, "      source: %s\n", f.Section)
		if f.Fix != "" && !v.Eligible {
			fmt.Fprintf(w, "      to fix: %s\n", f.Fix)
		}
	}
	fmt.Fprintln(w)
}
