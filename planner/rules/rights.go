package rules

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner"
)

// Kind is what a row of the rights table lets a license run instead.
type Kind uint8

// The kinds of rights (docs/rules.md, "The rights table").
const (
	DownVersion Kind = iota // an earlier version (downgrade right)
	DownEdition             // a lower edition, at the same or an earlier version
	Upgrade                 // a later version of the same edition (the Windows 11 free upgrade)
)

func (k Kind) String() string {
	switch k {
	case DownEdition:
		return "down-edition"
	case Upgrade:
		return "upgrade"
	}
	return "downgrade"
}

// Right is a row of the rights table: a device licensed for one of License
// through Channel may run one of MayRun instead — or, with Earlier, any
// earlier version of the same edition — until Until (zero: no end).
type Right struct {
	Kind        Kind
	License     []*planner.Product
	LicenseName string          // as the table writes it
	Channel     planner.Channel // "" = any channel
	MayRun      []*planner.Product
	MayRunName  string
	Earlier     bool         // DownVersion: any earlier version of the same edition
	Until       planner.Date // the right ends after this day; zero when it does not end
	Source      string       // where the right comes from
	Confidence  string       // how sure that source is
	Builtin     bool
}

// String describes the row: "Windows 10 Pro (OEM) may run Windows 7
// Professional until 2020-01-14".
func (r Right) String() string {
	ch := string(r.Channel)
	if ch == "" {
		ch = "any channel"
	}
	s := fmt.Sprintf("%s (%s) may run %s", r.LicenseName, ch, r.MayRunText())
	if !r.Until.IsZero() {
		s += " until " + r.Until.String()
	}
	return s
}

// MayRunText says what the row allows.
func (r Right) MayRunText() string {
	switch {
	case r.Kind == DownVersion && r.Earlier:
		return "any earlier version of the same edition"
	case r.Kind == Upgrade:
		return "the same edition of " + r.MayRunName
	case r.Kind == DownEdition:
		return r.MayRunName + " (the same or an earlier version)"
	}
	return r.MayRunName
}

// Table is the rights table; the one a run used is printed in the workbook.
type Table []Right

// Sources of the built-in rows, with their confidence (docs/rules.md).
const (
	srcOEMEULA     = "the brief (Downgrade Rights; OEM-Specific Information) and the Windows 10 OEM license terms: the earlier version only as long as Microsoft supports it"
	srcWin11EULA   = "the Windows 11 OEM license terms, same clause (support ended 2025-10-14; paid extended updates do not change it)"
	srcOEMPages    = "Microsoft's OEM downgrade pages: the Windows 8 and 8.1 terms set no end"
	srcServerOEM   = "the Windows Server OEM license terms: down-version rights to the two previous versions, and Datacenter to Standard"
	srcFullRights  = "the brief: Windows Pro and Enterprise Upgrade licenses bought through Commercial Licensing have full downgrade rights"
	srcProductTerm = "the Product Terms' universal license terms: a Volume license may run a prior version"
	srcDownEdition = "the Product Terms' down-edition rights"
	srcFreeUpgrade = "Microsoft's Windows 11 upgrade offer: the same edition, on hardware that meets Windows 11's requirements"
)

