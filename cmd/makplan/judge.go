package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/rules"
)

// configError is a problem with one configuration key.
type configError struct{ key, msg string }

// rights returns the built-in rights table (with the Windows 11 upgrade rows
// unless rules.free_upgrade is false) changed by downgrade_rights: rows
// removed, then rows added (docs/configuration.md). Every row that cannot be
// used is an error naming its key.
func (c *Config) rights() (rules.Table, []configError) {
	var errs []configError
	conv := func(name string, rows []DowngradeConfig, adding bool) []rules.Right {
		out := make([]rules.Right, 0, len(rows))
		for i, r := range rows {
			key := fmt.Sprintf("%s[%d]", name, i)
			bad := func(field, format string, args ...any) {
				errs = append(errs, configError{key + "." + field, fmt.Sprintf(format, args...)})
			}
			ch, err := planner.ParseChannel(r.Channel)
			if err != nil {
				bad("channel", "%v", err)
			}
			row := rules.Right{Kind: rules.DownVersion, LicenseName: strings.TrimSpace(r.License), Channel: ch, Source: r.Source}
			if row.Source == "" {
				row.Source = "configuration"
			}
			row.License, err = planner.LookupProducts(r.License)
			if err != nil {
				bad("license", "expected a product such as \"Windows 10 Pro\": %v", suggested(err))
			}
			if strings.EqualFold(strings.TrimSpace(r.MayRun), "earlier") {
				row.Earlier = true
			} else {
				row.MayRunName = strings.TrimSpace(r.MayRun)
				row.MayRun, err = planner.LookupProducts(r.MayRun)
				if err != nil {
					bad("may_run", "expected a product such as \"Windows 8.1 Pro\" or the word earlier: %v", suggested(err))
				}
			}
			if r.Until != "" {
				if row.Until, err = parseISODate(r.Until); err != nil {
					bad("until", "%v", err)
				}
			}
			if len(row.License) > 0 && len(row.MayRun) > 0 && !planner.SameEdition(row.License[0], row.MayRun[0]) {
				row.Kind = rules.DownEdition
			}
			if adding && len(row.License) > 0 && (row.Earlier || len(row.MayRun) > 0) {
				if err := row.Check(); err != nil {
					bad("may_run", "%v", err)
				}
			}
			out = append(out, row)
		}
		return out
	}
	add := conv("downgrade_rights.add", c.DowngradeRights.Add, true)
	remove := conv("downgrade_rights.remove", c.DowngradeRights.Remove, false)
	return rules.Builtin(c.Rules.FreeUpgrade).With(add, remove), errs
}

// suggested fills in the closest catalogue name of a product error.
func suggested(err error) error {
	var pe *planner.ProductError
	if errors.As(err, &pe) {
		return pe.Suggested()
	}
	return err
}

// judge returns the judge for the loaded inputs.
func (l *loaded) judge() *rules.Judge {
	t, _ := l.cfg.rights() // validated in Validate
	return rules.NewJudge(l.agreements, t, l.asOf, l.keys)
}
