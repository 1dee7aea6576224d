package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/internal/estate"
	"github.com/makplan/makplan/planner/report"
)

// The samples' figures, hand-derived in cmd/makplan/testdata/script
// (plan_samples.txtar, buyer.txtar): 65 devices, 43 eligible; VF68T+3GVF7
// short by 12 (20 + 2 − 10), R3T8K by 2 (4 + 1 − 3), KC9VB by 3 (5 + 1 −
// 3): 17 to ask for; To Buy 12 licences for 11 devices.

// TestSamplesText: the text report of the samples says each short pool with
// its figures, the totals, what to buy and who is unmatched.
func TestSamplesText(t *testing.T) {
	r := estate.Samples(t)
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"As of 2026-11-27: 65 devices, 43 eligible, 22 not eligible",
		"Pool VF68T+3GVF7: Windows 10/11 Enterprise (agreement 91000001ZZS0001) — SHORT by 12: request 12 on XXXXX-XXXXX-XXXXX-XXXXX-VF68T",
		"Pool R3T8K: Windows 10/11 Pro (agreement 91000001ZZS0001) — SHORT by 2",
		"Unmatched: 2 MAK activations that no MAK in the exports can make (Project Professional 2021: 1; Windows Server 2012 Standard: 1)",
		"Total shortfall 17, total request 17.",
		"To buy: 8 sets of purchases (12 licences) would make 11 more devices eligible (11 more MAK activations)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the text lacks %q:\n%s", want, out)
		}
	}
	if n := r.Counts(); n.Total != 65 || n.Eligible != 43 || n.Scope() != "65 devices: 43 eligible, 22 not eligible" {
		t.Errorf("counts %+v, scope %q", n, n.Scope())
	}
	if !r.Short() {
		t.Error("the samples are short")
	}
}

// TestSamplesJSON: the JSON summary, streamed with its verdicts, decodes
// to the same figures; every key in it is masked.
func TestSamplesJSON(t *testing.T) {
	r := estate.Samples(t)
	var b bytes.Buffer
	if err := r.WriteSummary(&b, r.Breaches()); err != nil {
		t.Fatal(err)
	}
	var s struct {
		Devices  struct{ Total, Eligible int }
		Verdicts []struct {
			Device string
			Path   string
		}
		Pools []struct {
			ID        string
			Shortfall int
			ESUYears  []int `json:"esu_years"`
		}
		TotalRequest int                    `json:"total_request"`
		ToBuy        struct{ Licences int } `json:"to_buy"`
		ESU          []any
		Breaches     []struct{ Kind string }
	}
	if err := json.Unmarshal(b.Bytes(), &s); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if s.Devices.Total != 65 || len(s.Verdicts) != 65 || s.TotalRequest != 17 || s.ToBuy.Licences != 12 || len(s.ESU) != 0 {
		t.Errorf("summary: %+v devices, %d verdicts, request %d, licences %d, esu %v", s.Devices, len(s.Verdicts), s.TotalRequest, s.ToBuy.Licences, s.ESU)
	}
	shortfall := map[string]int{}
	for _, p := range s.Pools {
		shortfall[p.ID] = p.Shortfall
		if len(p.ESUYears) != 0 {
			t.Errorf("pool %s has ESU years %v", p.ID, p.ESUYears)
		}
	}
	if shortfall["VF68T+3GVF7"] != 12 || shortfall["R3T8K"] != 2 || shortfall["KC9VB"] != 3 {
		t.Errorf("shortfalls %v", shortfall)
	}
	kinds := map[string]bool{}
	for _, br := range s.Breaches {
		kinds[br.Kind] = true
	}
	if !kinds["SHORT"] || !kinds["UNMATCHED"] {
		t.Errorf("breaches %v", kinds)
	}
	if strings.Contains(b.String(), "7XN4B-JKC2Q") {
		t.Error("a key unmasked in the JSON")
	}
}

// TestSamplesRequests: one request for the EA, its three keys, the
// arithmetic of each, the form's blocks without an authorization line.
func TestSamplesRequests(t *testing.T) {
	r := estate.Samples(t)
	qs, err := r.Requests()
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].Agreement != "91000001ZZS0001" || qs[0].Total != 17 || qs[0].KeysAsked() != 3 {
		t.Fatalf("requests %+v", qs)
	}
	q := qs[0]
	blocks := r.FormBlocks(q)
	if len(blocks) != 3 || blocks[0].AskAuthorization || blocks[0].Last5 != "VF68T" || blocks[0].Activations != 12 {
		t.Errorf("form blocks %+v", blocks)
	}
	j := report.Justification(q, q.Pools[0])
	for _, want := range []string{"8 (VF68T) + 2 (3GVF7) = 10 activations remaining", "the shortfall is 20 + 2 − 10 = 12", "first needed: 2027-01-18 (wave W2 Sales)"} {
		if !strings.Contains(j, want) {
			t.Errorf("justification lacks %q: %s", want, j)
		}
	}
	if p := q.Pools[0]; p.Arithmetic() != "20 + 2 − 10 = 12" || p.Rounding() != "" || !strings.HasPrefix(p.ReserveText(), "2 (10% of 20 activations") {
		t.Errorf("pool words: %q %q %q", p.Arithmetic(), p.Rounding(), p.ReserveText())
	}
	if !strings.Contains(q.ReservePolicy(), "10%") {
		t.Errorf("reserve policy %q", q.ReservePolicy())
	}
}

