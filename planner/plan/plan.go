// Package plan reads reimaging plan spreadsheets (XLSX or CSV, often pasted
// from MECM, slmgr or Intune exports) into planner.Device values, one row at a
// time, with forgiving values and every problem located by file, sheet, row
// and column.
package plan

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/cells"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/sheet"
	"github.com/makplan/makplan/planner/wording"
)

// Column IDs of Schema, in the order of docs/plan-columns.md.
const (
	ColDevice = iota
	ColSerial
	ColManufacturer
	ColLicensedProduct
	ColLicenseChannel
	ColLicensedLanguage
	ColLicensedArch
	ColLicensedComponents
	ColTargetProduct
	ColTargetLanguage
	ColTargetArch
	ColTargetComponents
	ColMedia
	ColMediaOEM
	ColOEMImaged
	ColEnterpriseUpgrade
	ColSAPerDevice
	ColUserSAUntil
	ColAgreement
	ColActivation
	ColWave
	ColWaveDate
	ColKey
	ColLocalReactivation
	ColQualifyingOS
	ColStatus
	ColWin11Capable
	ColUpgradeCoversUntil
	ColOSVersion // not canonical: a version hint for the licensed product (MECM Version0, Intune OS version)
	// ColDeviceOS is the device's Windows as inventories name it on every
	// row (MECM's Caption0): the licensed product of a row that names none
	// of its own (the device's Windows row), never of an Office row.
	ColDeviceOS
	// ColPrimaryUser is the device's primary user, read only to check the
	// SA per User path's conditions (docs/rules.md: at most five devices a
	// user): not an attribute of the licence.
	ColPrimaryUser
	// ColESU is the device's Windows 10 ESU: enrolled, not, cloud, or the
	// years already activated (docs/plan-columns.md).
	ColESU
	// ColPublisher is a software inventory row's publisher (MECM's
	// Publisher0): a row of another publisher's software is out of scope.
	ColPublisher
	numColumns
)

// Schema is the plan's columns with their built-in aliases, MECM's SQL view
// names, slmgr/WMI property names and Intune's export headers among them.
var Schema = sheet.Schema{
	ColDevice:             {Name: "Device", Required: true, Aliases: []string{"Computer Name", "ComputerName", "Netbios_Name0", "Name0", "Device name", "DeviceName", "Hostname", "Host Name", "Machine Name", "Computer", "PSComputerName"}},
	ColSerial:             {Name: "Serial", Aliases: []string{"Serial number", "SerialNumber", "SerialNumber0", "Serial No", "Service Tag", "BIOS Serial Number"}},
	ColManufacturer:       {Name: "Manufacturer", Aliases: []string{"Manufacturer0", "Make", "Vendor", "Device Manufacturer"}},
	ColLicensedProduct:    {Name: "Licensed Product", Required: true, Aliases: []string{"DisplayName0", "ProductName0", "DisplayName", "ProductName", "Product Name", "Licensed OS", "Product", "SkuFamily", "skuNumber", "OperatingSystemSKU", "OperatingSystemSKU0"}},
	ColLicenseChannel:     {Name: "License Channel", Required: true, Aliases: []string{"Channel", "ProductKeyChannel", "ProductKeyChannel0", "Description0", "Description", "License Type", "Licence Channel", "License Source"}},
	ColLicensedLanguage:   {Name: "Licensed Language", Aliases: []string{"OSLanguage0", "OSLanguage", "Language", "OS Language", "Current Language"}},
	ColLicensedArch:       {Name: "Licensed Architecture", Aliases: []string{"OSArchitecture0", "OSArchitecture", "OS Architecture", "Architecture", "ProcessorArchitecture", "Current Architecture"}},
	ColLicensedComponents: {Name: "Licensed Components", Aliases: []string{"Components", "Current Components"}},
	ColTargetProduct:      {Name: "Target Product", Required: true, Aliases: []string{"Target OS", "Target Image", "Image", "New OS", "Planned OS", "Target"}},
	ColTargetLanguage:     {Name: "Target Language", Aliases: []string{"Image Language", "New Language"}},
	ColTargetArch:         {Name: "Target Architecture", Aliases: []string{"Image Architecture", "Target Arch", "New Architecture"}},
	ColTargetComponents:   {Name: "Target Components", Aliases: []string{"Image Components"}},
	ColMedia:              {Name: "Media", Aliases: []string{"Media Source", "Image Source", "Source Media"}},
	ColMediaOEM:           {Name: "Media OEM", Aliases: []string{"OEM Media", "Recovery Media OEM", "Media Manufacturer"}},
	ColOEMImaged:          {Name: "Originally OEM Imaged", Aliases: []string{"OEM Imaged", "Originally Imaged by OEM", "Factory Image", "Shipped with OEM Image"}},
	ColEnterpriseUpgrade:  {Name: "Enterprise Upgrade", Aliases: []string{"Windows Enterprise Upgrade", "Enterprise Upgrade License", "Ent Upgrade", "Education Upgrade", "Windows Upgrade"}},
	ColSAPerDevice:        {Name: "SA Per Device", Aliases: []string{"Device SA", "SA", "Software Assurance", "SA (Device)"}},
	ColUserSAUntil:        {Name: "User SA Until", Aliases: []string{"User SA", "User SA End", "User SA Expiry", "SA per User Until", "Per User SA Until", "Primary User SA Until"}},
	ColAgreement:          {Name: "Agreement", Aliases: []string{"Agreement Number", "Enrollment", "Enrollment Number", "License ID", "Parent Program", "Authorization Number"}},
	ColActivation:         {Name: "Activation", Aliases: []string{"Activation Method", "Activation Type"}},
	ColWave:               {Name: "Wave", Aliases: []string{"Rollout Wave", "Batch", "Phase", "Ring"}},
	ColWaveDate:           {Name: "Wave Date", Aliases: []string{"Wave Start", "Rollout Date", "Scheduled Date", "Planned Date", "Date", "Go Live", "Go-Live Date"}},
	ColKey:                {Name: "Key", Aliases: []string{"PartialProductKey0", "PartialProductKey", "Partial Product Key", "Product Key", "MAK"}},
	ColLocalReactivation:  {Name: "Local Reactivation", Aliases: []string{"Reactivate Locally", "Proxy Reactivation", "CID Reactivation"}},
	ColQualifyingOS:       {Name: "Qualifying OS", Aliases: []string{"OA3xOriginalProductKeyDescription", "OA3xOriginalProductKeyDescription0", "Original Product Key Description", "Underlying License", "Qualifying Operating System"}},
	ColStatus:             {Name: "Status", Aliases: []string{"Reimage Status", "Rollout Status", "State", "Done"}},
	ColWin11Capable:       {Name: "Windows 11 Capable", Aliases: []string{"Win11 Capable", "Windows 11 Ready", "Win11 Ready", "Windows 11 Compatible"}},
	ColUpgradeCoversUntil: {Name: "Upgrade Covers Until", Aliases: []string{"Upgrade SA Until", "Enterprise Upgrade Covers Until", "Upgrade SA End"}},
	ColOSVersion:          {Name: "OS Version", Aliases: []string{"Version0", "OSVersion", "OS Build", "Build", "Version", "BuildNumber", "BuildNumber0", "FullOSVersion"}},
	ColDeviceOS:           {Name: "Device OS", Aliases: []string{"Caption0", "Caption", "Operating System", "OS Name", "Current OS", "Installed OS", "OS"}},
	ColESU:                {Name: "ESU", Aliases: []string{"ESU Status", "Windows 10 ESU", "ESU Years", "ESU Enrolled", "Extended Security Updates", "ESU Years Activated"}},
	ColPrimaryUser:        {Name: "Primary User", Aliases: []string{"Primary user UPN", "Primary user email address", "Primary User Name", "UserPrincipalName", "Main User", "Primary User UPN"}},
	ColPublisher:          {Name: "Publisher", Aliases: []string{"Publisher0"}},
}

