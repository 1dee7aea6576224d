package config

import (
	"errors"
	"fmt"
	"net/mail"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/capacity"
	"github.com/makplan/makplan/planner/cells"
	"github.com/makplan/makplan/planner/pipeline"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/report"
	"github.com/makplan/makplan/planner/rules"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// Options are the checked, typed settings: what a run uses (pipeline.Settings)
// and what the commands use around it (email, SMTP, the output folder).
type Options struct {
	pipeline.Settings
	Email     Email
	SMTP      SMTP
	OutputDir string
	LockWait  time.Duration // how long a run waits for another that writes into OutputDir
	// AsOfFrom names where inputs.as_of came from, for messages: the flag,
	// the variable, or the file and line.
	AsOfFrom string
}

// Email is the email: section.
type Email struct {
	To, From  string
	Cc        []string
	Attach    string // summary, full or none
	Keys      string // last5 or full
	Templates string
}

// SMTP is the smtp: section; the password is never in it.
type SMTP struct {
	Host, Username, CAFile string
	Port                   int
	MaxReplyLine           int
	MaxReplyBytes          int64
}

// AsOf returns the day the run judges on: inputs.as_of, else today by now.
func (o *Options) AsOf(now func() time.Time) planner.Date {
	return o.Settings.AsOf(planner.DateOf(now()))
}

// Sender returns the request's From address: email.from, else the
// customer contact; an error when neither is set. Commands that write
// requests ask for it before reading any input.
func (o *Options) Sender() (string, error) {
	if o.Email.From != "" {
		return o.Email.From, nil
	}
	if o.Customer.ContactEmail != "" {
		return (&mail.Address{Name: o.Customer.ContactName, Address: o.Customer.ContactEmail}).String(), nil
	}
	where := o.Path
	if where == "" {
		where = "no configuration file"
	}
	return "", Errors{{File: o.Path, Key: "email.from", Msg: fmt.Sprintf("expected the address the makadd request is sent from (email.from or customer.contact.email; %s sets neither, and MAKPLAN_EMAIL_FROM is not set)", where)}}
}

// options checks the decoded file and builds the typed options, section
// by section; every problem is recorded with where its value came from.
func (l *loader) options(f *File) *Options {
	o := &Options{OutputDir: f.Output.Dir}
	o.Path, o.Defaults, o.KeyCovers = l.src.Path, f.Defaults, f.Capacity.KeyCovers
	o.Customer = report.Customer{Name: f.Customer.Name, ContactName: f.Customer.Contact.Name, ContactEmail: f.Customer.Contact.Email, ContactPhone: f.Customer.Contact.Phone}
	l.enumerations()
	o.Inputs = l.inputs(f)
	o.Agreements = l.agreements(f)
	o.Capacity = l.capacity(f)
	o.KeyAgreements = l.keyAgreements(f, o.Agreements)
	o.ESUYears = l.esuYears(f)
	o.Check, o.History = l.check(f)
	o.Rights, o.SAFromProgram = l.rights(f), f.Rules.SAFromProgram
	o.Email, o.SMTP, o.LockWait = l.mail(f)
	o.AsOfFrom = l.where("inputs.as_of")
	return o
}

// enumerations checks every setting that takes one of a closed list of values.
func (l *loader) enumerations() {
	for _, s := range Settings {
		if s.Enum == nil {
			continue
		}
		v := fmt.Sprint(l.v.Get(s.Key))
		ok := false
		for _, e := range s.Enum {
			ok = ok || strings.EqualFold(v, e)
		}
		if !ok {
			msg := fmt.Sprintf("expected one of %s, got %q", strings.Join(nonEmpty(s.Enum), ", "), v)
			if near := wording.Closest(v, s.Enum, foldName); near != "" {
				msg += fmt.Sprintf("; did you mean %s?", near)
			}
			l.bad(s.Key, "%s", msg)
		}
	}
}

// inputs checks the inputs: section.
func (l *loader) inputs(f *File) pipeline.Inputs {
	in := pipeline.Inputs{Aliases: f.Inputs.Aliases, PlanSheet: f.Inputs.PlanSheet, KeysSheet: f.Inputs.KeysSheet, IgnoreColumns: f.Inputs.IgnoreColumns}
	entries := func(section string, list []InputFile) []pipeline.InputFile {
		out := make([]pipeline.InputFile, 0, len(list))
		for i, e := range list {
			key := fmt.Sprintf("%s[%d]", section, i)
			if strings.TrimSpace(e.File) == "" {
				l.bad(key+".file", "expected the file")
			}
			order := cells.DateOrder(strings.ToUpper(strings.TrimSpace(e.DateOrder)))
			switch order {
			case "", cells.DMY, cells.MDY, cells.YMD:
			default:
				l.bad(key+".date_order", "expected DMY, MDY or YMD (how the file writes numeric dates such as 01/11/2027), got %s", redact.Quote(e.DateOrder))
			}
			out = append(out, pipeline.InputFile{Path: e.File, DateOrder: order, Sheet: e.Sheet})
		}
		return out
	}
	in.Keys, in.Plan = entries("inputs.keys", f.Inputs.Keys), entries("inputs.plan", f.Inputs.Plan)
	in.ReportUnrecognised = strings.EqualFold(f.Inputs.UnrecognisedProducts, "report")
	in.DateOrder = cells.DateOrder(strings.ToUpper(f.Inputs.DateOrder))
	in.Limits = l.limits(f)
	if f.Inputs.AsOf != "" {
		d, err := isoDate(f.Inputs.AsOf)
		if err != nil {
			l.bad("inputs.as_of", "%v", err)
		}
		in.AsOf = d
	}
	in.KeyDates = map[string]planner.Date{}
	for i, kd := range f.Inputs.KeyDates {
		key := fmt.Sprintf("inputs.key_dates[%d]", i)
		if strings.TrimSpace(kd.File) == "" {
			l.bad(key+".file", "expected the key export whose snapshot date this is")
		}
		d, err := isoDate(kd.AsOf)
		if err != nil {
			l.bad(key+".as_of", "%v", err)
		}
		in.KeyDates[kd.File] = d
	}
	return in
}

// agreements checks the agreements: list.
func (l *loader) agreements(f *File) []planner.Agreement {
	var out []planner.Agreement
	seen := map[string]bool{}
	for i, a := range f.Agreements {
		key := fmt.Sprintf("agreements[%d]", i)
		number := strings.TrimSpace(a.Number)
		if number == "" {
			l.bad(key+".number", "expected the agreement number (the key export's Parent Program or License ID)")
		}
		if strings.ContainsAny(number, "\r\n\x00") {
			l.bad(key+".number", "must not contain a line break or NUL character (it goes into file names, report lines and the request)")
		}
		if seen[number] {
			l.bad(key+".number", "agreement %q is listed twice", number)
		}
		seen[number] = true
		program, ok := planner.ParseProgram(a.Program)
		switch {
		case strings.TrimSpace(a.Program) == "":
			l.bad(key+".program", "expected the program: one that grants reimaging rights (%s), or one that grants none (%s)", planner.ProgramNames, planner.NonGrantingNames)
		case !ok:
			msg := fmt.Sprintf("%q is not a program makplan knows", a.Program)
			if near := wording.Closest(a.Program, planner.ProgramSpellings, foldName); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			l.bad(key+".program", "%s. The programs that grant reimaging rights: %s; those that grant none: %s (write other for a program that grants no reimaging rights)",
				msg, planner.ProgramNames, planner.NonGrantingNames)
		}
		ag := planner.Agreement{Number: number, Program: program, EnterpriseWide: a.EnterpriseWide, BoughtOut: a.BoughtOut, Authorization: redact.OneLine(a.Authorization)}
		if a.BoughtOut && ok && !program.IsSubscription() {
			l.bad(key+".bought_out", "%s is not a subscription program: its licences are perpetual already; bought_out is for EAS, Open Value Subscription, OVS-ES, School, Campus and EES", program)
		}
		if a.LicensesBought != nil {
			ag.Bought = []planner.Purchase{}
			for _, name := range sortedKeys(a.LicensesBought) {
				n := a.LicensesBought[name]
				if n < 0 {
					l.bad(key+".licenses_bought", "%q: expected a count of 0 or more, got %d", name, n)
				}
				kp, err := planner.NewKeyProduct(name) // in the Volume form, as bought
				if err != nil {
					l.bad(key+".licenses_bought", "%v", Suggested(err))
					continue
				}
				// The configuration reader lower-cases map keys: name the purchase by the catalogue.
				ag.Bought = append(ag.Bought, planner.Purchase{Name: productsName(kp.Covers, name), Products: kp.Covers, Count: n})
			}
		}
		out = append(out, ag)
	}
	return out
}

// capacity checks the capacity: section.
func (l *loader) capacity(f *File) capacity.Settings {
	c := f.Capacity
	if c.ReservePercent < 0 || c.ReservePercent > 1000 {
		l.bad("capacity.reserve_percent", "expected a percentage from 0 to 1000, got %v", c.ReservePercent)
	}
	if c.ReserveMinimum < 0 {
		l.bad("capacity.reserve_minimum", "expected 0 or more, got %d", c.ReserveMinimum)
	}
	if c.RoundTo < 1 {
		l.bad("capacity.round_to", "expected 1 (no rounding) or more, got %d", c.RoundTo)
	}
	out := capacity.Settings{ReservePercent: c.ReservePercent, ReserveMinimum: c.ReserveMinimum, RoundTo: max(1, c.RoundTo),
		LocalReactivationConsumes: c.LocalReactivationConsumes,
		PastWaves:                 map[string]capacity.PastWaves{"evidence": capacity.PastWavesEvidence, "done": capacity.PastWavesDone, "demand": capacity.PastWavesDemand}[strings.ToLower(c.PastWaves)]}
	for _, name := range sortedKeys(c.RoundToByProduct) {
		n := c.RoundToByProduct[name]
		line, ok := planner.ProductLine(name)
		switch {
		case !ok:
			l.bad(fmt.Sprintf("capacity.round_to_by_product[%q]", name), "expected a product family (%s)%s", strings.Join(planner.ProductLines, ", "), closestLine(name))
		case n < 1:
			l.bad(fmt.Sprintf("capacity.round_to_by_product[%q]", name), "expected 1 (no rounding) or more, got %d", n)
		default:
			if out.RoundToByLine == nil {
				out.RoundToByLine = map[string]int{}
			}
			out.RoundToByLine[line] = n
		}
	}
	for i, k := range c.PreferredKeys {
		ref, err := planner.ParseKeyRef(k)
		if err != nil {
			l.bad(fmt.Sprintf("capacity.preferred_keys[%d]", i), "%v", err)
			continue
		}
		out.PreferredKeys = append(out.PreferredKeys, ref)
	}
	for _, name := range sortedKeys(c.KeyCovers) {
		for i, m := range c.KeyCovers[name] {
			if _, err := planner.LookupProducts(m); err != nil {
				l.bad(fmt.Sprintf("capacity.key_covers[%q][%d]", name, i), "%v", Suggested(err))
			}
		}
	}
	return out
}

// keyAgreements checks keys.agreements against the agreements configured.
func (l *loader) keyAgreements(f *File, ags []planner.Agreement) []pipeline.KeyAgreement {
	var out []pipeline.KeyAgreement
	known := map[string]bool{}
	for _, a := range ags {
		known[a.Number] = true
	}
	for _, k := range sortedKeys(f.Keys.Agreements) {
		key := fmt.Sprintf("keys.agreements[%s]", redact.Quote(k))
		ref, err := planner.ParseKeyRef(k)
		if err != nil || ref.Partial == "" {
			l.bad(key, "expected a product key or its last five characters, got %q", redact.MaskKeys(k))
			continue
		}
		a := strings.TrimSpace(f.Keys.Agreements[k])
		if !known[a] {
			l.bad(key, "agreement %q is not in agreements: (the configured agreements are: %s)", a, strings.Join(sortedKeys(known), ", "))
			continue
		}
		out = append(out, pipeline.KeyAgreement{Key: ref, Agreement: a})
	}
	return out
}

// esuYears checks keys.esu_years: a key (whole or its last five) → the
// Windows 10 ESU years it activates (docs/rules.md).
func (l *loader) esuYears(f *File) []pipeline.ESUYears {
	var out []pipeline.ESUYears
	for _, k := range sortedKeys(f.Keys.ESUYears) {
		key := fmt.Sprintf("keys.esu_years[%s]", redact.Quote(k))
		ref, err := planner.ParseKeyRef(k)
		if err != nil || ref.Partial == "" {
			l.bad(key, "expected a product key or its last five characters, got %q", redact.MaskKeys(k))
			continue
		}
		var set planner.ESUSet
		for _, n := range f.Keys.ESUYears[k] {
			if planner.ESUProduct(n) == nil {
				l.bad(key, "%d is not a Windows 10 ESU year: expected years 1 to %d", n, len(planner.ESUYears))
				continue
			}
			set = set.With(n)
		}
		if len(f.Keys.ESUYears[k]) == 0 {
			l.bad(key, "expected the years the key activates, such as [2, 3]")
		}
		out = append(out, pipeline.ESUYears{Key: ref, Years: set})
	}
	return out
}

// check checks the check:, history: and requests: sections.
func (l *loader) check(f *File) (report.Check, pipeline.History) {
	if f.Check.MaxIneligiblePct < 0 || f.Check.MaxIneligiblePct > 100 {
		l.bad("check.max_ineligible_percent", "expected a percentage from 0 to 100, got %v", f.Check.MaxIneligiblePct)
	}
	c := report.Check{MinRemainingPercent: f.Check.MinRemainingPercent, MinRunwayWaves: f.Check.MinRunwayWaves, MaxIneligiblePercent: f.Check.MaxIneligiblePct,
		MinRunwayDays: f.Check.MinRunwayDays, BurnTolerance: f.Check.BurnTolerance, LifecycleDays: f.Check.LifecycleDays}
	h := pipeline.History{Path: f.History.Path, Window: f.History.Window, BusyTimeout: time.Duration(f.History.BusyTimeout * float64(time.Second)),
		FollowUpDays: f.Requests.FollowUpDays}
	switch {
	case strings.EqualFold(strings.TrimSpace(h.Path), "off"):
		// No history at all, as --no-history on every run (what-if
		// inputs on a laptop): nothing is read or recorded.
		h.Path, h.Off = "", true
	case h.Path == "":
		// Beside the configuration, or in the working folder without one.
		h.Path = filepath.Join(filepath.Dir(l.src.Path), "makplan-history.db")
		if l.src.Path == "" {
			h.Path = "makplan-history.db"
		}
	}
	if f.Check.MinRemainingPercent < 0 || f.Check.MinRemainingPercent > 100 {
		l.bad("check.min_remaining_percent", "expected a percentage from 0 to 100, got %v", f.Check.MinRemainingPercent)
	}
	for key, v := range map[string]int{"check.min_runway_days": f.Check.MinRunwayDays, "check.burn_tolerance": f.Check.BurnTolerance, "check.lifecycle_days": f.Check.LifecycleDays,
		"requests.follow_up_days": f.Requests.FollowUpDays} {
		if v < 0 {
			l.bad(key, "expected 0 or more, got %d", v)
		}
	}
	if f.History.Window < 2 {
		l.bad("history.window", "expected 2 or more snapshots (a rate needs two), got %d", f.History.Window)
	}
	if f.History.BusyTimeout < 0 {
		l.bad("history.busy_timeout", "expected 0 or more seconds, got %v", f.History.BusyTimeout)
	}
	if f.Check.MinRunwayWaves < 0 {
		l.bad("check.min_runway_waves", "expected 0 or more, got %d", f.Check.MinRunwayWaves)
	}
	return c, h
}

// mail checks the customer:, email:, smtp: and output: settings: every
// value that goes into a mail header, and the addresses.
func (l *loader) mail(f *File) (Email, SMTP, time.Duration) {
	for key, val := range map[string]string{"customer.name": f.Customer.Name, "customer.contact.name": f.Customer.Contact.Name,
		"customer.contact.email": f.Customer.Contact.Email, "customer.contact.phone": f.Customer.Contact.Phone,
		"email.to": f.Email.To, "email.from": f.Email.From, "smtp.host": f.SMTP.Host, "smtp.username": f.SMTP.Username} {
		if strings.ContainsAny(val, "\r\n\x00") {
			l.bad(key, "must not contain a line break or NUL character (it goes into a mail header)")
		}
	}
	addr := func(key, val string, required bool) {
		if strings.ContainsAny(val, "\r\n\x00") {
			return
		}
		if strings.TrimSpace(val) == "" {
			if required {
				l.bad(key, "expected an email address")
			}
			return
		}
		if _, err := mail.ParseAddress(val); err != nil {
			l.bad(key, "expected an email address such as licensing@example.com, got %q", val)
		}
	}
	addr("email.to", f.Email.To, true)
	addr("email.from", f.Email.From, false)
	addr("customer.contact.email", f.Customer.Contact.Email, false)
	for i, cc := range f.Email.Cc {
		key := fmt.Sprintf("email.cc[%d]", i)
		if strings.ContainsAny(cc, "\r\n\x00") {
			l.bad(key, "must not contain a line break or NUL character (it goes into a mail header)")
			continue
		}
		addr(key, cc, false)
	}
	if f.SMTP.MaxReplyLine < 512 {
		l.bad("smtp.max_reply_line", "expected 512 bytes or more (RFC 5321's reply line), got %d", f.SMTP.MaxReplyLine)
	}
	if f.SMTP.MaxReplyBytes < 4096 {
		l.bad("smtp.max_reply_bytes", "expected 4096 bytes or more, got %d", f.SMTP.MaxReplyBytes)
	}
	if f.Output.LockWait < 0 {
		l.bad("output.lock_wait", "expected 0 or more seconds, got %v", f.Output.LockWait)
	}
	if f.SMTP.Port < 1 || f.SMTP.Port > 65535 {
		l.bad("smtp.port", "expected a TCP port from 1 to 65535, got %d", f.SMTP.Port)
	}
	e := Email{To: f.Email.To, From: f.Email.From, Cc: f.Email.Cc, Attach: strings.ToLower(f.Email.Attach), Keys: strings.ToLower(f.Email.Keys), Templates: f.Email.Templates}
	smtp := SMTP{Host: f.SMTP.Host, Port: f.SMTP.Port, Username: f.SMTP.Username, CAFile: f.SMTP.CAFile,
		MaxReplyLine: f.SMTP.MaxReplyLine, MaxReplyBytes: f.SMTP.MaxReplyBytes}
	return e, smtp, time.Duration(f.Output.LockWait * float64(time.Second))
}

// rights returns the built-in rights table (with the Windows 11 upgrade
// rows unless rules.free_upgrade is false) changed by downgrade_rights:
// rows removed, then rows added.
func (l *loader) rights(f *File) rules.Table {
	conv := func(name string, rows []RightFile, adding bool) []rules.Right {
		out := make([]rules.Right, 0, len(rows))
		for i, r := range rows {
			key := fmt.Sprintf("%s[%d]", name, i)
			bad := func(field, format string, args ...any) { l.bad(key+"."+field, format, args...) }
			ch, err := cells.ParseChannel(r.Channel)
			if err != nil {
				bad("channel", "%v", err)
			}
			row := rules.Right{Kind: rules.DownVersion, LicenseName: strings.TrimSpace(r.License), Channel: ch, Source: r.Source}
			if row.Source == "" {
				row.Source = "configuration"
			}
			if row.License, err = planner.LookupProducts(r.License); err != nil {
				bad("license", "expected a product such as \"Windows 10 Pro\": %v", Suggested(err))
			}
			if strings.EqualFold(strings.TrimSpace(r.MayRun), "earlier") {
				row.Earlier = true
			} else {
				row.MayRunName = strings.TrimSpace(r.MayRun)
				if row.MayRun, err = planner.LookupProducts(r.MayRun); err != nil {
					bad("may_run", "expected a product such as \"Windows 8.1 Pro\" or the word earlier: %v", Suggested(err))
				}
			}
			if r.Until != "" {
				if row.Until, err = isoDate(r.Until); err != nil {
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
	add := conv("downgrade_rights.add", f.DowngradeRights.Add, true)
	remove := conv("downgrade_rights.remove", f.DowngradeRights.Remove, false)
	return rules.Builtin(f.Rules.FreeUpgrade).With(add, remove)
}

// Suggested fills in the closest catalogue name of a product error.
func Suggested(err error) error {
	var pe *planner.ProductError
	if errors.As(err, &pe) {
		return pe.Suggested()
	}
	return err
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

// isoDate reads a configuration date, YYYY-MM-DD.
func isoDate(s string) (planner.Date, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return planner.Date{}, fmt.Errorf("expected a date as YYYY-MM-DD, got %q", s)
	}
	return planner.NewDate(t.Year(), t.Month(), t.Day()), nil
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		} else {
			out = append(out, `"" (not set)`)
		}
	}
	sort.Strings(out)
	return out
}

// limits checks inputs.limits: every limit is a positive number, sizes in
// MB (MiB, 1,048,576 bytes).
func (l *loader) limits(f *File) pipeline.Limits {
	fl := f.Inputs.Limits
	const mb = 1 << 20
	positive := func(key string, v int64, most int64) int64 {
		if v < 1 || v > most {
			l.bad(key, "expected a whole number from 1 to %d, got %d", most, v)
			return 1
		}
		return v
	}
	return pipeline.Limits{
		FileSize: positive("inputs.limits.file_size_mb", fl.FileSizeMB, 1<<20) * mb,
		XMLDepth: int(positive("inputs.limits.xml_depth", int64(fl.XMLDepth), 10000)),
		Sheet: sheet.Limits{
			Rows:          int(positive("inputs.limits.rows", int64(fl.Rows), 1<<31)),
			CellLength:    int(positive("inputs.limits.cell_length", int64(fl.CellLength), 1<<28)),
			LineLength:    int(positive("inputs.limits.line_length_mb", fl.LineLengthMB, 1<<10) * mb),
			PartSize:      positive("inputs.limits.part_size_mb", fl.PartSizeMB, 1<<20) * mb,
			WorkbookSize:  positive("inputs.limits.workbook_size_mb", fl.WorkbookSizeMB, 1<<20) * mb,
			SharedStrings: positive("inputs.limits.shared_strings_mb", fl.SharedStringsMB, 1<<20) * mb,
		},
	}
}

// foldName folds a name for matching: lower case, letters and digits only.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// closestLine suggests the product family nearest to name.
func closestLine(name string) string {
	if c := wording.Closest(name, planner.ProductLines, strings.ToLower); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}