// TestSamplesExplained: every device's explanation names its verdict and
// each reason with a fix; the brief form fits one line.
func TestSamplesExplained(t *testing.T) {
	r := estate.Samples(t)
	for i, d := range r.Devices {
		e := r.Explain(i)
		var full, brief bytes.Buffer
		e.WriteText(&full)
		e.WriteBrief(&brief)
		if !strings.Contains(full.String(), d.Name) || strings.Count(brief.String(), "\n") != 1 {
			t.Fatalf("%s: %q / %q", d.Name, full.String(), brief.String())
		}
		if !r.Verdict(i).Eligible && !strings.Contains(full.String(), "to fix:") {
			t.Errorf("%s: not eligible, but no fix:\n%s", d.Name, full.String())
		}
	}
}

// TestRisksAndLifecycle: the samples' risks, largest first; the calendar
// has no event within a day and some within three years.
func TestRisksAndLifecycle(t *testing.T) {
	r := estate.Samples(t)
	risks := r.Risks(3)
	if len(risks) != 3 || risks[0].Devices < risks[1].Devices || risks[1].Devices < risks[2].Devices {
		t.Errorf("risks %+v", risks)
	}
	if ev := r.Lifecycle(0); ev != nil {
		t.Errorf("lifecycle_days 0 gives %v", ev)
	}
	evs := r.Lifecycle(3 * 365)
	for i := 1; i < len(evs); i++ {
		if evs[i].Date.Before(evs[i-1].Date) {
			t.Errorf("events out of order: %v", evs)
		}
	}
	if report.When(planner.NewDate(2026, 12, 7), planner.NewDate(2026, 12, 8)) != "2026-12-07 (overdue)" ||
		report.When(planner.NewDate(2026, 12, 7), planner.NewDate(2026, 12, 7)) != "2026-12-07" {
		t.Error("When")
	}
}

// TestESUEstate: the ESU estate of esu.txtar through the report: its lines,
// its pools' years, its request's justification (the figures are derived
// in that script).
func TestESUEstate(t *testing.T) {
	r := estate.FromScript(t, "esu.txtar", "esu.yaml")
	lines := strings.Join(r.ESULines(), "\n")
	for _, want := range []string{"Year 2 (2026-10-14 to 2027-10-12, running): 9 devices on Windows 10, 1 entitled in the cloud, 1 not enrolled, 3 already activated, 5 to activate",
		"Year 3 (2027-10-13 to 2028-10-10): 7 devices on Windows 10", "short by 3: request 3", "Year 1: 4, Year 2: 4, Year 3: 5"} {
		if !strings.Contains(lines, want) {
			t.Errorf("ESU lines lack %q:\n%s", want, lines)
		}
	}
	qs, err := r.Requests()
	if err != nil || len(qs) != 1 || len(qs[0].Pools) != 1 || qs[0].Pools[0].ESU != 3 {
		t.Fatalf("requests %+v, %v", qs, err)
	}
	j := report.Justification(qs[0], qs[0].Pools[0])
	if !strings.Contains(j, "Windows 10 Extended Security Updates, Year 3") || !strings.Contains(j, "not Windows 11 capable (1)") {
		t.Errorf("justification %s", j)
	}
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil || !strings.Contains(b.String(), "Windows 10 ESU (Windows 10 support ended 2025-10-14; 4 devices the plan keeps on Windows 10)") {
		t.Errorf("text: %v\n%s", err, b.String())
	}
	evs := r.Lifecycle(90)
	if len(evs) != 1 || evs[0].What != "Windows 10 Enterprise LTSC 2021 support ends" || evs[0].Devices != 1 {
		t.Errorf("lifecycle %+v", evs)
	}
}

// TestRevision4Estate: the rules_rev4.txtar estate through the report: the
// other agreement's key named, the To Buy sets.
func TestRevision4Estate(t *testing.T) {
	r := estate.FromScript(t, "rules_rev4.txtar", "rev4.yaml")
	found := false
	for _, d := range r.Devices {
		if d.Name == "PC-02" {
			found = strings.Contains(r.OtherAgreementKey(d), "key VF68T of agreement EA9")
		}
	}
	if !found {
		t.Error("PC-02's other-agreement key not named")
	}
	tb := r.ToBuy()
	if len(tb.Purchases) != 2 || tb.Licences != 2 || len(tb.Lines()) != 2 {
		t.Errorf("to buy %+v", tb)
	}
}
