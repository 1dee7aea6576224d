package planner

import (
	"fmt"
	"strings"

	"github.com/makplan/makplan/planner/problem"
)

// Device is one row of a reimaging plan: one product on one device (a PC
// that gets Windows and Office is two rows). It holds the device's name and
// serial number, where the row is, and its attributes — the license held
// today, the image that will be put on it, and how that image will be
// activated.
//
// The attributes are shared: a plan of a million devices has a few thousand
// distinct rows once the name and serial number are set aside, and every
// device whose other cells are the same points at one Attrs (docs/plan-columns.md).
// Never change a field through a device; use WithAttrs.
type Device struct {
	Name   string
	Serial string
	*Attrs
	From *Origin // the file and sheet, shared by the rows of a table
	Row  int32   // the row's number, as Excel shows it
	// Another: the row is another product of a device listed on an earlier
	// row (Windows and Office on one PC): the device counts once
	// (docs/plan-columns.md).
	Another bool
}

// CountDevices counts the distinct devices of rows that plan.Dedupe
// settled: each device once, however many products it gets.
func CountDevices(rows []*Device) int {
	n := 0
	for _, d := range rows {
		if !d.Another {
			n++
		}
	}
	return n
}

// Origin is the file and sheet a device's row is on.
type Origin struct{ File, Sheet string }

// Source returns where d's row is.
func (d *Device) Source() problem.Source {
	if d.From == nil {
		return problem.Source{Row: int(d.Row)}
	}
	return problem.Source{File: d.From.File, Sheet: d.From.Sheet, Row: int(d.Row)}
}

// WithAttrs gives d a copy of its attributes changed by change.
func (d *Device) WithAttrs(change func(*Attrs)) {
	a := *d.Attrs
	change(&a)
	d.Attrs = &a
}

// Attrs are a device's attributes: every column of its row but the device
// name and serial number.
type Attrs struct {
	Manufacturer string // normalised (Dell, HP, Lenovo …)

	Licensed   Image   // the license the device holds today
	Channel    Channel // how that license was acquired
	Target     Image   // what will be put on the device
	Media      Media
	MediaOEM   string // the OEM whose media is used, when Media is OEM
	Modified   bool   // the OEM media was modified before use
	OEMImaged  bool   // the device was originally imaged with MediaOEM's media
	HasOEMFlag bool   // the plan said whether the device was originally OEM imaged

	// Qualifying is the device's underlying Windows license when the plan's
	// Qualifying OS column names it (docs/plan-columns.md); nil when blank.
	Qualifying *Product
	// QualifyingText is that cell as written: a product name or the
	// firmware's OEM key description ("[4.0] Professional OEM:DM").
	QualifyingText string
	// QualifyingFirmware: the cell was a firmware key description, which
	// names an edition but not a version.
	QualifyingFirmware bool

	EnterpriseUpgrade bool // a Windows Enterprise (or Education) Upgrade bought through Commercial Licensing
	SAPerDevice       SA   // Software Assurance on this row's licence
	// UpgradeCoversUntil is the last day whose versions the Enterprise
	// Upgrade covers (the end of the SA it was bought with, or its purchase):
	// the Upgrade Covers Until column; zero when blank.
	UpgradeCoversUntil Date
	UserSAUntil        Date // end of the primary user's SA per User; zero when none

	Agreement         string
	Activation        Activation
	Wave              string
	WaveDate          Date
	Key               KeyRef
	LocalReactivation bool
	Status            Status  // whether the plan says the device is already done
	Win11Capable      Capable // the Windows 11 Capable column
	// ESU is the ESU column: Windows 10 Extended Security Updates enrolment
	// and the years already activated (docs/plan-columns.md).
	ESU ESU
	// OSBuild is the OS Version column as written ("10.0.19045"): ESU needs
	// Windows 10 22H2 (build 19045).
	OSBuild string
	// Stays: a Windows 10 row with no target: the plan keeps the device on
	// Windows 10 (no reimage; ESU only).
	Stays bool
}

// SA is what the SA Per Device column says of a row's licence
// (docs/plan-columns.md): nothing, no, yes, or the day its coverage ended
// or ends.
type SA struct {
	State SAState
	Until Date // SADated: the last day of the coverage
}

// SAState is what an SA cell says.
type SAState uint8

// The states; the zero value is a blank cell.
const (
	SABlank SAState = iota // not said: under a program that includes SA, taken from the program (docs/rules.md)
	SANo
	SAYes   // active, no end date given
	SADated // active until Until (which may be past)
)

// Stated reports whether the cell says the licence has (or had) SA.
func (s SA) Stated() bool { return s.State == SAYes || s.State == SADated }

// Status is the plan's Status column: whether the reimage is still to come.
type Status uint8

