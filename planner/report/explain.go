package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// Explained is one device's verdict as `makplan explain` shows it: the JSON
// summary's verdict with the images and the explanations in words.
type Explained struct {
	VerdictJSON
	Licensed string `json:"licensed"`
	// Installed is the Volume image a Windows desktop row runs today, shown
	// apart from the licence (its qualifying OS); "" otherwise.
	Installed string `json:"installed,omitempty"`
	Target    string `json:"target"`
	// MAK says which pool the row draws on and the key it was given, or why
	// none: the pool is exhausted by its wave, or no MAK covers the target.
	MAK      string          `json:"mak,omitempty"`
	Sheet    string          `json:"sheet"`
	Findings []rules.Finding `json:"findings"`
}

// Explain returns device i's verdict explained.
func (r *Report) Explain(i int) Explained {
	d := r.Devices[i]
	e := Explained{VerdictJSON: r.VerdictJSON(i), Licensed: DescribeImage(d.Licensed, string(d.Channel)),
		Target: describeTarget(d), Sheet: d.Source().Sheet, Findings: r.Findings(i), MAK: r.makText(i)}
	if p := d.Licensed.Prod; p != nil && p.Family == planner.FamilyWindows && d.Channel == planner.ChannelVolume {
		// A Volume image shows the media, not the licence (docs/rules.md).
		e.Installed = DescribeImage(d.Licensed, "Volume image")
		e.Licensed = qualifyingText(d)
	}
	return e
}

// ExplainHeader names the sources of the rules in full, once, before the
// explanations cite them by section.
const ExplainHeader = "Sources: " + rules.TheBrief + "; makplan's own words are in docs/rules.md.\n\n"

// qualifyingText says what licence a Volume Windows desktop row rests on:
// its qualifying OS as recorded, read from the firmware key (and at which
// version, since the firmware names only an edition), or assumed.
func qualifyingText(d *planner.Device) string {
	q := d.Qualifying
	switch {
	case q == nil:
		return "assumed: a qualifying Windows edition (the Qualifying OS column is blank)"
	case !d.QualifyingFirmware:
		return q.Name + " (Qualifying OS column)"
	case d.Licensed.Prod != nil && q.Version == d.Licensed.Prod.Version:
		return fmt.Sprintf("%s (firmware key %q; the firmware names the edition, taken at the installed version, Windows %s)", q.Name, d.QualifyingText, q.Version)
	}
	return fmt.Sprintf("%s (firmware key %q; the firmware names the edition, taken at its newest version, Windows %s)", q.Name, d.QualifyingText, q.Version)
}

// makText says, for a row that consumes an activation, the pool it draws
// on and the key it was given, or why it got none.
func (r *Report) makText(i int) string {
	c := r.Capacity
	if !c.Consumes[i] {
		return ""
	}
	p := c.PoolOf[i]
	if p < 0 {
		if other := r.OtherAgreementKey(r.Devices[i]); other != "" {
			return "consumes one activation, but no key given: " + other
		}
		return fmt.Sprintf("consumes one activation, but no key given: no MAK in the key exports covers %s (get its MAK from the Microsoft 365 admin center if the product is licensed, else license it)", r.Devices[i].Target.Name())
	}
	pool := c.Pools[p]
	if k := c.Assigned[i]; k >= 0 {
		return fmt.Sprintf("consumes one activation of pool %s; key given: %s", r.poolIDs[p], r.Keys[k].Key)
	}
	d := r.Devices[i]
	wave := capacity.Wave{Name: d.Wave, Date: d.WaveDate}
	return fmt.Sprintf("consumes one activation of pool %s, but no key given: the pool is exhausted by wave %s: its %s go to earlier devices",
		r.poolIDs[p], wave.Label(), wording.Plural(pool.Remaining, "remaining activation", "remaining activations"))
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
	fmt.Fprintf(w, "  licensed: %s\n", v.Licensed)
	if v.Installed != "" {
		fmt.Fprintf(w, "  installed: %s\n", v.Installed)
	}
	fmt.Fprintf(w, "  target:   %s\n", v.Target)
	wave := v.Wave
	if v.WaveDate != "" {
		wave += " on " + v.WaveDate
	}
	if wave != "" {
		fmt.Fprintf(w, "  wave:     %s\n", wave)
	}
	fmt.Fprintf(w, "  plan row: %d of %s\n", v.Row, loc)
	if v.MAK != "" {
		fmt.Fprintf(w, "  MAK:      %s\n", v.MAK)
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

// OtherAgreementKey says, for a device that no key of its own agreement
// can serve, the MAK of another agreement in the exports that covers its
// target (docs/rules.md rev 4, item 7); "" when there is none.
func (r *Report) OtherAgreementKey(d *planner.Device) string {
	if d.Target.Prod == nil || d.Agreement == "" {
		return ""
	}
	for _, k := range r.Keys {
		if k.Type != planner.KeyMAK || len(k.Agreements) == 0 || slices.Contains(k.Agreements, d.Agreement) || !k.Covers(d.Target.Prod) {
			continue
		}
		return fmt.Sprintf("no MAK of agreement %s covers %s, but key %s of agreement %s does: keys are not shared across agreements unless keys.agreements says this one belongs to %s too; or the device's Agreement cell may be wrong",
			d.Agreement, d.Target.Name(), k.Key.Last5(), k.Agreements[0], d.Agreement)
	}
	return ""
}
