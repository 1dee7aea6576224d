package main

import (
	"fmt"
	"net/mail"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/makplan/makplan/planner"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is the whole configuration file (design.md, "Configuration").
type Config struct {
	Customer struct {
		Name    string `mapstructure:"name"`
		Contact struct {
			Name  string `mapstructure:"name"`
			Email string `mapstructure:"email"`
			Phone string `mapstructure:"phone"`
		} `mapstructure:"contact"`
	} `mapstructure:"customer"`
	Agreements []AgreementConfig `mapstructure:"agreements"`
	Inputs     struct {
		Keys      []string            `mapstructure:"keys"`
		Plan      []string            `mapstructure:"plan"`
		AsOf      string              `mapstructure:"as_of"`
		Aliases   map[string][]string `mapstructure:"aliases"`
		KeyDates  []KeyDate           `mapstructure:"key_dates"`
		PlanSheet string              `mapstructure:"plan_sheet"`
		KeysSheet string              `mapstructure:"keys_sheet"`
		// UnrecognisedProducts: stop (a product not in the catalogue is an
		// input problem) or report (judged unrecognised-product).
		UnrecognisedProducts string `mapstructure:"unrecognised_products"`
	} `mapstructure:"inputs"`
	Defaults map[string]string `mapstructure:"defaults"`
	Capacity struct {
		ReservePercent            float64             `mapstructure:"reserve_percent"`
		ReserveMinimum            int                 `mapstructure:"reserve_minimum"`
		RoundTo                   int                 `mapstructure:"round_to"`
		LocalReactivationConsumes bool                `mapstructure:"local_reactivation_consumes"`
		PreferredKeys             []string            `mapstructure:"preferred_keys"`
		KeyCovers                 map[string][]string `mapstructure:"key_covers"`
		PastWaves                 string              `mapstructure:"past_waves"`
	} `mapstructure:"capacity"`
	Rules struct {
		FreeUpgrade bool `mapstructure:"free_upgrade"`
	} `mapstructure:"rules"`
	Check struct {
		MinRemainingPercent float64 `mapstructure:"min_remaining_percent"`
		MinRunwayWaves      int     `mapstructure:"min_runway_waves"`
	} `mapstructure:"check"`
	DowngradeRights struct {
		Add    []DowngradeConfig `mapstructure:"add"`
		Remove []DowngradeConfig `mapstructure:"remove"`
	} `mapstructure:"downgrade_rights"`
	Email struct {
		To             string   `mapstructure:"to"`
		From           string   `mapstructure:"from"`
		Cc             []string `mapstructure:"cc"`
		AttachWorkbook bool     `mapstructure:"attach_workbook"`
		Templates      string   `mapstructure:"templates"`
	} `mapstructure:"email"`
	SMTP struct {
		Host     string `mapstructure:"host"`
		Port     int    `mapstructure:"port"`
		Username string `mapstructure:"username"`
		CAFile   string `mapstructure:"ca_file"`
	} `mapstructure:"smtp"`
	Output struct {
		Dir string `mapstructure:"dir"`
	} `mapstructure:"output"`

	path string // the config file read, "" when none
}

// AgreementConfig is one entry of agreements:.
type AgreementConfig struct {
	Number         string         `mapstructure:"number"`
	Program        string         `mapstructure:"program"`
	EnterpriseWide bool           `mapstructure:"enterprise_wide"`
	LicensesBought map[string]int `mapstructure:"licenses_bought"`
}

// KeyDate records the date of a key export's snapshot (VAMT's remaining counts
// are as of its last online refresh).
type KeyDate struct {
	File string `mapstructure:"file"`
	AsOf string `mapstructure:"as_of"`
}

// DowngradeConfig is a row of downgrade_rights.add/remove.
type DowngradeConfig struct {
	License string `mapstructure:"license"`
	Channel string `mapstructure:"channel"`
	MayRun  string `mapstructure:"may_run"`
	Until   string `mapstructure:"until"`
	Source  string `mapstructure:"source"`
}

// defaults are the built-in settings; every leaf is registered so that
// MAKPLAN_* environment variables reach it.
var defaults = map[string]any{
	"customer.name": "", "customer.contact.name": "", "customer.contact.email": "", "customer.contact.phone": "",
	"agreements":   []any{},
	"inputs.keys":  []string{},
	"inputs.plan":  []string{},
	"inputs.as_of": "", "inputs.aliases": map[string]any{}, "inputs.key_dates": []any{},
	"inputs.plan_sheet": "", "inputs.keys_sheet": "",
	"defaults":                             map[string]any{},
	"capacity.reserve_percent":             10.0,
	"capacity.reserve_minimum":             0,
	"capacity.round_to":                    1,
	"capacity.local_reactivation_consumes": false,
	"capacity.preferred_keys":              []string{},
	"capacity.key_covers":                  map[string]any{},
	"capacity.past_waves":                  "done",
	"inputs.unrecognised_products":         "stop",
	"rules.free_upgrade":                   true,
	"check.min_remaining_percent":          10.0,
	"check.min_runway_waves":               1,
	"downgrade_rights.add":                 []any{},
	"downgrade_rights.remove":              []any{},
	"email.to":                             "makadd@microsoft.com",
	"email.from":                           "",
	"email.cc":                             []string{},
	"email.attach_workbook":                true,
	"email.templates":                      "",
	"smtp.host":                            "",
	"smtp.port":                            587,
	"smtp.username":                        "",
	"output.dir":                           "out",
}

// flagKeys binds command-line flags to configuration keys.
var flagKeys = map[string]string{"keys": "inputs.keys", "plan": "inputs.plan", "out": "output.dir", "as-of": "inputs.as_of"}

// loadConfig reads the configuration: flags over MAKPLAN_* environment over
// the file over built-in defaults. Paths written in the file are relative to
// the file's folder; paths from flags and the environment to the working one.
func loadConfig(path string, flags *pflag.FlagSet, getenv func(string) string) (*Config, error) {
	v := viper.New()
	for k, val := range defaults {
		v.SetDefault(k, val)
	}
	v.SetEnvPrefix("MAKPLAN")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	cfgProblem := func(key, format string, args ...any) error {
		return &planner.InputError{Problems: []planner.Problem{{File: path, Column: key, Message: fmt.Sprintf(format, args...)}}}
	}
	if path != "" {
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			return nil, cfgProblem("", "cannot read the configuration: %v", err)
		}
	}
	for name, key := range flagKeys {
		if f := flags.Lookup(name); f != nil && f.Changed {
			if err := v.BindPFlag(key, f); err != nil {
				return nil, err
			}
		}
	}
	var c Config
	hook := mapstructure.ComposeDecodeHookFunc(timeToString, mapstructure.StringToSliceHookFunc(","))
	if err := v.UnmarshalExact(&c, viper.DecodeHook(hook)); err != nil {
		return nil, cfgProblem("", "the configuration does not fit the schema: %s", strings.Join(strings.Fields(err.Error()), " "))
	}
	c.path = path
	if path != "" {
		dir := filepath.Dir(path)
		fromFile := func(flag, key string) bool {
			if f := flags.Lookup(flag); flag != "" && f != nil && f.Changed {
				return false
			}
			return getenv("MAKPLAN_"+strings.ToUpper(strings.ReplaceAll(key, ".", "_"))) == ""
		}
		rel := func(p string) string {
			if p == "" || filepath.IsAbs(p) {
				return p
			}
			return filepath.Join(dir, p)
		}
		if fromFile("keys", "inputs.keys") {
			for i := range c.Inputs.Keys {
				c.Inputs.Keys[i] = rel(c.Inputs.Keys[i])
			}
		}
		if fromFile("plan", "inputs.plan") {
			for i := range c.Inputs.Plan {
				c.Inputs.Plan[i] = rel(c.Inputs.Plan[i])
			}
		}
		if fromFile("out", "output.dir") {
			c.Output.Dir = rel(c.Output.Dir)
		}
		if fromFile("", "email.templates") {
			c.Email.Templates = rel(c.Email.Templates)
		}
		if fromFile("", "smtp.ca_file") {
			c.SMTP.CAFile = rel(c.SMTP.CAFile)
		}
		for i := range c.Inputs.KeyDates {
			c.Inputs.KeyDates[i].File = rel(c.Inputs.KeyDates[i].File)
		}
	}
	return &c, nil
}

