package plan

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/makplan/makplan/planner"
	"github.com/makplan/makplan/planner/problem"
	"github.com/makplan/makplan/planner/redact"
	"github.com/makplan/makplan/planner/wording"
)

// Line is the product line of a row: a device has at most one row per line
// (docs/plan-columns.md, "One row per product on a device").
func Line(a *planner.Attrs) string {
	p := a.Target.Prod
	if p == nil {
		p = a.Licensed.Prod
	}
	switch {
	case p == nil:
		return "product " + a.Target.Text
	case p.Family == planner.FamilyWindows:
		return "Windows desktop"
	case p.Family == planner.FamilyServer:
		return "Windows Server"
	case p.Line == "Office":
		return "Office suite"
	}
	return p.Line
}

// Dedupe gathers the rows of each device, by name in any case (Unicode
// case folding: MÜNCHEN-1 is münchen-1), across every plan file, and
// settles them (docs/plan-columns.md):
//
//   - a device has one row per product line (Windows desktop, Windows
//     Server, Office suite, Visio, Project), each judged and counted on its own;
//   - the machine columns (Serial, Manufacturer, Qualifying OS, Windows 11
//     Capable) filled on one row hold for all, and must agree where filled twice;
//   - a blank Wave takes the device's (its first row that has one), a blank
//     Wave Date the date its wave has on another row of the device;
//   - two rows of one line are a duplicate: the same values are counted once
//     (a warning); rows that differ only in the language of one Office,
//     Visio or Project suite are Click-to-Run's entries per installed
//     language, one product (a warning says so); anything else is a problem
//     naming both rows.
//
// Rows after a device's first are marked Another. It keeps a hash per row
// and compares names only within a hash.
func Dedupe(devices []*planner.Device, ps *problem.Problems) []*planner.Device {
	type entry struct {
		hash uint64
		i    int
	}
	entries := make([]entry, len(devices))
	for i, d := range devices {
		entries[i] = entry{foldHash(d.Name), i}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	s := settle{devices: devices, drop: make([]bool, len(devices))}
	for a := 0; a < len(entries); {
		b := a + 1
		for b < len(entries) && entries[b].hash == entries[a].hash {
			b++
		}
		if b-a > 1 {
			// Within a hash group (one name, unless two names collide): the
			// rows of each name, in plan order.
			var groups [][]int
			for x := a; x < b; x++ {
				i := entries[x].i
				k := slices.IndexFunc(groups, func(g []int) bool { return strings.EqualFold(devices[g[0]].Name, devices[i].Name) })
				if k < 0 {
					groups = append(groups, []int{i})
					continue
				}
				groups[k] = append(groups[k], i)
			}
			for _, g := range groups {
				if len(g) > 1 {
					s.device(g)
				}
			}
		}
		a = b
	}
	slices.SortStableFunc(s.found, func(a, b finding) int { return cmp.Compare(a.at, b.at) })
	for _, f := range s.found {
		if f.err {
			ps.Add(f.msg)
		} else {
			ps.Warn(f.msg)
		}
	}
	n := 0
	for _, x := range s.drop {
		if x {
			n++
		}
	}
	if n == 0 {
		return devices
	}
	out := make([]*planner.Device, 0, len(devices)-n)
	for i, d := range devices {
		if !s.drop[i] {
			out = append(out, d)
		}
	}
	return out
}

// foldHash is FNV-1a over the name folded to lower case: ASCII directly,
// other letters through Unicode's upper-then-lower mapping, which agrees
// with strings.EqualFold.
func foldHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * 1099511628211
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		r = unicode.ToLower(unicode.ToUpper(r))
		var buf [utf8.UTFMax]byte
		for _, b := range buf[:utf8.EncodeRune(buf[:], r)] {
			h = (h ^ uint64(b)) * 1099511628211
		}
		i += size
	}
	return h
}

// finding is a problem or a warning about a device's rows, reported in the
// order of the row it is on.
type finding struct {
	at  int // device index of the row it is on
	msg problem.Problem
	err bool
}