// NotUsed are the columns that inventory exports write and a plan does not
// use (docs/plan-columns.md): named once by validate as not used, never
// taken for a misspelt column.
var NotUsed = []string{
	// Intune's device export.
	"Device ID", "Azure AD Device ID", "Entra Device ID", "Intune Device ID", "Last check-in", "Managed by", "Ownership", "Compliance",
	"Model", "Primary user display name", "Enrollment date", "Enrolled by",
	"IMEI", "MEID", "Phone number", "Total storage", "Free storage", "Wi-Fi MAC", "Ethernet MAC", "Supervised", "Encrypted",
	"Management name", "Category", "Device state", "Jail broken", "JailBroken", "Model0", "Subscriber carrier", "EAS activated",
	"EAS activation ID", "Last EAS sync time", "Join type", "Management certificate expiration date", "Device type", "Autopilot enrolled",
	// MECM's views.
	"ResourceID", "ResourceID0", "InstallDate0", "InstallDate", "ProdID0", "GroupID", "TimeStamp",
	"Client0", "Active0", "Obsolete0", "Domain0", "Resource_Domain_OR_Workgr0", "AD_Site_Name0", "User_Name0", "LastBootUpTime0",
	"InstallDirectoryName0", "Operating_System_Name_and0",
	// The admin center's key export, pasted beside a plan.
	"OSA Status", "Seats",
}

// Options are the settings the plan reader needs.
type Options struct {
	Defaults map[string]string   // canonical column → value for blank cells (config defaults:)
	Aliases  map[string][]string // extra header aliases
	Sheet    string
	// MaxProblems bounds the errors listed per file; the rest are counted.
	MaxProblems int
	// DateOrder reads numeric text dates (inputs.date_order).
	DateOrder cells.DateOrder
	// Ignore names more columns that are not used (inputs.ignore_columns).
	Ignore []string
	// ReportUnrecognised lets rows whose products are not in the catalogue
	// through, with a nil product, listed as warnings
	// (inputs.unrecognised_products: report); otherwise each distinct name
	// is a problem.
	ReportUnrecognised bool
	// Limits bound the reading (inputs.limits); zero fields take the defaults.
	Limits sheet.Limits
}

// BuiltinDefaults fill blank cells that neither the sheet nor the config's
// defaults fill: the tool is about Commercial Licensing media activated by MAK.
var BuiltinDefaults = map[string]string{"Media": "Volume", "Activation": "MAK"}