// The statuses; the zero value is a blank cell.
const (
	StatusBlank   Status = iota // no status: done when its wave date is before the key snapshot (docs/rules.md, "Which devices consume a MAK activation")
	StatusPlanned               // Planned, Scheduled, Pending …: still to do, whatever the date
	StatusDone                  // Done, Reimaged, Completed, Yes
)

// Capable is a yes/no/unknown answer: whether a device meets Windows 11's
// hardware requirements.
type Capable uint8

// The answers; the zero value is "not said".
const (
	CapableUnknown Capable = iota
	CapableYes
	CapableNo
)

// Image is a product as installed: product, language, architecture and, for
// Office, the component set (nil means the suite's built-in set).
type Image struct {
	// Prod is the catalogue product, shared by every device that names it;
	// nil when the cell is blank or names no catalogue product (with
	// inputs.unrecognised_products: report).
	Prod *Product
	// Text is the product as the plan wrote it.
	Text       string
	Language   string
	Arch       Arch
	Components []string
	// Evaluation: the product is an Evaluation or Preview edition of Prod —
	// a trial, no licence at all (only a licensed image may be one).
	Evaluation bool
}

// Name returns the product's display name, or the text as written when it
// is not a catalogue product.
func (i Image) Name() string {
	if i.Prod != nil {
		if i.Evaluation {
			return i.Prod.Name + " (Evaluation)"
		}
		return i.Prod.Name
	}
	return i.Text
}

// ImageOf returns an image of product p.
func ImageOf(p *Product) Image { return Image{Prod: p, Text: p.String()} }

// KeyType is the kind of volume key.
type KeyType string

// The key types of the VLSC export; only MAKs carry activation capacity.
const (
	KeyMAK   KeyType = "MAK"
	KeyKMS   KeyType = "KMS"
	KeyVL    KeyType = "VL Key"
	KeyESU   KeyType = "ESU" // Extended Security Updates: activates updates, not a reimage
	KeyOther KeyType = "Other"
)

// KeyProduct is a product a key export names for a key, as it names it,
// with the catalogue products that name covers (docs/rules.md: a key covers
// exactly the products its export names, widened by capacity.key_covers).
type KeyProduct struct {
	Name   string     // as the export writes it: "Windows Srv 2019 DataCtr/Std"
	Covers []*Product // nil when the name is not in the catalogue
	// VLSC: the name is Volume Licensing Service Center's (an export with a
	// License ID), the one Microsoft finds the key by.
	VLSC bool
}

// NewKeyProduct reads a product name as a key export writes it: the
// catalogue products it covers, as Commercial Licensing media hold them
// (a key's "Office Professional Plus 2021" is the LTSC suite). A name that is
// not in the catalogue gives a KeyProduct that covers nothing, and the error.
func NewKeyProduct(name string) (KeyProduct, error) {
	kp := KeyProduct{Name: strings.TrimSpace(name)}
	ps, err := LookupProducts(name)
	if err != nil {
		return kp, err
	}
	for _, p := range ps {
		kp.Covers = appendProduct(kp.Covers, p.VolumeForm())
	}
	return kp, nil
}

// Widen adds the products of more names to what kp covers
// (capacity.key_covers); the names must be in the catalogue.
func (kp *KeyProduct) Widen(names []string) error {
	for _, n := range names {
		more, err := NewKeyProduct(n)
		if err != nil {
			return err
		}
		for _, p := range more.Covers {
			kp.Covers = appendProduct(kp.Covers, p)
		}
	}
	return nil
}

// Key is one product key from the exports, merged over every row and file
// that names it.
type Key struct {
	Key          ProductKey
	Type         KeyType
	Products     []KeyProduct
	Agreements   []string // Parent Program and License ID
	LicenseIDs   []string // VLSC's License ID (the authorization number), when an export gives it
	Organization string
	Limit        *int // nil when the export gives only a remaining count
	Used         *int
	Remaining    int
	AsOf         Date       // the snapshot date of the counts
	DatedBy      DateSource // where AsOf comes from
	// Earlier are the key's counts in older exports read in the same run,
	// oldest first: evidence of what was used between them (docs/history.md).
	Earlier    []Counts
	Sources    []problem.Source
	countsFrom int // index in Sources of the record whose counts the key has
}

// Counts returns the key's counts on its snapshot date.
func (k *Key) Counts() Counts {
	return Counts{AsOf: k.AsOf, Limit: k.Limit, Used: k.Used, Remaining: k.Remaining}
}

// Counts are a key's activation counts as one export showed them on a day.
type Counts struct {
	AsOf        Date // the export's snapshot date
	Limit, Used *int // nil when the export does not give them
	Remaining   int
}

// UsedCount is what the counts say was used: the used count, or the limit
// less the remaining; ok is false when the export gives neither.
func (c Counts) UsedCount() (int, bool) {
	switch {
	case c.Used != nil:
		return *c.Used, true
	case c.Limit != nil:
		return *c.Limit - c.Remaining, true
	}
	return 0, false
}

