package main

import (
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
)

// TestExampleConfig loads config.example.yaml, so that it cannot drift from the schema.
func TestExampleConfig(t *testing.T) {
	path := filepath.Join("..", "..", "config.example.yaml")
	c, err := loadConfig(path, pflag.NewFlagSet("t", pflag.ContinueOnError), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := c.Inputs.Plan; len(got) != 1 || got[0] != filepath.Join("..", "..", "samples", "plan.xlsx") {
		t.Errorf("inputs.plan = %v, want the sample plan relative to the config file", got)
	}
	if c.Inputs.AsOf != "2026-11-27" || c.Capacity.ReservePercent != 10 || c.Email.To != "makadd@microsoft.com" || c.SMTP.Port != 587 {
		t.Errorf("unexpected values: as_of=%q reserve=%v to=%q port=%d", c.Inputs.AsOf, c.Capacity.ReservePercent, c.Email.To, c.SMTP.Port)
	}
	ags := c.agreements()
	if len(ags) != 3 || ags[1].Program != "Open Value" || len(ags[1].Bought) != 2 {
		t.Errorf("agreements = %+v", ags)
	}
	if b := ags[1].Bought[0]; b.Name != "Office Professional Plus 2019" || b.Count != 0 || len(b.Products) != 1 || b.Products[0].Name != "Office Professional Plus 2019" {
		t.Errorf("first purchase = %+v", b)
	}
}

// TestConfigPrecedence: flags over environment over file over defaults.
func TestConfigPrecedence(t *testing.T) {
	path := filepath.Join("..", "..", "config.example.yaml")
	env := map[string]string{"MAKPLAN_CAPACITY_RESERVE_PERCENT": "25", "MAKPLAN_OUTPUT_DIR": "env-out"}
	t.Setenv("MAKPLAN_CAPACITY_RESERVE_PERCENT", "25")
	t.Setenv("MAKPLAN_OUTPUT_DIR", "env-out")
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	var f inputFlags
	fs.StringVar(&f.out, "out", "", "")
	fs.StringVar(&f.asOf, "as-of", "", "")
	if err := fs.Parse([]string{"--as-of", "2027-01-01"}); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(path, fs, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Capacity.ReservePercent != 25 {
		t.Errorf("reserve_percent = %v, want the environment's 25", c.Capacity.ReservePercent)
	}
	if c.Output.Dir != "env-out" {
		t.Errorf("output.dir = %q, want env-out relative to the working folder", c.Output.Dir)
	}
	if c.Inputs.AsOf != "2027-01-01" {
		t.Errorf("as_of = %q, want the flag's value", c.Inputs.AsOf)
	}
	if c.Capacity.RoundTo != 1 || c.Check.MinRunwayWaves != 1 {
		t.Errorf("file values lost: round_to=%d runway=%d", c.Capacity.RoundTo, c.Check.MinRunwayWaves)
	}
}