// Read streams the plan rows of one file to emit, in file order. Problems and
// warnings go to ps; a row with an error is not emitted. emit may keep the
// device.
func Read(name string, src sheet.Source, opt Options, ps *problem.Problems, emit func(*planner.Device)) {
	schema := make(sheet.Schema, len(Schema))
	copy(schema, Schema)
	defaults := map[int]string{}
	for id, c := range Schema {
		for k, v := range BuiltinDefaults {
			if sheet.Normalize(k) == sheet.Normalize(c.Name) {
				defaults[id] = v
			}
		}
		for k, v := range opt.Defaults {
			if sheet.Normalize(k) == sheet.Normalize(c.Name) && strings.TrimSpace(v) != "" {
				defaults[id] = v
			}
		}
		if _, ok := defaults[id]; ok {
			schema[id].Required = false
		}
	}
	// The licensed product comes from the row (DisplayName0) or from the
	// device's OS (Caption0): either column will do (required below).
	schema[ColLicensedProduct].Required = false
	t, err := sheet.Open(name, src, schema, sheet.Options{Sheet: opt.Sheet, Aliases: opt.Aliases, NotUsed: NotUsed, Ignore: opt.Ignore,
		OneColumnPerField: true, Limits: opt.Limits})
	if err != nil {
		ps.AddErr(name, "", err)
		return
	}
	defer t.Close()
	noProduct := !t.Has(ColLicensedProduct) && !t.Has(ColDeviceOS) && defaults[ColLicensedProduct] == ""
	if noProduct {
		msg := fmt.Sprintf("no licensed-product column: expected %q (the row's product; MECM's DisplayName0 or ProductName0) or the device's OS (Current OS, MECM's Caption0); the header row has: %s",
			Schema[ColLicensedProduct].Name, strings.Join(quoteHeaders(t.Headers), ", "))
		for _, miss := range t.Misses {
			msg += "; " + miss.String()
		}
		ps.Add(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Message: msg})
		return
	}
	for _, c := range t.Conflicts {
		ps.Add(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Column: c.Headers[0], Message: c.String()})
	}
	for _, o := range t.Overruled {
		ps.Note(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Column: o.Headers[1], Message: fmt.Sprintf(
			"not read: %s; inputs.aliases chooses %s for %s", strings.Join(quoteHeaders(o.Headers[1:]), ", "), redact.Quote(o.Headers[0]), o.Field)})
	}
	if len(t.NotUsed) > 0 {
		ps.Note(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Message: fmt.Sprintf(
			"not used: %s (columns inventory exports write that a plan does not need; inputs.ignore_columns names more)", strings.Join(quoteHeaders(t.NotUsed), ", "))})
	}
	for _, miss := range t.Misses {
		p := problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Column: miss.Header, Message: miss.String()}
		switch {
		case miss.Words:
			p.Kind = problem.KindIgnoredColumn // likely the column, not surely: named, and check alerts
			ps.Warn(p)
		case opt.ReportUnrecognised:
			p.Message += "; the column is ignored"
			ps.Warn(p)
		default:
			p.Message += " (rename the header, or add it to inputs.aliases)"
			ps.Add(p)
		}
	}
	rd := &rowReader{t: t, defaults: defaults, ps: ps, max: opt.MaxProblems, products: map[string]productMemo{},
		unknown: map[unknownKey]*unknownProduct{}, memo: map[memoKey]memoVal{}, report: opt.ReportUnrecognised, order: opt.DateOrder,
		attrs: map[string]*planner.Attrs{}, groups: map[[2]string]*failGroup{}, users: map[string]map[string]bool{}, wgroups: map[[2]string]*failGroup{}}
	if rd.max <= 0 {
		rd.max = 1000
	}
	var rows []*planner.Device                             // the devices emitted, in row order: for merged cells
	kinds := map[int]*kindCount{}                          // by the column the licensed product was read from
	left, seen := map[string]int{}, map[[3]string]string{} // the rows out of scope, by why
	for t.Next() {
		if why := rowOutOfScope(t, seen); why != "" {
			left[why]++
			continue
		}
		d, ok := rd.device()
		if !ok {
			continue
		}
		rows = append(rows, d)
		emit(d)
		if d.Licensed.Prod != nil && d.Target.Prod != nil {
			col := ColLicensedProduct
			if t.Cell(ColLicensedProduct) == "" && t.Has(ColDeviceOS) {
				col = ColDeviceOS
			}
			k := kinds[col]
			if k == nil {
				k = &kindCount{pairs: map[[2]string]int{}}
				kinds[col] = k
			}
			k.rows++
			if a, b := kindOf(d.Licensed.Prod), kindOf(d.Target.Prod); a != b {
				k.pairs[[2]string{a, b}]++
				k.other++
			}
		}
	}
	for _, col := range []int{ColLicensedProduct, ColDeviceOS} {
		if k := kinds[col]; k != nil {
			k.warn(t, col, ps)
		}
	}
	if len(left) > 0 {
		ps.Note(problem.Problem{File: t.File, Sheet: t.Sheet, Message: outOfScopeText(left)})
	}
	if err := t.Err(); err != nil {
		ps.AddErr(name, t.Sheet, err)
	} else {
		fillMerged(t, rows, ps)
	}
	rd.flushFails()
	rd.flushWarnings()
	rd.userSAConditions()
	if rd.dropped > 0 {
		ps.Add(problem.Problem{File: name, Sheet: t.Sheet, Message: fmt.Sprintf("%d more problems in this file are not listed", rd.dropped)})
	}
	rd.reportUnknown()
}

// kindCount counts the rows whose licensed product was read from one
// column, and those licensed for one kind of product and targeting another.
type kindCount struct {
	rows, other int
	pairs       map[[2]string]int
}

// kindOf names a product's kind for people: Windows, Windows Server, Office
// (Visio and Project with it).
func kindOf(p *planner.Product) string {
	switch p.Family {
	case planner.FamilyWindows:
		return "Windows"
	case planner.FamilyServer:
		return "Windows Server"
	}
	return "Office, Visio or Project"
}

// warn says a column is probably mis-mapped when more than a tenth of the
// rows read from it are licensed for one kind of product and target
// another (docs/plan-columns.md, "Plausibility"): an MECM report's
// Caption0 taken as the product of its Office rows made every one of them
// "licensed for Windows, target Office".
func (k *kindCount) warn(t *sheet.Table, col int, ps *problem.Problems) {
	if k.other*10 <= k.rows {
		return
	}
	var pairs []string
	for _, p := range slices.SortedFunc(maps.Keys(k.pairs), func(a, b [2]string) int { return k.pairs[b] - k.pairs[a] }) {
		pairs = append(pairs, fmt.Sprintf("licensed for %s and going to %s: %d", p[0], p[1], k.pairs[p]))
	}
	ps.Warn(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Column: t.HeaderOf(col), Kind: problem.KindMismapped, Message: fmt.Sprintf(
		"%d of %d rows (%d%%) are licensed for one kind of product and go to another (%s): the licensed product is read from column %s, probably the wrong one "+
			"(an inventory's OS column beside its software's product column?); check the column, or choose the right one with inputs: aliases: {Licensed Product: [\"<header>\"]}",
		k.other, k.rows, k.other*100/k.rows, strings.Join(pairs, "; "), redact.Quote(t.HeaderOf(col)))})
}

// unknownKey is a product cell that names no catalogue product: its column and text.
type unknownKey struct {
	col  int
	text string
}

// unknownProduct gathers the rows of one unrecognised product name, so that
// each distinct name is one problem with its row count.
type unknownProduct struct {
	err   *planner.ProductError
	first int
	rows  []int // the first few rows
	count int
}