// Same reports whether two counts say the same (their dates aside).
func (c Counts) Same(o Counts) bool {
	eq := func(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
	return c.Remaining == o.Remaining && eq(c.Limit, o.Limit) && eq(c.Used, o.Used)
}

// String says the counts: "356/550 used (194 remaining)", "30 remaining".
func (c Counts) String() string {
	switch {
	case c.Limit != nil && c.Used != nil:
		return fmt.Sprintf("%d/%d used (%d remaining)", *c.Used, *c.Limit, c.Remaining)
	case c.Limit != nil:
		return fmt.Sprintf("limit %d, %d remaining", *c.Limit, c.Remaining)
	}
	return fmt.Sprintf("%d remaining", c.Remaining)
}

// Contradicts reports whether counts of one key on two days cannot both be
// true: the earlier's used count is above the later's (activations are
// never given back).
func Contradicts(a, b Counts) bool {
	if b.AsOf.Before(a.AsOf) {
		a, b = b, a
	}
	ua, okA := a.UsedCount()
	ub, okB := b.UsedCount()
	return okA && okB && a.AsOf.Before(b.AsOf) && ua > ub
}

// DateSource says where a key export's snapshot date comes from, in the
// order they are tried (docs/history.md, "Dating an export").
type DateSource uint8

// The sources of a snapshot date.
const (
	DatedUnknown   DateSource = iota
	DatedInFile               // the export states it (VAMT's LastUpdate)
	DatedByConfig             // inputs.key_dates
	DatedByName               // a date in the file's name
	DatedByModTime            // the file's modification time
	DatedByAsOf               // the day judged: the file was modified after it
)

// String says the source in words: "its LastUpdate", "inputs.key_dates",
// "its name", "its modification time", "the day judged".
func (s DateSource) String() string {
	return [...]string{"unknown", "the dates in it (LastUpdate)", "inputs.key_dates", "its name", "its modification time",
		"the day judged (it was modified after that day)"}[s]
}

// Code names the source in the JSON: file, key_dates, file_name, modified,
// as_of.
func (s DateSource) Code() string {
	return [...]string{"", "file", "key_dates", "file_name", "modified", "as_of"}[s]
}

// MarshalText writes the source's code.
func (s DateSource) MarshalText() ([]byte, error) { return []byte(s.Code()), nil }

// ESUYears returns the Windows 10 ESU years the key activates (none for
// any other key).
func (k *Key) ESUYears() ESUSet {
	var set ESUSet
	for _, kp := range k.Products {
		for _, p := range kp.Covers {
			if n := ESUYearOf(p); n > 0 {
				set = set.With(n)
			}
		}
	}
	return set
}

// IsMAK reports whether k is a Multiple Activation Key: an OS or Office
// MAK, or a Windows 10 ESU MAK (which activates updates, not an image).
func (k *Key) IsMAK() bool { return k.Type == KeyMAK || k.Type == KeyESU }

// CanServe reports whether k is a MAK that may activate d's target: k is a
// MAK, it belongs to d's agreement (a key or device without one matches any),
// one of its products covers the target, and d's Key column, if any, names it.
func (k *Key) CanServe(d *Device) bool {
	if k.Type != KeyMAK {
		return false
	}
	if !d.Key.IsZero() && !d.Key.Matches(k.Key) {
		return false
	}
	if d.Agreement != "" && len(k.Agreements) > 0 && !contains(k.Agreements, d.Agreement) {
		return false
	}
	return k.Covers(d.Target.Prod)
}

// Covers reports whether one of the key's products covers p.
func (k *Key) Covers(p *Product) bool {
	if p == nil {
		return false
	}
	for _, kp := range k.Products {
		for _, q := range kp.Covers {
			if q == p {
				return true
			}
		}
	}
	return false
}

// AllProductNames returns every product name the key's exports give it.
func (k *Key) AllProductNames() []string {
	out := make([]string, 0, len(k.Products))
	for _, p := range k.Products {
		out = appendUnique(out, p.Name)
	}
	return out
}

// ProductNames names the key's products for people, as the better-named
// export gives them: VLSC's names (by which Microsoft finds the key) when
// an export from VLSC or the admin center named the key; else the names in
// the catalogue; else whatever the exports wrote. A VAMT description that
// is not in the catalogue ("Win 10 RTM Enterprise Volume:MAK") never shows
// when a catalogue name exists.
func (k *Key) ProductNames() []string {
	var vlsc, known []string
	for _, p := range k.Products {
		if p.VLSC {
			vlsc = appendUnique(vlsc, p.Name)
		}
		if p.Covers != nil {
			known = appendUnique(known, p.Name)
		}
	}
	switch {
	case len(vlsc) > 0:
		return vlsc
	case len(known) > 0:
		return known
	}
	return k.AllProductNames()
}
