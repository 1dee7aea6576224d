package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/wording"
)

// KMS activation thresholds: a KMS host activates clients only once it has
// seen this many (docs/rules.md, "Which devices consume a MAK activation").
const (
	kmsWindowsThreshold = 25
	kmsOtherThreshold   = 5 // Office and Windows Server
)

// ruleWarnings are the run's warnings that are not licensing failures
// (docs/rules.md): devices whose verdict rests on something to confirm,
// targets whose support ends before their wave, KMS hosts that will not
// reach their activation threshold, and waves taken as done by their date.
func (r *Report) ruleWarnings() []problem.Problem {
	var out []problem.Problem
	// The first argument names the plan column to look at; run-wide
	// warnings carry no position, so it is only documentation here.
	warn := func(_, format string, args ...any) {
		out = append(out, problem.Problem{Message: fmt.Sprintf(format, args...)})
	}
	perJudgement := make([]int, len(r.Judgements))
	for _, n := range r.judged {
		perJudgement[n]++
	}
	oemEnterprise, capableUnknown, oemOfficeSA := 0, 0, 0
	for n, jm := range r.Judgements {
		ev := jm.Evidence
		// Only where that licence is the one taken as the qualifying OS
		// (docs/rules.md rev 4, item 3).
		if ev.Licensed != nil && ev.Licensed.Edition == "Enterprise" && (ev.Channel == planner.ChannelOEM || ev.Channel == planner.ChannelRetail) &&
			!ev.Evaluation && ev.LicenceFrom == rules.FromRow && ev.Licence == ev.Licensed {
			oemEnterprise += perJudgement[n]
		}
		if ev.Licensed != nil && ev.Licensed.Family == planner.FamilyOffice && ev.Channel == planner.ChannelOEM && ev.SACell.Stated() {
			oemOfficeSA += perJudgement[n]
		}
		if jm.Verdict.Noted(rules.FreeUpgrade) && ev.Capable == planner.CapableUnknown {
			capableUnknown += perJudgement[n]
		}
	}
	if oemEnterprise > 0 {
		warn("License Channel", "%s with Windows Enterprise as an OEM or retail license: Microsoft does not sell Windows Enterprise that way (likely IoT Enterprise, or a Volume image listed as its license); taken as a qualifying OS — check the license",
			devices(oemEnterprise))
	}
	if oemOfficeSA > 0 {
		warn("SA Per Device", "%s with an OEM Office, Visio or Project licence and Software Assurance in SA Per Device: an OEM licence gets no SA's rights, so they stay different-product. To confirm: if SA was added within 90 days of purchase, record the licence as channel Volume with its SA",
			devices(oemOfficeSA))
	}
	if capableUnknown > 0 {
		warn("Windows 11 Capable", "%s will go to Windows 11 by the free upgrade without the plan saying whether their hardware meets Windows 11's requirements; fill the Windows 11 Capable column",
			devices(capableUnknown))
	}

	// Targets whose support ends before the day they are reimaged, and KMS clients.
	type late struct {
		n     int
		first string
	}
	lates := map[*planner.Product]*late{}
	var kmsWindows, kmsOther int
	notCapable, firstNotCapable := 0, ""
	for i, d := range r.Devices {
		if d.Win11Capable == planner.CapableNo && d.Target.Prod != nil && d.Target.Prod.Family == planner.FamilyWindows && d.Target.Prod.Version == "11" {
			if notCapable == 0 {
				firstNotCapable = d.Name
			}
			notCapable++
		}
		v := r.Verdict(i)
		if !v.Eligible || d.Status == planner.StatusDone || r.Capacity.Done[i] || d.Target.Prod == nil {
			continue
		}
		tgt := d.Target.Prod
		on := r.AsOf
		if d.WaveDate.After(on) {
			on = d.WaveDate
		}
		if !tgt.SupportEnds.IsZero() && on.After(tgt.SupportEnds) {
			l := lates[tgt]
			if l == nil {
				l = &late{first: waveLabel(d)}
				lates[tgt] = l
			}
			l.n++
		}
		if d.Activation == planner.ActivationKMS && d.Media == planner.MediaVolume {
			if tgt.Family == planner.FamilyWindows {
				kmsWindows++
			} else if !tgt.Subscription {
				kmsOther++
			}
		}
	}
	r.risks = r.risks[:0]
	pastSupport := 0
	for _, l := range lates {
		pastSupport += l.n
	}
	if pastSupport > 0 {
		r.risks = append(r.risks, Risk{Devices: pastSupport, Text: fmt.Sprintf("%s reimaged with a product past its end of support (no more security updates)", devices(pastSupport))})
	}
	if kmsWindows > 0 && kmsWindows < kmsWindowsThreshold || kmsOther > 0 && kmsOther < kmsOtherThreshold {
		n := kmsWindows + kmsOther
		r.risks = append(r.risks, Risk{Devices: n, Text: fmt.Sprintf("%s activating by KMS below a KMS host's threshold (25 Windows clients, 5 Office or Server)", devices(n))})
	}
	if notCapable > 0 {
		r.risks = append(r.risks, Risk{Devices: notCapable, Text: fmt.Sprintf("%s not Windows 11 capable planned for Windows 11", devices(notCapable))})
	}
	if r.ESU != nil {
		n := 0
		for _, y := range r.ESU.Years {
			switch {
			case y.End.Before(r.AsOf):
			case r.ESU.Planned():
				n = max(n, y.NotEnrolled)
			default:
				n = max(n, y.OnWindows)
			}
		}
		if r.ESU.Planned() {
			for _, u := range r.Capacity.Unmatched {
				if strings.HasPrefix(u.Product, "Windows 10 ESU") {
					n = max(n, u.Devices)
				}
			}
		}
		if n > 0 {
			r.risks = append(r.risks, Risk{Devices: n, Text: fmt.Sprintf("%s on Windows 10 during an ESU year without ESU planned", devices(n))})
		}
	}
	sort.SliceStable(r.risks, func(i, j int) bool { return r.risks[i].Devices > r.risks[j].Devices })
	if notCapable > 0 {
		warn("Windows 11 Capable", "%s (first: %s) marked not Windows 11 capable will get a Windows 11 edition: Windows 11 will not install or be supported on hardware that does not meet its requirements, whatever the licence; plan another target or other hardware",
			devices(notCapable), firstNotCapable)
	}
	prods := make([]*planner.Product, 0, len(lates))
	for p := range lates {
		prods = append(prods, p)
	}
	sort.Slice(prods, func(i, j int) bool { return prods[i].Name < prods[j].Name })
	for _, p := range prods {
		if planner.ESUCovers(p) && r.ESU.Planned() {
			// Windows 10 with ESU planned (docs/rules.md rev 4, item 9).
			warn("Target Product", "%s: %s planned after its support ended on %s (first: %s); it gets security updates only through Windows 10 ESU, whose activations this plan counts (the ESU lines and sheet)",
				p.Name, devices(lates[p].n), p.SupportEnds, lates[p].first)
			continue
		}
		warn("Target Product", "%s: %s planned after its support ended on %s (first: %s); it gets no more security updates",
			p.Name, devices(lates[p].n), p.SupportEnds, lates[p].first)
	}
	if kmsWindows > 0 && kmsWindows < kmsWindowsThreshold {
		warn("Activation", "KMS: only %s of the plan will activate Windows by KMS, and a KMS host activates Windows clients only once it has seen %d; make sure enough other KMS clients are on the network, or activate these by MAK or AD-based activation",
			devices(kmsWindows), kmsWindowsThreshold)
	}
	if kmsOther > 0 && kmsOther < kmsOtherThreshold {
		warn("Activation", "KMS: only %s of the plan will activate Office or Windows Server by KMS, and a KMS host activates them only once it has seen %d; make sure enough other KMS clients are on the network",
			devices(kmsOther), kmsOtherThreshold)
	}
	for _, sw := range r.Capacity.Slipped {
		warn("Wave Date", "wave %s is dated before the key export, but the used counts of pool %s show only %s of its %s: what they grew since %s (the last snapshot before the wave), after the earlier waves' devices, covers no more; %s stay to do (a slipped wave?); set their Status to Done once they are, or give the wave its real date",
			sw.Wave.Label(), r.slippedPool(sw), wording.Count(sw.Seen), devices(sw.Planned), sw.Since, devices(sw.Unseen))
	}
	for _, pw := range r.Capacity.PastWaves {
		warn("Wave Date", "wave %s: %s without a status taken as done, because the wave is before the key snapshot of %s, whose used count already holds them; to plan them again, set their Status to Planned and give a later Wave Date (or set capacity.past_waves: demand)",
			pw.Wave.Label(), devices(pw.Devices), pw.Snapshot)
	}
	var undated []string
	for _, w := range r.Capacity.Waves {
		if w.Date.IsZero() {
			undated = append(undated, w.Label())
		}
	}
	if len(undated) > 0 {
		warn("Wave Date", "these waves have no date and are counted after all dated waves: %s", strings.Join(undated, ", "))
	}
	return out
}

// slippedPool names the pool whose keys a slipped wave was compared with.
func (r *Report) slippedPool(sw capacity.Slipped) string {
	if len(sw.Keys) == 0 || r.Capacity.Keys[sw.Keys[0]].Pool < 0 {
		return "(none)"
	}
	return r.PoolID(r.Capacity.Keys[sw.Keys[0]].Pool)
}

func devices(n int) string {
	if n == 1 {
		return "1 device"
	}
	return fmt.Sprintf("%d devices", n)
}

func waveLabel(d *planner.Device) string {
	name := d.Wave
	if name == "" {
		name = "(no wave)"
	}
	if d.WaveDate.IsZero() {
		return name
	}
	return name + " on " + d.WaveDate.String()
}

// Risk is one of the plan's risks beside its licensing verdicts: the devices
// it concerns, in words.
type Risk struct {
	Devices int
	Text    string
}

// Risks returns the plan's largest risks, the most devices first, at most
// n: products reimaged past their end of support, KMS hosts below their
// threshold, devices not Windows 11 capable, Windows 10 devices without ESU.
func (r *Report) Risks(n int) []Risk {
	return r.risks[:min(n, len(r.risks))]
}