// maxSuggestions bounds how many distinct names get a "did you mean": the
// closest name costs a pass over the catalogue.
const maxSuggestions = 200

// reportUnknown lists each unrecognised product name once, in row order,
// with its rows and the closest known name: an error, or a warning when the
// rows go on as unrecognised-product.
func (rd *rowReader) reportUnknown() {
	list := make([]unknownKey, 0, len(rd.unknown))
	for k := range rd.unknown {
		list = append(list, k)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := rd.unknown[list[i]], rd.unknown[list[j]]
		if a.first != b.first {
			return a.first < b.first
		}
		return list[i].col < list[j].col
	})
	for i, k := range list {
		u := rd.unknown[k]
		if i < maxSuggestions {
			u.err.Suggested()
		}
		rows := make([]string, len(u.rows))
		for j, r := range u.rows {
			rows[j] = fmt.Sprint(r)
		}
		where := "row " + rows[0]
		if u.count > 1 {
			where = fmt.Sprintf("%d rows: %s", u.count, strings.Join(rows, ", "))
			if u.count > len(u.rows) {
				where += ", …"
			}
		}
		msg := fmt.Sprintf("%s (%s); `makplan products` lists every accepted spelling", u.err.Error(), where)
		col := rd.t.HeaderOf(k.col)
		p := problem.Problem{File: rd.t.File, Sheet: rd.t.Sheet, Row: u.first, Column: col, Message: msg}
		if rd.report {
			p.Message += "; these rows are judged unrecognised-product and consume nothing"
			rd.ps.Warn(p)
		} else {
			rd.ps.Add(p)
		}
	}
}

type rowReader struct {
	t        *sheet.Table
	defaults map[int]string
	ps       *problem.Problems
	max      int
	groups   map[[2]string]*failGroup // the problems found, by column and message
	failed   []*failGroup             // in the order found
	dropped  int
	products map[string]productMemo         // memo: the same product text repeats on most rows
	unknown  map[unknownKey]*unknownProduct // product names not in the catalogue
	report   bool                           // Options.ReportUnrecognised
	order    cells.DateOrder
	memo     map[memoKey]memoVal // parsed values of the other columns, which repeat too
	slab     []planner.Device    // devices are allocated a thousand at a time
	src      problem.Source
	bad      bool
	attrs    map[string]*planner.Attrs // attributes by the cells they were read from
	key      []byte                    // the current row's attribute cells
	tainted  bool                      // the current row's attributes reported something
	origin   *planner.Origin           // the table's file and sheet
	// The SA per User path's conditions: each user's devices (rows with
	// User SA Until), and the rows that give no user.
	users   map[string]map[string]bool
	noUser  int
	wgroups map[[2]string]*failGroup // warnings of rows, by column and message
	warned  []*failGroup
}

// memoKey and memoVal cache a column's parsed value by its text: plans hold a
// million rows but a handful of distinct languages, channels or wave dates.
type memoKey struct {
	kind byte
	text string
}

type memoVal struct {
	v   any
	err error
}

// parse returns fn(text), computed once per distinct text and kind.
func (rd *rowReader) parse(kind byte, text string, fn func(string) (any, error)) (any, error) {
	k := memoKey{kind, text}
	if m, ok := rd.memo[k]; ok {
		return m.v, m.err
	}
	v, err := fn(text)
	if len(rd.memo) < 100_000 {
		rd.memo[k] = memoVal{v, err}
	}
	return v, err
}

// quoteHeaders quotes headers for a message.
func quoteHeaders(hs []string) []string {
	var out []string
	for _, h := range hs {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, redact.Quote(h))
		}
	}
	return out
}

// cell returns column id of the current row, or its default when blank.
// A line break inside a value is shown escaped (\n), after any key in it
// is masked: a device, wave or agreement name cannot forge a line of a
// report or an alert, nor carry a key broken over two lines. The component
// lists, which may be written a component a line, keep theirs; the Key
// column is read as written.
func (rd *rowReader) cell(id int) string {
	v := rd.t.Cell(id)
	if v == "" {
		return rd.defaults[id]
	}
	switch id {
	case ColKey:
		return v // a key (or its last five) to match against the exports', never masked
	case ColLicensedComponents, ColTargetComponents:
		return v
	}
	return redact.OneLine(v)
}

// fail records a problem of the current row in column id. The same
// problem on many rows (a date written the same wrong way in a whole wave)
// is one problem naming its rows, not one a row.
func (rd *rowReader) fail(id int, format string, args ...any) {
	rd.bad, rd.tainted = true, true
	col := rd.t.HeaderOf(id)
	if col == "" {
		col = Schema[id].Name
	}
	msg := fmt.Sprintf(format, args...)
	k := [2]string{col, msg}
	g := rd.groups[k]
	if g == nil {
		if len(rd.failed) >= rd.max {
			rd.dropped++
			return
		}
		g = &failGroup{first: rd.src.At(col, "%s", msg)}
		rd.groups[k] = g
		rd.failed = append(rd.failed, g)
	}
	g.add(rd.src.Row)
}

// add counts row in the group.
func (g *failGroup) add(row int) {
	g.n++
	if n := len(g.runs); n > 0 && g.runs[n-1][1] == row-1 {
		g.runs[n-1][1] = row
	} else if n < maxRuns {
		g.runs = append(g.runs, [2]int{row, row})
	} else {
		g.more = true
	}
}

// problem is the group's problem, naming its rows.
func (g *failGroup) problem() problem.Problem {
	p := g.first
	if g.n > 1 {
		var parts []string
		for _, r := range g.runs {
			if r[0] == r[1] {
				parts = append(parts, strconv.Itoa(r[0]))
			} else {
				parts = append(parts, fmt.Sprintf("%d–%d", r[0], r[1]))
			}
		}
		if g.more {
			parts = append(parts, "…")
		}
		p.Message = fmt.Sprintf("%s rows (rows %s): %s", wording.Count(g.n), strings.Join(parts, ", "), p.Message)
	}
	return p
}

