// Package plan reads reimaging plan spreadsheets (XLSX or CSV, often pasted
// from MECM, slmgr or Intune exports) into planner.Device values, one row at a
// time, with forgiving values and every problem located by file, sheet, row
// and column.
package plan

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/sheet"
)

// Column IDs of Schema, in the order of design.md's canonical headers.
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
	ColOSVersion // not canonical: a version hint for the licensed product (MECM Version0, Intune OS version)
	numColumns
)

// Schema is the plan's columns with their built-in aliases, MECM's SQL view
// names, slmgr/WMI property names and Intune's export headers among them.
var Schema = sheet.Schema{
	ColDevice:             {Name: "Device", Required: true, Aliases: []string{"Computer Name", "ComputerName", "Netbios_Name0", "Name0", "Device name", "DeviceName", "Hostname", "Host Name", "Machine Name", "Computer", "PSComputerName"}},
	ColSerial:             {Name: "Serial", Aliases: []string{"Serial number", "SerialNumber", "SerialNumber0", "Serial No", "Service Tag", "BIOS Serial Number"}},
	ColManufacturer:       {Name: "Manufacturer", Aliases: []string{"Manufacturer0", "Make", "Vendor", "Device Manufacturer"}},
	ColLicensedProduct:    {Name: "Licensed Product", Required: true, Aliases: []string{"Caption0", "Caption", "Operating System", "OS Name", "Current OS", "Licensed OS", "Installed OS", "Product", "SkuFamily", "OS"}},
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
	ColEnterpriseUpgrade:  {Name: "Enterprise Upgrade", Aliases: []string{"Windows Enterprise Upgrade", "Enterprise Upgrade License", "Ent Upgrade"}},
	ColSAPerDevice:        {Name: "SA Per Device", Aliases: []string{"Device SA", "SA", "Software Assurance", "SA (Device)"}},
	ColUserSAUntil:        {Name: "User SA Until", Aliases: []string{"User SA", "User SA End", "User SA Expiry", "SA per User Until", "Per User SA Until", "Primary User SA Until"}},
	ColAgreement:          {Name: "Agreement", Aliases: []string{"Agreement Number", "Enrollment", "Enrollment Number", "License ID", "Parent Program", "Authorization Number"}},
	ColActivation:         {Name: "Activation", Aliases: []string{"Activation Method", "Activation Type"}},
	ColWave:               {Name: "Wave", Aliases: []string{"Rollout Wave", "Batch", "Phase", "Ring"}},
	ColWaveDate:           {Name: "Wave Date", Aliases: []string{"Wave Start", "Rollout Date", "Scheduled Date", "Planned Date", "Date"}},
	ColKey:                {Name: "Key", Aliases: []string{"PartialProductKey0", "PartialProductKey", "Partial Product Key", "Product Key", "MAK"}},
	ColLocalReactivation:  {Name: "Local Reactivation", Aliases: []string{"Reactivate Locally", "Proxy Reactivation", "CID Reactivation"}},
	ColOSVersion:          {Name: "OS Version", Aliases: []string{"Version0", "OSVersion", "OS Build", "Build"}},
}

// Options are the settings the plan reader needs.
type Options struct {
	Defaults map[string]string   // canonical column → value for blank cells (config defaults:)
	Aliases  map[string][]string // extra header aliases
	Sheet    string
	// MaxProblems bounds the errors listed per file; the rest are counted.
	MaxProblems int
}

// BuiltinDefaults fill blank cells that neither the sheet nor the config's
// defaults fill: the tool is about Commercial Licensing media activated by MAK.
var BuiltinDefaults = map[string]string{"Media": "Volume", "Activation": "MAK"}

// Read streams the plan rows of one file to emit, in file order. Problems and
// warnings go to ps; a row with an error is not emitted. emit may keep the
// device.
func Read(name string, r io.Reader, opt Options, ps *planner.Problems, emit func(*planner.Device)) {
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
	t, err := sheet.Open(name, r, schema, opt.Sheet, opt.Aliases)
	if err != nil {
		if p, ok := err.(planner.Problem); ok {
			ps.Add(p)
		} else {
			ps.Add(planner.Problem{File: name, Message: err.Error()})
		}
		return
	}
	defer t.Close()
	rd := &rowReader{t: t, defaults: defaults, ps: ps, max: opt.MaxProblems, products: map[string]planner.Product{}, unknown: map[string]int{}}
	if rd.max <= 0 {
		rd.max = 1000
	}
	names := map[string]int{}
	for t.Next() {
		d, ok := rd.device()
		if !ok {
			continue
		}
		key := strings.ToLower(d.Name)
		if first, dup := names[key]; dup {
			rd.warn(d.Source.At(t.HeaderOf(ColDevice), "device %q is also on row %d; both rows are planned", d.Name, first))
		} else {
			names[key] = d.Source.Row
		}
		emit(d)
	}
	if err := t.Err(); err != nil {
		if p, ok := err.(planner.Problem); ok {
			ps.Add(p)
		} else {
			ps.Add(planner.Problem{File: name, Sheet: t.Sheet, Message: err.Error()})
		}
	}
	if rd.dropped > 0 {
		ps.Add(planner.Problem{File: name, Sheet: t.Sheet, Message: fmt.Sprintf("%d more problems in this file are not listed", rd.dropped)})
	}
	unknown := make([]string, 0, len(rd.unknown))
	for p := range rd.unknown {
		unknown = append(unknown, p)
	}
	sort.Strings(unknown)
	for _, p := range unknown {
		ps.Warn(planner.Problem{File: name, Sheet: t.Sheet, Row: rd.unknown[p], Message: fmt.Sprintf(
			"product %q is not one makplan recognises (first on this row); it is compared by its exact name", p)})
	}
}

