package planner

import (
	"strings"
	"time"
)

// Arch is a processor architecture of an image.
type Arch string

// The architectures a plan may name (docs/plan-columns.md).
const (
	ArchX86   Arch = "x86"
	ArchX64   Arch = "x64"
	ArchARM64 Arch = "arm64"
)

// MUI is the language value of a multilingual image (MUI language packs).
const MUI = "MUI"

// Channel is how a license was acquired: the three columns of the brief's
// table plus None.
type Channel string

// The license channels.
const (
	ChannelOEM    Channel = "OEM"
	ChannelRetail Channel = "Retail"
	ChannelVolume Channel = "Volume"
	ChannelNone   Channel = "None"
)

// Media is where the image that will be put on the device comes from.
type Media string

// The media sources.
const (
	MediaVolume Media = "Volume"
	MediaOEM    Media = "OEM"
	MediaRetail Media = "Retail"
)

// Activation is how the new image will be activated.
type Activation string

// The activation methods; only MAK consumes MAK activations.
const (
	ActivationMAK  Activation = "MAK"
	ActivationKMS  Activation = "KMS"
	ActivationADBA Activation = "AD"
	ActivationNone Activation = "None"
)

// Date is a calendar day: a civil date, without a time of day or a zone,
// held in four bytes (the number of days since 1 January of year 1, plus
// one, so that the zero value is "no date"). It writes itself as
// YYYY-MM-DD in text and in JSON.
type Date struct{ n int32 }

// unixDay0 is the day number of 1970-01-01.
const unixDay0 = 719162 + 1

// NewDate returns the Date of a calendar day; out-of-range days and months
// are normalised as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar day of t, in t's location.
func DateOf(t time.Time) Date {
	u := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix()
	return Date{int32(u/86400 + unixDay0)}
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d.n == 0 }

// Time returns midnight UTC of d (the zero time for no date).
func (d Date) Time() time.Time {
	if d.n == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d.n-unixDay0)*86400, 0).UTC()
}

// Year, Month and Day are d's parts.
func (d Date) Year() int { return d.Time().Year() }

func (d Date) Month() time.Month { return d.Time().Month() }

func (d Date) Day() int { return d.Time().Day() }

func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Before, After and Equal compare days; no date is before every date.
func (d Date) Before(e Date) bool { return d.n < e.n }

func (d Date) After(e Date) bool { return d.n > e.n }

func (d Date) Equal(e Date) bool { return d.n == e.n }

// Compare returns -1, 0 or +1 as d is before, on or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// AddDays returns the day n days after d (before, for a negative n).
func (d Date) AddDays(n int) Date { return Date{d.n + int32(n)} }

// DaysSince returns the number of days from e to d.
func (d Date) DaysSince(e Date) int { return int(d.n - e.n) }

// Format formats midnight UTC of d with a time layout.
func (d Date) Format(layout string) string { return d.Time().Format(layout) }

// String returns the ISO form, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// MarshalText returns the ISO form.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the ISO form; "" is no date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	t, err := time.Parse("2006-01-02", string(b))
	if err != nil {
		return err
	}
	*d = DateOf(t)
	return nil
}

var manufacturers = []struct{ canonical, prefix string }{
	{"HP", "hewlett packard"}, {"HP", "hewlettpackard"}, {"HP", "hp"}, {"Dell", "dell"}, {"Lenovo", "lenovo"},
	{"Microsoft", "microsoft"}, {"Acer", "acer"}, {"ASUS", "asus"}, {"Fujitsu", "fujitsu"},
	{"Dynabook", "toshiba"}, {"Dynabook", "dynabook"}, {"Panasonic", "panasonic"}, {"Samsung", "samsung"},
	{"Apple", "apple"}, {"Getac", "getac"}, {"MSI", "micro-star"}, {"MSI", "msi"}, {"VMware", "vmware"},
}

// NormalizeManufacturer maps the names inventories report (Dell Inc.,
// Hewlett-Packard, HP Inc., LENOVO) to one spelling so that they match
// loosely. Unknown names are trimmed and kept.
func NormalizeManufacturer(s string) string {
	if canonicalManufacturers[s] {
		return s // already normalised: the judge compares normalised names a million times
	}
	t := strings.ToLower(strings.Join(strings.Fields(manufacturerPunct.Replace(s)), " "))
	if t == "" {
		return ""
	}
	for _, m := range manufacturers {
		if t == m.prefix || strings.HasPrefix(t, m.prefix+" ") || strings.HasPrefix(strings.ReplaceAll(t, " ", ""), m.prefix) && len(m.prefix) > 3 {
			return m.canonical
		}
	}
	return strings.TrimSpace(s)
}

var manufacturerPunct = strings.NewReplacer("-", " ", ",", " ", ".", " ")

// canonicalManufacturers are the names NormalizeManufacturer returns.
var canonicalManufacturers = func() map[string]bool {
	m := map[string]bool{}
	for _, x := range manufacturers {
		m[x.canonical] = true
	}
	return m
}()

// SameManufacturer reports whether two manufacturer names denote the same OEM.
func SameManufacturer(a, b string) bool {
	return strings.EqualFold(a, b) || strings.EqualFold(NormalizeManufacturer(a), NormalizeManufacturer(b))
}

// OpenEnded is the end date of an SA per User subscription whose end the plan
// does not give ("User SA Until" = Yes).
var OpenEnded = NewDate(9999, 12, 31)