// failGroup is one problem on one or more rows.
type failGroup struct {
	first problem.Problem
	n     int
	runs  [][2]int // runs of consecutive rows
	more  bool     // rows beyond the runs kept
}

// maxRuns bounds the runs of rows a grouped problem names.
const maxRuns = 8

// flushFails adds the problems, each once, in the order of their first row.
func (rd *rowReader) flushFails() {
	for _, g := range rd.failed {
		rd.ps.Add(g.problem())
	}
}

// productMemo is a looked-up product cell.
type productMemo struct {
	p          *planner.Product
	firmware   bool
	evaluation bool   // an Evaluation or Preview edition (licensed product only)
	language   string // a Click-to-Run entry's language suffix, "" when none
	err        error
}

// product looks up the catalogue product of column id (the Qualifying OS
// column reads firmware key descriptions too); a name that is not one
// product is gathered for reportUnknown and fails the row unless such rows
// are let through.
func (rd *rowReader) product(id int, hint string) productMemo {
	s := rd.cell(id)
	if s == "" {
		return productMemo{}
	}
	key := string(rune('0'+id)) + s + "\x00" + hint
	m, ok := rd.products[key]
	if !ok {
		switch id {
		case ColQualifyingOS:
			m.p, m.firmware, m.err = planner.LookupQualifyingOS(s, hint)
		case ColLicensedProduct, ColDeviceOS:
			m.p, m.evaluation, m.err = planner.LookupLicensed(s, hint)
		default:
			m.p, m.err = planner.LookupProduct(s, hint)
		}
		if m.err == nil && id != ColQualifyingOS {
			m.language = planner.ParseInventoryName(s).Language
		}
		if len(rd.products) < 100_000 {
			rd.products[key] = m
		}
	}
	if m.err == nil {
		return m
	}
	var pe *planner.ProductError
	if !errors.As(m.err, &pe) {
		rd.fail(id, "%v", m.err)
		return productMemo{}
	}
	rd.tainted = true
	u := rd.unknown[unknownKey{id, s}]
	if u == nil {
		u = &unknownProduct{err: pe, first: rd.src.Row}
		rd.unknown[unknownKey{id, s}] = u
	}
	u.count++
	if len(u.rows) < 5 {
		u.rows = append(u.rows, rd.src.Row)
	}
	if !rd.report || id == ColQualifyingOS {
		rd.bad = true
	}
	return productMemo{}
}

func (rd *rowReader) value(id int, kind byte, fn func(string) (any, error)) any {
	v, err := rd.parse(kind, rd.cell(id), fn)
	if err != nil {
		rd.fail(id, "%v", err)
	}
	return v
}

func (rd *rowReader) boolean(id int) bool {
	return rd.value(id, 'b', func(s string) (any, error) { return cells.ParseBool(s) }).(bool)
}

func (rd *rowReader) date(id int) planner.Date {
	return rd.value(id, 'd', func(s string) (any, error) { return cells.ParseDateIn(s, rd.t.Date1904, rd.order) }).(planner.Date)
}

func (rd *rowReader) language(id int) string {
	return rd.value(id, 'l', func(s string) (any, error) { return cells.ParseLanguage(s) }).(string)
}

func (rd *rowReader) arch(id int) planner.Arch {
	return rd.value(id, 'a', func(s string) (any, error) { return cells.ParseArch(s) }).(planner.Arch)
}

func (rd *rowReader) channel(id int) planner.Channel {
	return rd.value(id, 'c', func(s string) (any, error) { return cells.ParseChannel(s) }).(planner.Channel)
}

func (rd *rowReader) activation(id int) planner.Activation {
	return rd.value(id, 'A', func(s string) (any, error) { return cells.ParseActivation(s) }).(planner.Activation)
}

type mediaVal struct {
	media    planner.Media
	modified bool
}

func (rd *rowReader) media(id int) mediaVal {
	return rd.value(id, 'm', func(s string) (any, error) {
		m, mod, err := cells.ParseMedia(s)
		return mediaVal{m, mod}, err
	}).(mediaVal)
}

func (rd *rowReader) manufacturer(id int) string {
	return rd.value(id, 'M', func(s string) (any, error) { return planner.NormalizeManufacturer(s), nil }).(string)
}

func (rd *rowReader) required(id int, what string) string {
	v := rd.cell(id)
	if v == "" {
		rd.fail(id, "expected %s; the cell is blank (a value in the config's defaults: fills blank cells)", what)
	}
	return v
}

// device turns the current row into a Device; ok is false when the row had
// an error. Rows whose cells other than the device name and serial number
// are the same as an earlier row's share its attributes, parsed once.
func (rd *rowReader) device() (*planner.Device, bool) {
	row := rd.t.Row()
	rd.src = problem.Source{File: rd.t.File, Sheet: rd.t.Sheet, Row: row.Num}
	rd.bad = false
	if len(rd.slab) == 0 {
		rd.slab = make([]planner.Device, 1024)
	}
	d := &rd.slab[0]
	rd.slab = rd.slab[1:]
	if rd.origin == nil {
		rd.origin = &planner.Origin{File: rd.t.File, Sheet: rd.t.Sheet}
	}
	d.From, d.Row = rd.origin, int32(row.Num)
	// One copy for both: the row's text is not kept alive by its device.
	name, serial := rd.required(ColDevice, "the device name"), rd.cell(ColSerial)
	both := name + serial // a new string, unless one of them is empty
	if name == "" || serial == "" {
		both = strings.Clone(both)
	}
	d.Name, d.Serial = both[:len(name)], both[len(name):]

	rd.key = rd.key[:0]
	for _, id := range attrColumns {
		rd.key = append(rd.key, rd.cell(id)...)
		rd.key = append(rd.key, 0)
	}
	if a, ok := rd.attrs[string(rd.key)]; ok {
		d.Attrs = a
		rd.primaryUser(d)
		return d, !rd.bad
	}
	rd.tainted = false
	a := rd.attributes()
	// Only a row that said nothing is a model for others: a row with a
	// problem, a warning or an unrecognised product is read in full each
	// time, so that every row is reported.
	if !rd.tainted && len(rd.attrs) < maxAttrs {
		rd.attrs[string(rd.key)] = a
	}
	d.Attrs = a
	rd.primaryUser(d)
	return d, !rd.bad
}