type settle struct {
	devices []*planner.Device
	drop    []bool
	found   []finding
}

// where names row r as seen from a row of file.
func where(d *planner.Device, file string) string {
	w := fmt.Sprintf("row %d", d.Source().Row)
	if d.Source().File != file {
		w += " of " + d.Source().File
	}
	return w
}

func (s *settle) problem(i int, format string, args ...any) {
	s.found = append(s.found, finding{i, s.devices[i].Source().At("", format, args...), true})
}

func (s *settle) warn(i int, format string, args ...any) {
	s.found = append(s.found, finding{i, s.devices[i].Source().At("", format, args...), false})
}

// device settles the rows g (device indexes in plan order) of one device.
func (s *settle) device(g []int) {
	ds := s.devices
	for _, i := range g[1:] {
		ds[i].Another = true
	}
	s.machine(g)
	s.waves(g)
	// One row per product line.
	byLine := map[string][]int{}
	var lines []string
	for _, i := range g {
		l := Line(ds[i].Attrs)
		if byLine[l] == nil {
			lines = append(lines, l)
		}
		byLine[l] = append(byLine[l], i)
	}
	for _, l := range lines {
		if rows := byLine[l]; len(rows) > 1 {
			s.line(l, rows)
		}
	}
}

// listedRows is how many rows one message about a device names, or one
// problem each: the rest are counted in one more (docs/robustness.md).
const listedRows = 5

// machineColumn is a column that describes the machine, not a licence.
type machineColumn struct {
	name  string
	blank func(*planner.Device) bool
	same  func(a, b *planner.Device) bool
	text  func(*planner.Device) string
	copy  func(to, from *planner.Device)
}

var machineColumns = []machineColumn{
	{"Serial", func(d *planner.Device) bool { return d.Serial == "" },
		func(a, b *planner.Device) bool { return strings.EqualFold(a.Serial, b.Serial) },
		func(d *planner.Device) string { return d.Serial },
		func(to, from *planner.Device) { to.Serial = from.Serial }},
	{"Manufacturer", func(d *planner.Device) bool { return d.Manufacturer == "" },
		func(a, b *planner.Device) bool { return planner.SameManufacturer(a.Manufacturer, b.Manufacturer) },
		func(d *planner.Device) string { return d.Manufacturer },
		func(to, from *planner.Device) {
			to.WithAttrs(func(a *planner.Attrs) { a.Manufacturer = from.Manufacturer })
		}},
	{"Qualifying OS", func(d *planner.Device) bool { return d.QualifyingText == "" },
		func(a, b *planner.Device) bool {
			if a.Qualifying != nil && b.Qualifying != nil && !a.QualifyingFirmware && !b.QualifyingFirmware {
				return a.Qualifying == b.Qualifying
			}
			return strings.EqualFold(strings.Join(strings.Fields(a.QualifyingText), " "), strings.Join(strings.Fields(b.QualifyingText), " "))
		},
		func(d *planner.Device) string { return d.QualifyingText },
		func(to, from *planner.Device) {
			to.WithAttrs(func(a *planner.Attrs) {
				a.Qualifying, a.QualifyingText, a.QualifyingFirmware = from.Qualifying, from.QualifyingText, from.QualifyingFirmware
				if from.QualifyingFirmware && a.Licensed.Prod != nil {
					// The firmware names an edition: take it at this row's version.
					if p, _, err := planner.LookupQualifyingOS(from.QualifyingText, a.Licensed.Prod.Version); err == nil {
						a.Qualifying = p
					}
				}
			})
		}},
	{"ESU", func(d *planner.Device) bool { return d.ESU == planner.ESU{} },
		func(a, b *planner.Device) bool { return a.ESU == b.ESU },
		func(d *planner.Device) string { return d.ESU.String() },
		func(to, from *planner.Device) {
			to.WithAttrs(func(a *planner.Attrs) { a.ESU = from.ESU })
		}},
	{"Windows 11 Capable", func(d *planner.Device) bool { return d.Win11Capable == planner.CapableUnknown },
		func(a, b *planner.Device) bool { return a.Win11Capable == b.Win11Capable },
		func(d *planner.Device) string {
			return map[planner.Capable]string{planner.CapableYes: "Yes", planner.CapableNo: "No"}[d.Win11Capable]
		},
		func(to, from *planner.Device) {
			to.WithAttrs(func(a *planner.Attrs) { a.Win11Capable = from.Win11Capable })
		}},
}

