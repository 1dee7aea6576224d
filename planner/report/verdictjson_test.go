package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/rules"
)

// TestAppendVerdictMatchesEncodingJSON holds the hand-written encoder to
// encoding/json's output, on awkward text too.
func TestAppendVerdictMatchesEncodingJSON(t *testing.T) {
	k, _ := planner.ParseProductKey("7XN4B-JKC2Q-TYG8M-W3RPD-VF68T")
	names := []string{"NW-LT-0101", "Zoë \"quoted\" \\ back", "tab\tnew\nline\r\x00\x1f", "bad \xff utf8", "line\u2028sep\u2029", "<html>&amp;", ""}
	for _, name := range names {
		for _, v := range []VerdictJSON{
			{Device: name, Target: name, Eligible: true, Reasons: []string{}, Notes: []string{"no-sa-needed"}, ConsumesMAK: true, Key: &k, Pool: &name, Wave: name,
				WaveDate: "2026-12-07", LicensedBy: rules.ThroughCommercialLicensing, Row: 42, File: "C:\\plans\\plan.xlsx"},
			{Device: name, Reasons: []string{"different-product", "different-components"}, Notes: nil},
		} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			got := appendVerdict(nil, &v)
			if string(got) != string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
				t.Errorf("name %q:\n got %s\nwant %s", name, got, want.Bytes())
			}
		}
	}
}