// timeToString lets a YAML date (as_of: 2026-11-27) fill a string field.
func timeToString(from, to reflect.Type, data any) (any, error) {
	if to.Kind() == reflect.String {
		if t, ok := data.(time.Time); ok {
			return t.Format("2006-01-02"), nil
		}
	}
	return data, nil
}

// Validate checks every setting and returns all problems at once, each naming
// its configuration key.
func (c *Config) Validate() error {
	var ps []planner.Problem
	bad := func(key, format string, args ...any) {
		ps = append(ps, planner.Problem{File: c.path, Column: key, Message: fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	for i, a := range c.Agreements {
		key := fmt.Sprintf("agreements[%d]", i)
		if strings.TrimSpace(a.Number) == "" {
			bad(key+".number", "expected the agreement number (the key export's Parent Program or License ID)")
		}
		if seen[a.Number] {
			bad(key+".number", "agreement %q is listed twice", a.Number)
		}
		seen[a.Number] = true
		if strings.TrimSpace(a.Program) == "" {
			bad(key+".program", "expected the program (EA, MPSA, Open License, Open Value, Open Value Subscription, Campus, School, Select Plus, or another name for programs without reimaging rights)")
		}
		for p, n := range a.LicensesBought {
			if n < 0 {
				bad(key+".licenses_bought", "%q: expected a count of 0 or more, got %d", p, n)
			}
			if _, err := planner.LookupProducts(p); err != nil {
				bad(key+".licenses_bought", "%v", suggested(err))
			}
		}
	}
	if c.Inputs.AsOf != "" {
		if _, err := parseISODate(c.Inputs.AsOf); err != nil {
			bad("inputs.as_of", "%v", err)
		}
	}
	for i, kd := range c.Inputs.KeyDates {
		if _, err := parseISODate(kd.AsOf); err != nil {
			bad(fmt.Sprintf("inputs.key_dates[%d].as_of", i), "%v", err)
		}
	}
	if c.Capacity.ReservePercent < 0 || c.Capacity.ReservePercent > 1000 {
		bad("capacity.reserve_percent", "expected a percentage from 0 to 1000, got %v", c.Capacity.ReservePercent)
	}
	if c.Capacity.ReserveMinimum < 0 {
		bad("capacity.reserve_minimum", "expected 0 or more, got %d", c.Capacity.ReserveMinimum)
	}
	if c.Capacity.RoundTo < 1 {
		bad("capacity.round_to", "expected 1 (no rounding) or more, got %d", c.Capacity.RoundTo)
	}
	for i, k := range c.Capacity.PreferredKeys {
		if _, err := planner.ParseKeyRef(k); err != nil {
			bad(fmt.Sprintf("capacity.preferred_keys[%d]", i), "%v", err)
		}
	}
	if c.Check.MinRemainingPercent < 0 || c.Check.MinRemainingPercent > 100 {
		bad("check.min_remaining_percent", "expected a percentage from 0 to 100, got %v", c.Check.MinRemainingPercent)
	}
	if c.Check.MinRunwayWaves < 0 {
		bad("check.min_runway_waves", "expected 0 or more, got %d", c.Check.MinRunwayWaves)
	}
	if _, errs := c.rights(); len(errs) > 0 {
		for _, e := range errs {
			bad(e.key, "%s", e.msg)
		}
	}
	for name, more := range c.Capacity.KeyCovers {
		for i, m := range more {
			if _, err := planner.LookupProducts(m); err != nil {
				bad(fmt.Sprintf("capacity.key_covers[%q][%d]", name, i), "%v", suggested(err))
			}
		}
	}
	switch c.Inputs.UnrecognisedProducts {
	case "stop", "report":
	default:
		bad("inputs.unrecognised_products", "expected stop (a product name not in the catalogue is an input problem) or report (such devices are judged unrecognised-product), got %q", c.Inputs.UnrecognisedProducts)
	}
	switch c.Capacity.PastWaves {
	case "done", "demand":
	default:
		bad("capacity.past_waves", "expected done (devices without a status whose wave is before the key snapshot are done) or demand, got %q", c.Capacity.PastWaves)
	}
	for key, val := range map[string]string{"customer.name": c.Customer.Name, "customer.contact.name": c.Customer.Contact.Name,
		"customer.contact.email": c.Customer.Contact.Email, "customer.contact.phone": c.Customer.Contact.Phone,
		"email.to": c.Email.To, "email.from": c.Email.From, "smtp.host": c.SMTP.Host, "smtp.username": c.SMTP.Username} {
		if strings.ContainsAny(val, "\r\n\x00") {
			bad(key, "must not contain a line break or NUL character (it goes into a mail header)")
		}
	}
	for i, cc := range c.Email.Cc {
		if strings.ContainsAny(cc, "\r\n\x00") {
			bad(fmt.Sprintf("email.cc[%d]", i), "must not contain a line break or NUL character (it goes into a mail header)")
		}
	}
	addr := func(key, val string, required bool) {
		if strings.TrimSpace(val) == "" || strings.ContainsAny(val, "\r\n\x00") {
			if required && strings.TrimSpace(val) == "" {
				bad(key, "expected an email address")
			}
			return
		}
		if _, err := mail.ParseAddress(val); err != nil {
			bad(key, "expected an email address such as licensing@example.com, got %q: %v", val, err)
		}
	}
	addr("email.to", c.Email.To, true)
	addr("email.from", c.Email.From, false)
	addr("customer.contact.email", c.Customer.Contact.Email, false)
	for i, cc := range c.Email.Cc {
		addr(fmt.Sprintf("email.cc[%d]", i), cc, false)
	}
	if c.SMTP.Port < 0 || c.SMTP.Port > 65535 {
		bad("smtp.port", "expected a TCP port from 1 to 65535, got %d", c.SMTP.Port)
	}
	if len(ps) == 0 {
		return nil
	}
	return &planner.InputError{Problems: ps}
}

// productsName names products for people: their catalogue names, or the
// text when there are many.
func productsName(ps []*planner.Product, text string) string {
	if len(ps) == 0 || len(ps) > 3 {
		return text
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, " / ")
}

func parseISODate(s string) (planner.Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return planner.Date{}, fmt.Errorf("expected a date as YYYY-MM-DD, got %q", s)
	}
	return planner.NewDate(t.Year(), t.Month(), t.Day()), nil
}

// asOf is the run's as-of date: --as-of / inputs.as_of, else today.
func (c *Config) asOf(now func() time.Time) planner.Date {
	if d, err := parseISODate(c.Inputs.AsOf); err == nil && c.Inputs.AsOf != "" {
		return d
	}
	t := now()
	return planner.NewDate(t.Year(), t.Month(), t.Day())
}

// agreements converts the configuration's agreements to planner values.
func (c *Config) agreements() []planner.Agreement {
	out := make([]planner.Agreement, 0, len(c.Agreements))
	for _, a := range c.Agreements {
		ag := planner.Agreement{Number: strings.TrimSpace(a.Number), Program: planner.ParseProgram(a.Program), EnterpriseWide: a.EnterpriseWide}
		if a.LicensesBought != nil {
			ag.Bought = []planner.Purchase{}
			for name, n := range a.LicensesBought {
				kp, _ := planner.NewKeyProduct(name) // validated; in the Volume form, as bought
				// The configuration reader lower-cases map keys: name the purchase by the catalogue.
				ag.Bought = append(ag.Bought, planner.Purchase{Name: productsName(kp.Covers, name), Products: kp.Covers, Count: n})
			}
			sort.Slice(ag.Bought, func(i, j int) bool { return ag.Bought[i].Name < ag.Bought[j].Name })
		}
		out = append(out, ag)
	}
	return out
}