// Builtin returns the built-in rows; freeUpgrade says whether the Windows 11
// upgrade rows are among them (rules.free_upgrade).
func Builtin(freeUpgrade bool) Table {
	row := func(k Kind, lic, ch, mayRun string, until planner.Date, src, conf string) Right {
		r := Right{Kind: k, LicenseName: label(lic), MayRunName: label(mayRun), Source: src, Confidence: conf, Builtin: true}
		r.Channel = planner.Channel(ch)
		r.License = mustProducts(lic)
		switch {
		case mayRun == "earlier":
			r.Earlier, r.MayRunName = true, ""
		case k == Upgrade:
			r.MayRun = mustProducts(mayRun + " Pro; " + mayRun + " Pro N; " + mayRun + " Pro Education; " + mayRun + " Pro Education N; " +
				mayRun + " Pro for Workstations; " + mayRun + " Pro N for Workstations; " + mayRun + " Education; " + mayRun + " Education N")
		default:
			r.MayRun = mustProducts(mayRun)
		}
		r.Until = until
		return r
	}
	const oem, vol = "OEM", "Volume"
	none := planner.Date{}
	t := Table{
		row(DownVersion, "Windows 10 Pro; Windows 10 Pro N", oem, "Windows 8.1 Pro; Windows 8.1 Pro N", planner.NewDate(2023, 1, 10), srcOEMEULA, "high"),
		row(DownVersion, "Windows 10 Pro; Windows 10 Pro N", oem, "Windows 7 Professional; Windows 7 Professional N", planner.NewDate(2020, 1, 14), srcOEMEULA, "high"),
		row(DownVersion, "Windows 11 Pro; Windows 11 Pro N", oem, "Windows 10 Pro; Windows 10 Pro N", planner.NewDate(2025, 10, 14), srcWin11EULA, "medium"),
		row(DownVersion, "Windows 8/8.1 Pro; Windows 8/8.1 Pro N", oem, "Windows 7 Professional; Windows 7 Professional N; Windows Vista Business; Windows Vista Business N", none, srcOEMPages, "medium-high"),
		row(DownVersion, "Windows Pro; Windows Pro N", vol, "earlier", none, srcFullRights, "high"),
		row(DownVersion, "Windows Enterprise; Windows Enterprise N; Windows Enterprise LTSC", vol, "earlier", none, srcFullRights, "high"),
		row(DownVersion, "Windows Server; Office; Visio; Project", vol, "earlier", none, srcProductTerm, "medium"),
		row(DownEdition, "Windows Server Datacenter", vol, "Windows Server Standard", none, srcDownEdition, "medium"),
		// OEM Windows Server: the two previous versions, and Datacenter
		// runs Standard (docs/rules.md rev 4, item 5).
		row(DownVersion, "Windows Server 2025 Standard", oem, "Windows Server 2022 Standard; Windows Server 2019 Standard", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2025 Datacenter", oem, "Windows Server 2022 Datacenter; Windows Server 2019 Datacenter", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2022 Standard", oem, "Windows Server 2019 Standard; Windows Server 2016 Standard", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2022 Datacenter", oem, "Windows Server 2019 Datacenter; Windows Server 2016 Datacenter", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2019 Standard", oem, "Windows Server 2016 Standard; Windows Server 2012 R2 Standard", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2019 Datacenter", oem, "Windows Server 2016 Datacenter; Windows Server 2012 R2 Datacenter", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2016 Standard", oem, "Windows Server 2012 R2 Standard; Windows Server 2012 Standard", none, srcServerOEM, "medium"),
		row(DownVersion, "Windows Server 2016 Datacenter", oem, "Windows Server 2012 R2 Datacenter; Windows Server 2012 Datacenter", none, srcServerOEM, "medium"),
		row(DownEdition, "Windows Server Datacenter", oem, "Windows Server Standard", none, srcServerOEM, "medium"),
		row(DownEdition, "Office Professional Plus", vol, "Office Standard", none, srcDownEdition, "medium"),
		row(DownEdition, "Visio Professional", vol, "Visio Standard", none, srcDownEdition, "medium"),
		row(DownEdition, "Project Professional", vol, "Project Standard", none, srcDownEdition, "medium"),
		row(DownEdition, "Windows Enterprise; Windows Enterprise N", vol, "Windows Pro; Windows Pro N", none, srcDownEdition, "medium"),
	}
	if freeUpgrade {
		t = append(t, row(Upgrade, "Windows 10 Pro; Windows 10 Pro N; Windows 10 Pro Education; Windows 10 Pro Education N; "+
			"Windows 10 Pro for Workstations; Windows 10 Pro N for Workstations; Windows 10 Education; Windows 10 Education N", "",
			"Windows 11", none, srcFreeUpgrade, "medium"))
		t[len(t)-1].LicenseName = "Windows 10 Pro, Pro Education, Pro for Workstations and Education (and their N editions)"
	}
	return t
}