// primaryUser records the primary user of a row whose Windows Enterprise
// may rest on SA per User (docs/rules.md rev 4, item 11).
func (rd *rowReader) primaryUser(d *planner.Device) {
	if d.UserSAUntil.IsZero() {
		return
	}
	user := strings.ToLower(strings.TrimSpace(rd.cell(ColPrimaryUser)))
	if user == "" {
		if rd.t.Has(ColPrimaryUser) {
			rd.warnRow(ColPrimaryUser, "User SA Until is filled but Primary User is blank: SA per User covers the devices of its primary user; name the user (judged as said: the user's SA is taken to cover the device)")
		} else {
			rd.noUser++
		}
		return
	}
	devs := rd.users[user]
	if devs == nil {
		if len(rd.users) >= maxUsers {
			return
		}
		devs = map[string]bool{}
		rd.users[user] = devs
	}
	if len(devs) <= maxDevicesPerUser {
		devs[strings.ToLower(d.Name)] = true
	}
}

// maxDevicesPerUser is how many devices SA per User covers for one user
// (docs/rules.md rev 4, item 11); maxUsers bounds the users remembered.
const (
	maxDevicesPerUser = 5
	maxUsers          = 100_000
)

// userSAConditions warns about users whose SA per User is said to cover
// more devices than it may, and about rows that name no user.
func (rd *rowReader) userSAConditions() {
	t := rd.t
	if rd.noUser > 0 {
		rd.ps.Warn(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Column: t.HeaderOf(ColUserSAUntil), Message: fmt.Sprintf(
			"%s User SA Until but the plan has no Primary User column: SA per User covers the devices of its primary user, at most %d per user; add the column (Primary User, or Intune's Primary user UPN) so that makplan can check it",
			wording.Plural(rd.noUser, "row has", "rows have"), maxDevicesPerUser)})
	}
	var over []string
	for _, u := range slices.Sorted(maps.Keys(rd.users)) {
		if len(rd.users[u]) > maxDevicesPerUser {
			over = append(over, redact.Quote(u))
		}
	}
	if len(over) > 0 {
		named := over[:min(len(over), 10)]
		more := ""
		if len(over) > len(named) {
			more = fmt.Sprintf(" and %d more", len(over)-len(named))
		}
		rd.ps.Warn(problem.Problem{File: t.File, Sheet: t.Sheet, Row: t.HeaderRow, Column: t.HeaderOf(ColPrimaryUser), Message: fmt.Sprintf(
			"%s named on more than %d devices with User SA Until (%s%s): SA per User covers at most %d devices of its primary user; the others need an Enterprise Upgrade or SA of their own (judged as said)",
			wording.Plural(len(over), "user is", "users are"), maxDevicesPerUser, strings.Join(named, ", "), more, maxDevicesPerUser)})
	}
}

// warnRow records a warning of the current row in column id, grouped with
// the same warning on other rows as fail groups problems.
func (rd *rowReader) warnRow(id int, format string, args ...any) {
	rd.tainted = true
	col := rd.t.HeaderOf(id)
	if col == "" {
		col = Schema[id].Name
	}
	msg := fmt.Sprintf(format, args...)
	k := [2]string{col, msg}
	g := rd.wgroups[k]
	if g == nil {
		if len(rd.warned) >= rd.max {
			return
		}
		g = &failGroup{first: rd.src.At(col, "%s", msg)}
		rd.wgroups[k] = g
		rd.warned = append(rd.warned, g)
	}
	g.add(rd.src.Row)
}

// flushWarnings adds the rows' warnings, each once.
func (rd *rowReader) flushWarnings() {
	for _, g := range rd.warned {
		rd.ps.Warn(g.problem())
	}
}

// maxAttrs bounds the distinct attribute sets remembered.
const maxAttrs = 200_000

// attrColumns are the columns that make a device's attributes: all but the
// device name and serial number.
var attrColumns = func() []int {
	var out []int
	for id := range Schema {
		if id != ColDevice && id != ColSerial && id != ColPrimaryUser {
			out = append(out, id)
		}
	}
	return out
}()

