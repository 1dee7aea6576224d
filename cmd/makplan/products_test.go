package main

import (
	"regexp"
	"testing"

	"github.com/makplan/makplan/planner"
)

// builds are OS versions as MECM's Version0 gives them, for the slmgr
// spellings that need one.
var builds = map[string]string{"XP": "5.1.2600", "Vista": "6.0.6002", "7": "6.1.7601", "8": "6.2.9200", "8.1": "6.3.9600",
	"10": "10.0.19045", "11": "10.0.22631", "2008": "6.0.6003", "2008 R2": "6.1.7601", "2012": "6.2.9200", "2012 R2": "6.3.9600",
	"2016": "10.0.14393", "2019": "10.0.17763", "2022": "10.0.20348", "2025": "10.0.26100"}

var ltscBuilds = map[string]string{"2015": "10.0.10240", "2016": "10.0.14393", "2019": "10.0.17763", "2021": "10.0.19044", "2024": "10.0.26100"}

// TestProductSpellingsRoundTrip: every spelling `makplan products` lists is
// read back as its product, so the list can be trusted to fix a plan.
func TestProductSpellingsRoundTrip(t *testing.T) {
	note := regexp.MustCompile(`\s*\([^()]*\)$`)
	n := 0
	for _, p := range planner.Catalogue() {
		for _, s := range append([]string{p.Name}, spellings(p)...) {
			text := note.ReplaceAllString(s, "")
			var got *planner.Product
			var err error
			switch {
			case regexp.MustCompile(`^\[4\.0\]`).MatchString(text):
				got, _, err = planner.LookupQualifyingOS(text, p.Version)
			default:
				hint := builds[p.Version]
				if p.Release != "" {
					hint = ltscBuilds[p.Release]
				}
				got, err = planner.LookupProduct(text, hint)
			}
			n++
			if err != nil || got != p {
				t.Errorf("%q (for %s) reads as %v, %v", s, p.Name, got, err)
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d spellings checked", n)
	}
}