type rowReader struct {
	t        *sheet.Table
	defaults map[int]string
	ps       *planner.Problems
	max      int
	errs     int
	dropped  int
	products map[string]planner.Product // memo: the same product text repeats on most rows
	unknown  map[string]int             // unrecognised product text → first row
	src      planner.Source
	bad      bool
}

func (rd *rowReader) cell(id int) string {
	if v := rd.t.Cell(id); v != "" {
		return v
	}
	return rd.defaults[id]
}

func (rd *rowReader) fail(id int, format string, args ...any) {
	rd.bad = true
	if rd.errs >= rd.max {
		rd.dropped++
		return
	}
	rd.errs++
	col := rd.t.HeaderOf(id)
	if col == "" {
		col = Schema[id].Name
	}
	rd.ps.Add(rd.src.At(col, format, args...))
}

func (rd *rowReader) warn(p planner.Problem) { rd.ps.Warn(p) }

func (rd *rowReader) product(id int, hint string) planner.Product {
	s := rd.cell(id)
	memo := s + "\x00" + hint
	p, ok := rd.products[memo]
	if !ok {
		p = planner.ParseProductHint(s, hint)
		rd.products[memo] = p
	}
	if !p.Known() && s != "" {
		if _, seen := rd.unknown[s]; !seen {
			rd.unknown[s] = rd.src.Row
		}
	}
	return p
}

func (rd *rowReader) boolean(id int) bool {
	b, err := planner.ParseBool(rd.cell(id))
	if err != nil {
		rd.fail(id, "%v", err)
	}
	return b
}

func (rd *rowReader) date(id int) planner.Date {
	d, err := planner.ParseDate(rd.cell(id), rd.t.Date1904)
	if err != nil {
		rd.fail(id, "%v", err)
	}
	return d
}

func (rd *rowReader) language(id int) string {
	l, err := planner.ParseLanguage(rd.cell(id))
	if err != nil {
		rd.fail(id, "%v", err)
	}
	return l
}

func (rd *rowReader) arch(id int) planner.Arch {
	a, err := planner.ParseArch(rd.cell(id))
	if err != nil {
		rd.fail(id, "%v", err)
	}
	return a
}

func (rd *rowReader) required(id int, what string) string {
	v := rd.cell(id)
	if v == "" {
		rd.fail(id, "expected %s; the cell is blank (a value in the config's defaults: fills blank cells)", what)
	}
	return v
}

// device turns the current row into a Device; ok is false when the row had an error.
func (rd *rowReader) device() (*planner.Device, bool) {
	row := rd.t.Row()
	rd.src = planner.Source{File: rd.t.File, Sheet: rd.t.Sheet, Row: row.Num}
	rd.bad = false
	d := &planner.Device{Source: rd.src}
	d.Name = rd.required(ColDevice, "the device name")
	d.Serial = rd.cell(ColSerial)
	d.Manufacturer = planner.NormalizeManufacturer(rd.cell(ColManufacturer))

	hint := rd.cell(ColOSVersion)
	rd.required(ColLicensedProduct, "the product the device is licensed for (e.g. Windows 10 Pro)")
	d.Licensed.Product = rd.product(ColLicensedProduct, hint)
	rd.required(ColTargetProduct, "the product the device will be reimaged with (e.g. Windows 11 Enterprise)")
	d.Target.Product = rd.product(ColTargetProduct, "")
	if c := rd.required(ColLicenseChannel, "the license channel (OEM, Retail, Volume or None)"); c != "" {
		ch, err := planner.ParseChannel(c)
		if err != nil {
			rd.fail(ColLicenseChannel, "%v", err)
		}
		d.Channel = ch
	}
	d.Licensed.Language = rd.language(ColLicensedLanguage)
	d.Target.Language = rd.language(ColTargetLanguage)
	d.Licensed.Arch = rd.arch(ColLicensedArch)
	d.Target.Arch = rd.arch(ColTargetArch)
	d.Licensed.Components = splitList(rd.cell(ColLicensedComponents))
	d.Target.Components = splitList(rd.cell(ColTargetComponents))

	media, modified, err := planner.ParseMedia(rd.cell(ColMedia))
	if err != nil {
		rd.fail(ColMedia, "%v", err)
	}
	d.Media, d.Modified = media, modified
	d.MediaOEM = planner.NormalizeManufacturer(rd.cell(ColMediaOEM))
	d.HasOEMFlag = rd.cell(ColOEMImaged) != ""
	d.OEMImaged = rd.boolean(ColOEMImaged)
	d.EnterpriseUpgrade = rd.boolean(ColEnterpriseUpgrade)
	d.SAPerDevice = rd.boolean(ColSAPerDevice)
	d.UserSAUntil = rd.userSA()
	d.Agreement = rd.cell(ColAgreement)
	act, err := planner.ParseActivation(rd.cell(ColActivation))
	if err != nil {
		rd.fail(ColActivation, "%v", err)
	}
	d.Activation = act
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
	return d, !rd.bad
}

// userSA reads "User SA Until": a date, or yes (SA per User with no end date
// given), or no/blank.
func (rd *rowReader) userSA() planner.Date {
	s := rd.cell(ColUserSAUntil)
	if s == "" {
		return planner.Date{}
	}
	if b, err := planner.ParseBool(s); err == nil {
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