// machine fills the machine columns a row leaves blank from the device's
// row that has them, and reports rows that disagree.
func (s *settle) machine(g []int) {
	ds := s.devices
	for _, c := range machineColumns {
		from := -1
		var differ []int
		for _, i := range g {
			if c.blank(ds[i]) {
				continue
			}
			if from < 0 {
				from = i
				continue
			}
			if !c.same(ds[from], ds[i]) {
				differ = append(differ, i)
			}
		}
		for k, i := range differ {
			if k == listedRows {
				s.problem(i, "device %s: %s differs on %s more rows from %s; the rows of one device describe one machine",
					redact.Quote(ds[i].Name), c.name, wording.Count(len(differ)-listedRows), where(ds[from], ds[i].Source().File))
				break
			}
			s.problem(i, "device %s: %s is %s here but %s on %s; the rows of one device describe one machine: fill it on one row, or the same on each",
				redact.Quote(ds[i].Name), c.name, redact.Quote(c.text(ds[i])), redact.Quote(c.text(ds[from])), where(ds[from], ds[i].Source().File))
		}
		if from < 0 {
			continue
		}
		for _, i := range g {
			if c.blank(ds[i]) {
				c.copy(ds[i], ds[from])
			}
		}
	}
}

// waves gives a row without a wave the device's (its first row's that has
// one), and a row without a wave date the date its wave has on another row.
func (s *settle) waves(g []int) {
	ds := s.devices
	first := -1
	for _, i := range g {
		if ds[i].Wave != "" {
			first = i
			break
		}
	}
	if first < 0 {
		return
	}
	dated := map[string]planner.Date{} // each wave's first date among the rows
	for _, i := range g {
		if w := ds[i]; w.Wave != "" && !w.WaveDate.IsZero() {
			if _, ok := dated[w.Wave]; !ok {
				dated[w.Wave] = w.WaveDate
			}
		}
	}
	for _, i := range g {
		d := ds[i]
		switch {
		case d.Wave == "":
			w := ds[first]
			d.WithAttrs(func(a *planner.Attrs) { a.Wave, a.WaveDate = w.Wave, w.WaveDate })
		case d.WaveDate.IsZero():
			if date, ok := dated[d.Wave]; ok {
				d.WithAttrs(func(a *planner.Attrs) { a.WaveDate = date })
			}
		}
	}
}