// attributes parses the current row's attributes.
func (rd *rowReader) attributes() *planner.Attrs {
	d := &planner.Attrs{}
	d.Manufacturer = rd.manufacturer(ColManufacturer)

	hint := rd.cell(ColOSVersion)
	// The row's own product; on a row that names none, the device's OS
	// (MECM's Caption0 on the device's Windows row).
	licensed := ColLicensedProduct
	if rd.cell(ColLicensedProduct) == "" && rd.t.Has(ColDeviceOS) {
		licensed = ColDeviceOS
	}
	d.Licensed.Text = rd.required(licensed, "the product the device is licensed for (e.g. Windows 10 Pro)")
	lm := rd.product(licensed, hint)
	d.Licensed.Prod, d.Licensed.Evaluation = lm.p, lm.evaluation
	if rd.cell(ColTargetProduct) == "" && lm.p != nil && lm.p.Family == planner.FamilyWindows && lm.p.Version == "10" && !lm.evaluation {
		// A Windows 10 device the plan keeps on Windows 10: no reimage,
		// planned for ESU only (docs/plan-columns.md, "ESU").
		d.Stays = true
	} else {
		d.Target.Text = rd.required(ColTargetProduct, "the product the device will be reimaged with (e.g. Windows 11 Enterprise; blank only on a Windows 10 device that stays on it)")
	}
	tm := rd.product(ColTargetProduct, "")
	d.Target.Prod = tm.p
	if c := rd.required(ColLicenseChannel, "the license channel (OEM, Retail, Volume or None)"); c != "" {
		d.Channel = rd.channel(ColLicenseChannel)
	}
	if d.Licensed.Prod != nil && d.Channel == planner.ChannelVolume {
		d.Licensed.Prod = d.Licensed.Prod.VolumeForm()
	}
	if q := rd.cell(ColQualifyingOS); q != "" {
		version := ""
		if d.Licensed.Prod != nil {
			version = d.Licensed.Prod.Version
		}
		d.QualifyingText = q
		qm := rd.product(ColQualifyingOS, version)
		d.Qualifying, d.QualifyingFirmware = qm.p, qm.firmware
	} else if os := rd.cell(ColDeviceOS); os != "" && licensed == ColLicensedProduct && d.Licensed.Prod != nil && d.Licensed.Prod.Family == planner.FamilyWindows {
		// A Windows row that names its own product, beside the device's OS
		// (MECM's Caption0): the OS is the licence underneath when no
		// firmware column says more (docs/plan-columns.md, "Column roles").
		// An OS it cannot name (Intune's "Windows") says nothing more: it is
		// not reported, as it is not read.
		if p, eval, err := planner.LookupLicensed(os, hint); err == nil && !eval && p.Family == planner.FamilyWindows && p != d.Licensed.Prod {
			d.QualifyingText, d.Qualifying = os, p
		}
	}
	d.Licensed.Language = rd.language(ColLicensedLanguage)
	d.Target.Language = rd.language(ColTargetLanguage)
	// A Click-to-Run entry's language suffix ("… 2024 - en-us") gives the
	// language when the column is blank.
	if d.Licensed.Language == "" && lm.language != "" {
		d.Licensed.Language, _ = cells.ParseLanguage(lm.language)
	}
	if d.Target.Language == "" && tm.language != "" {
		d.Target.Language, _ = cells.ParseLanguage(tm.language)
	}
	d.Licensed.Arch = rd.arch(ColLicensedArch)
	d.Target.Arch = rd.arch(ColTargetArch)
	d.Licensed.Components = splitList(rd.cell(ColLicensedComponents))
	d.Target.Components = splitList(rd.cell(ColTargetComponents))

	m := rd.media(ColMedia)
	d.Media, d.Modified = m.media, m.modified
	if d.Target.Prod != nil && d.Media == planner.MediaVolume {
		d.Target.Prod = d.Target.Prod.VolumeForm() // what Commercial Licensing media hold
	}
	d.MediaOEM = rd.manufacturer(ColMediaOEM)
	d.HasOEMFlag = rd.cell(ColOEMImaged) != ""
	d.OEMImaged = rd.boolean(ColOEMImaged)
	d.EnterpriseUpgrade = rd.boolean(ColEnterpriseUpgrade)
	d.SAPerDevice = rd.value(ColSAPerDevice, 'S', func(s string) (any, error) { return parseSA(s, rd.t.Date1904, rd.order) }).(planner.SA)
	d.UpgradeCoversUntil = rd.date(ColUpgradeCoversUntil)
	d.UserSAUntil = rd.userSA()
	if d.EnterpriseUpgrade && d.SAPerDevice.State == planner.SADated && d.UpgradeCoversUntil.After(d.SAPerDevice.Until) {
		// The upgrade covers the versions of its SA's time: two dates for
		// one licence (docs/rules.md rev 4, bad input).
		rd.warnRow(ColUpgradeCoversUntil, "Upgrade Covers Until (%s) is after the end of the SA in %s (%s) on the same licence: an upgrade covers the versions made available until its SA ended; each date is judged as said (every path is tried), so check which is right",
			d.UpgradeCoversUntil, rd.t.HeaderOf(ColSAPerDevice), d.SAPerDevice.Until)
	}
	d.Agreement = rd.cell(ColAgreement)
	d.Activation = rd.activation(ColActivation)
	d.Wave = rd.cell(ColWave)
	d.WaveDate = rd.date(ColWaveDate)
	if k := rd.cell(ColKey); k != "" {
		ref, err := planner.ParseKeyRef(k)
		if err != nil {
			rd.fail(ColKey, "%v", err)
		}
		d.Key = ref
	}
	d.LocalReactivation = rd.boolean(ColLocalReactivation)
	d.Status = rd.value(ColStatus, 's', func(s string) (any, error) { return ParseStatus(s) }).(planner.Status)
	d.ESU = rd.value(ColESU, 'e', func(s string) (any, error) { return planner.ParseESU(s) }).(planner.ESU)
	d.OSBuild = hint
	d.Win11Capable = rd.value(ColWin11Capable, 'w', func(s string) (any, error) { return parseCapable(s) }).(planner.Capable)
	return d
}

// ParseStatus reads the Status column: Done, Reimaged, Completed or Yes
// mean done; Planned, Scheduled, Pending, To do, Not started or In progress
// mean still to do; a blank cell leaves it to the wave date
// (docs/plan-columns.md).
func ParseStatus(s string) (planner.Status, error) {
	switch strings.ToLower(strings.Join(strings.Fields(s), " ")) {
	case "done", "reimaged", "completed", "complete", "yes", "y", "finished", "x", "true", "1":
		return planner.StatusDone, nil
	case "":
		return planner.StatusBlank, nil
	case "planned", "scheduled", "pending", "to do", "todo", "not started", "in progress", "open", "no", "n", "false", "0", "-":
		return planner.StatusPlanned, nil
	}
	return 0, fmt.Errorf("expected a status: Done, Reimaged, Completed or Yes for a device already reimaged; blank or Planned for one still to do; got %q", strings.TrimSpace(s))
}

// parseSA reads the SA Per Device column: yes, no, blank, or the day SA
// ended or ends (docs/plan-columns.md).
func parseSA(s string, date1904 bool, order cells.DateOrder) (planner.SA, error) {
	if strings.TrimSpace(s) == "" {
		return planner.SA{}, nil
	}
	if b, err := cells.ParseBool(s); err == nil {
		if b {
			return planner.SA{State: planner.SAYes}, nil
		}
		return planner.SA{State: planner.SANo}, nil
	}
	d, err := cells.ParseDateIn(s, date1904, order)
	if err != nil {
		return planner.SA{}, fmt.Errorf("expected Yes, No or the day Software Assurance ended or ends (YYYY-MM-DD): %v", err)
	}
	return planner.SA{State: planner.SADated, Until: d}, nil
}