// label names a row's ";"-separated products for people: "Windows 10 Pro
// (and N)" for a product and its N edition.
func label(names string) string {
	parts := strings.Split(names, ";")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	var out []string
	for i := 0; i < len(parts); i++ {
		if i+1 < len(parts) && parts[i+1] == parts[i]+" N" {
			out = append(out, parts[i]+" (and N)")
			i++
			continue
		}
		out = append(out, parts[i])
	}
	return strings.Join(out, ", ")
}

// mustProducts resolves the ";"-separated names of a built-in row, every
// version of a family when the name gives none ("Office" is every Office
// suite, for "any Volume license").
func mustProducts(names string) []*planner.Product {
	var out []*planner.Product
	for _, n := range strings.Split(names, ";") {
		n = strings.TrimSpace(n)
		var ps []*planner.Product
		switch n {
		case "Windows Server", "Office", "Visio", "Project":
			for _, p := range planner.Catalogue() {
				if !p.Subscription && (p.Line == n || n == "Office" && p.Line == "Office") && (p.Family != planner.FamilyWindows) {
					ps = append(ps, p)
				}
			}
		default:
			var err error
			ps, err = planner.LookupProducts(n)
			if err != nil {
				panic(fmt.Sprintf("rights table: %v", err))
			}
		}
		for _, p := range ps {
			out = append(out, p.VolumeForm())
			if p.VolumeForm() != p {
				out = append(out, p)
			}
		}
	}
	return out
}

// With returns the table with rows removed (matched by kind, license,
// channel and what they allow) and rows added, in that order. A removed row
// that is in the table and also added again is how configuration re-dates one.
func (t Table) With(add, remove []Right) Table {
	out := Table{}
	for _, row := range t {
		drop := false
		for _, r := range remove {
			if row.Kind == r.Kind && overlaps(row.License, r.License) && (r.Channel == "" || row.Channel == r.Channel) &&
				row.Earlier == r.Earlier && (row.Earlier || overlaps(row.MayRun, r.MayRun)) {
				drop = true
			}
		}
		if !drop {
			out = append(out, row)
		}
	}
	return append(out, add...)
}

func overlaps(a, b []*planner.Product) bool {
	for _, p := range a {
		if in(b, p) {
			return true
		}
	}
	return false
}

func in(list []*planner.Product, p *planner.Product) bool {
	for _, q := range list {
		if q == p {
			return true
		}
	}
	return false
}

// Find returns the index of the first row of kind k that lets a device
// licensed for lic through ch run target, or -1.
func (t Table) Find(k Kind, lic *planner.Product, ch planner.Channel, target *planner.Product) int {
	if lic == nil || target == nil {
		return -1
	}
	for i, r := range t {
		if r.Kind != k || r.Channel != "" && r.Channel != ch || !in(r.License, lic) || lic.N != target.N {
			continue
		}
		switch k {
		case DownVersion:
			if r.Earlier && planner.SameEdition(lic, target) && planner.Newer(lic, target) || !r.Earlier && in(r.MayRun, target) {
				return i
			}
		case DownEdition:
			if in(r.MayRun, target) && !planner.Newer(target, lic) {
				return i
			}
		case Upgrade:
			if in(r.MayRun, target) && planner.SameEdition(lic, target) && planner.Newer(target, lic) {
				return i
			}
		}
	}
	return -1
}

// Check returns what is wrong with a configured row: a "downgrade" whose
// target is not earlier or lower than its license.
func (r Right) Check() error {
	if r.Earlier {
		return nil
	}
	for _, l := range r.License {
		for _, m := range r.MayRun {
			switch {
			case planner.SameEdition(l, m) && !planner.Newer(l, m):
				return fmt.Errorf("%s is not an earlier version than %s: only earlier versions or lower editions can be added", m.Name, l.Name)
			case !planner.SameEdition(l, m) && planner.Newer(m, l):
				return fmt.Errorf("%s is a later version than %s: only earlier versions or lower editions can be added", m.Name, l.Name)
			case l.Family != m.Family || l.Line != m.Line:
				return fmt.Errorf("%s and %s are different products: a downgrade right runs an earlier version or a lower edition of the same product", l.Name, m.Name)
			}
		}
	}
	return nil
}