// line settles the rows of one product line of a device: a duplicate
// counted once, Click-to-Run's language entries merged, or a problem.
func (s *settle) line(l string, rows []int) {
	ds := s.devices
	first := ds[rows[0]]
	var same, langs, other []int
	for _, i := range rows[1:] {
		diff := licenceDifferences(first, ds[i])
		switch {
		case diff == nil:
			same = append(same, i)
		case languageEntries(first, ds[i]):
			langs = append(langs, i)
		default:
			other = append(other, i)
		}
		if len(diff) == 0 || languageEntries(first, ds[i]) {
			s.drop[i] = true
		}
	}
	const listed = listedRows
	list := func(rows []int) string {
		var names []string
		for _, i := range rows[:min(len(rows), listed)] {
			names = append(names, where(ds[i], first.Source().File))
		}
		more := ""
		if len(rows) > listed {
			more = fmt.Sprintf(" and %s more", wording.Count(len(rows)-listed))
		}
		return strings.Join(names, ", ") + more
	}
	if len(same) == 1 {
		d := ds[same[0]]
		s.warn(same[0], "device %s is also on %s with the same values: counted once", redact.Quote(d.Name), where(first, d.Source().File))
	} else if len(same) > 1 {
		s.warn(rows[0], "device %s is on %s more rows with the same values (%s): counted once", redact.Quote(first.Name), wording.Count(len(same)), list(same))
	}
	if len(langs) > 0 {
		// The entry's language: the image's, else the licence's (a
		// Click-to-Run name's suffix gives it).
		langOf := func(d *planner.Device) string {
			if d.Target.Language != "" {
				return d.Target.Language
			}
			return d.Licensed.Language
		}
		seen := []string{langOf(first)}
		have := map[string]bool{langOf(first): true}
		for _, i := range langs {
			if l := langOf(ds[i]); !have[l] && len(seen) < 20 {
				have[l] = true
				seen = append(seen, l)
			}
		}
		in := strings.Join(nonBlank(seen), ", ")
		if in == "" {
			in = "several languages"
		}
		s.warn(rows[0], "device %s lists %s in %s (also on %s): Click-to-Run lists one entry per installed language of one suite; counted as one product, one activation",
			redact.Quote(first.Name), first.Target.Name(), in, list(langs))
	}
	for k, i := range other {
		d := ds[i]
		if k == listed {
			s.problem(i, "device %s is on %s more %s rows with other values than %s: a device has one row per product line",
				redact.Quote(d.Name), wording.Count(len(other)-listed), l, where(first, d.Source().File))
			break
		}
		s.problem(i, "device %s has %s row already, %s, with other values (%s): a device has one row per product line (Windows desktop, Windows Server, Office suite, Visio, Project); remove one, or give them different names if they are two devices",
			redact.Quote(d.Name), article(l), where(first, d.Source().File), strings.Join(licenceDifferences(first, d), ", "))
	}
}

func nonBlank(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// languageEntries reports whether two rows of an Office, Visio or Project
// suite differ only in their languages: Click-to-Run's entries per
// installed language (docs/plan-columns.md).
func languageEntries(a, b *planner.Device) bool {
	p := a.Target.Prod
	if p == nil || p.Family != planner.FamilyOffice || a.Target.Prod != b.Target.Prod || a.Licensed.Prod != b.Licensed.Prod {
		return false
	}
	x, y := *a.Attrs, *b.Attrs
	x.Licensed.Language, y.Licensed.Language = "", ""
	x.Target.Language, y.Target.Language = "", ""
	x.Licensed.Text, y.Licensed.Text = "", ""
	x.Target.Text, y.Target.Text = "", ""
	return a.Serial == b.Serial && attrsEqual(&x, &y)
}

func attrsEqual(a, b *planner.Attrs) bool { return a == b || reflect.DeepEqual(*a, *b) }

// licenceDifferences are the differences of two rows of one device but the
// machine columns, which machine() reports.
func licenceDifferences(a, b *planner.Device) []string {
	var out []string
	for _, c := range differences(a, b) {
		switch c {
		case "Serial", "Manufacturer", "Qualifying OS", "Windows 11 Capable":
			continue
		}
		out = append(out, c)
	}
	return out
}

func article(s string) string {
	if strings.ContainsRune("AEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// SplitStaying takes the rows the plan keeps on Windows 10 (a Windows 10
// row with no target: planned for ESU only) out of the devices to
// reimage. A device's first row left among the devices is its first
// (Another false), so that it still counts once.
func SplitStaying(devices []*planner.Device) (reimaged, staying []*planner.Device) {
	any := false
	for _, d := range devices {
		if d.Stays {
			any = true
			break
		}
	}
	if !any {
		return devices, nil
	}
	seen := map[string]bool{}
	for _, d := range devices {
		if d.Stays {
			staying = append(staying, d)
			continue
		}
		name := strings.ToLower(d.Name)
		d.Another = seen[name]
		seen[name] = true
		reimaged = append(reimaged, d)
	}
	return reimaged, staying
}