// parseCapable reads the Windows 11 Capable column: yes, no or blank.
func parseCapable(s string) (planner.Capable, error) {
	if strings.TrimSpace(s) == "" {
		return planner.CapableUnknown, nil
	}
	b, err := cells.ParseBool(s)
	if err != nil {
		return 0, err
	}
	if b {
		return planner.CapableYes, nil
	}
	return planner.CapableNo, nil
}

// userSA reads "User SA Until": a date, or yes (SA per User with no end date
// given), or no/blank.
func (rd *rowReader) userSA() planner.Date {
	s := rd.cell(ColUserSAUntil)
	if s == "" {
		return planner.Date{}
	}
	if b, err := cells.ParseBool(s); err == nil {
		if b {
			return planner.OpenEnded
		}
		return planner.Date{}
	}
	return rd.date(ColUserSAUntil)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '+' || r == '|' || r == '\n' })
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// differences names the plan columns in which two rows of one device differ.
func differences(a, b *planner.Device) []string {
	var out []string
	if a.Serial != b.Serial {
		out = append(out, "Serial")
	}
	if a.Attrs == b.Attrs || reflect.DeepEqual(*a.Attrs, *b.Attrs) {
		return out
	}
	vx, vy := reflect.ValueOf(*a.Attrs), reflect.ValueOf(*b.Attrs)
	for i := 0; i < vx.NumField(); i++ {
		if !reflect.DeepEqual(vx.Field(i).Interface(), vy.Field(i).Interface()) {
			if col := fieldColumns[vx.Type().Field(i).Name]; len(out) == 0 || out[len(out)-1] != col {
				out = append(out, col)
			}
		}
	}
	return out
}

// fieldColumns names the plan column behind each Device field.
var fieldColumns = map[string]string{
	"Serial": "Serial", "Manufacturer": "Manufacturer", "Licensed": "Licensed Product/Language/Architecture/Components",
	"Channel": "License Channel", "Target": "Target Product/Language/Architecture/Components", "Media": "Media", "MediaOEM": "Media OEM",
	"Modified": "Media", "OEMImaged": "Originally OEM Imaged", "HasOEMFlag": "Originally OEM Imaged",
	"Qualifying": "Qualifying OS", "QualifyingText": "Qualifying OS", "QualifyingFirmware": "Qualifying OS",
	"EnterpriseUpgrade": "Enterprise Upgrade", "SAPerDevice": "SA Per Device", "UpgradeCoversUntil": "Upgrade Covers Until", "UserSAUntil": "User SA Until",
	"Agreement": "Agreement", "Activation": "Activation", "Wave": "Wave", "WaveDate": "Wave Date", "Key": "Key",
	"LocalReactivation": "Local Reactivation", "Status": "Status", "Win11Capable": "Windows 11 Capable",
}

// otherPlatforms are the device platforms an inventory export lists beside
// Windows (Intune's OS column: iOS/iPadOS, Android, macOS, Linux), by the
// start of their name.
var otherPlatforms = []struct{ prefix, name string }{
	{"ios", "iOS/iPadOS"}, {"ipados", "iOS/iPadOS"}, {"android", "Android"}, {"macos", "macOS"}, {"mac os", "macOS"},
	{"os x", "macOS"}, {"linux", "Linux"}, {"ubuntu", "Linux"}, {"red hat", "Linux"}, {"rhel", "Linux"},
	{"chrome os", "ChromeOS"}, {"chromeos", "ChromeOS"},
}

// rowOutOfScope says why a row is no business of a MAK plan — a device on
// another platform (a blank product and a Device OS such as iOS), or
// another publisher's software on a software inventory row (MECM's
// Add/Remove Programs lists every program) — or "" when it is (docs/plan-columns.md,
// "Rows out of scope"). A product written on the row is always judged.
func rowOutOfScope(t *sheet.Table, seen map[[3]string]string) string {
	// A million rows name a few products, platforms and publishers: each
	// combination is decided once.
	k := [3]string{t.Cell(ColLicensedProduct), t.Cell(ColDeviceOS), t.Cell(ColPublisher)}
	if why, ok := seen[k]; ok {
		return why
	}
	why := outOfScope(k[0], k[1], k[2])
	if len(seen) < 10_000 {
		seen[k] = why
	}
	return why
}

func outOfScope(product, os, publisher string) string {
	product = strings.TrimSpace(product)
	if product == "" {
		os = strings.ToLower(strings.TrimSpace(os))
		for _, p := range otherPlatforms {
			if strings.HasPrefix(os, p.prefix) {
				return p.name + " devices"
			}
		}
		return ""
	}
	if pub := strings.ToLower(strings.TrimSpace(publisher)); pub != "" && !strings.Contains(pub, "microsoft") {
		return "other publishers' software"
	}
	name := strings.ToLower(product)
	for _, c := range freeComponents {
		if strings.Contains(name, c) {
			return "Microsoft components that take no MAK"
		}
	}
	return ""
}

// freeComponents are words of the Microsoft software a software inventory
// lists beside the licensed products and that no MAK activates (runtimes,
// the browser, the Click-to-Run helpers): no product of the catalogue
// holds one.
var freeComponents = []string{"visual c++", "redistributable", "runtime", ".net", "microsoft edge", "webview2", "teams", "onedrive",
	"licensing component", "localization component", "extensibility component", "update health tools", "sdk", "pc health check"}

// outOfScopeText is the note on the rows left out: how many, and why.
func outOfScopeText(n map[string]int) string {
	whys := make([]string, 0, len(n))
	total := 0
	for why := range n {
		whys = append(whys, why)
		total += n[why]
	}
	sort.Strings(whys)
	parts := make([]string, len(whys))
	for i, why := range whys {
		parts[i] = fmt.Sprintf("%s: %s", why, wording.Count(n[why]))
	}
	return fmt.Sprintf("left out %s that a MAK plan does not cover (%s): makplan plans the reimaging of Windows devices and their Microsoft products",
		wording.Plural(total, "row", "rows"), strings.Join(parts, ", "))
}
