package main

import (
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/rules"
)

// downgrades returns the built-in downgrade-rights table changed by the
// configuration's add and remove rows.
func (c *Config) downgrades() rules.Table {
	conv := func(rows []DowngradeConfig, builtin bool) []rules.Downgrade {
		out := make([]rules.Downgrade, 0, len(rows))
		for _, r := range rows {
			ch, _ := planner.ParseChannel(r.Channel) // validated in Validate
			d := rules.Downgrade{License: planner.ParseProduct(r.License), Channel: ch, Source: r.Source, Builtin: builtin}
			if strings.EqualFold(strings.TrimSpace(r.MayRun), "earlier") {
				d.Earlier = true
			} else {
				d.MayRun = planner.ParseProduct(r.MayRun)
			}
			if d.Source == "" {
				d.Source = "configuration"
			}
			out = append(out, d)
		}
		return out
	}
	return rules.Builtin().With(conv(c.DowngradeRights.Add, false), conv(c.DowngradeRights.Remove, false))
}

// judge returns the judge for the loaded inputs.
func (l *loaded) judge() *rules.Judge {
	return rules.NewJudge(l.agreements, l.cfg.downgrades(), l.asOf)
}
